// The audit log (city coordinators): who did what, when, to which unit; filterable by time, person,
// unit and kind of action; exportable as CSV. Read-only: the server has no route to change it.
import { AUDIT_ACTION_LABELS } from '../../contract/audit';
import type { AuditEntry as StoredEntry } from '../../contract/audit';
import { get, query } from '../api';
import { fill, formatTime, h, notice } from '../dom';
import { ROLE_NAMES } from '../labels';
import type { Role } from '../types';

/** GET /api/audit: the stored entry with the server's Chinese name of its action. */
type AuditEntry = StoredEntry & { actionLabel: string };

/**
 * The action filter: a kind of action is a prefix ending in a dot (the server matches it as such),
 * a single action is its server name. audit.test.ts checks every action the server writes is reachable.
 */
export const AUDIT_KINDS: [string, string][] = [
  ['', '全部操作'],
  ['login.', '登录'],
  ['logout', AUDIT_ACTION_LABELS.logout],
  ['upload.', '上传'],
  ['review.', '审核'],
  ['unit.reopen', AUDIT_ACTION_LABELS['unit.reopen']],
  ['unit.excuse', AUDIT_ACTION_LABELS['unit.excuse']],
  ['district.', '区级上报与确认'],
  ['year.', '年度'],
  ['user.', '账户'],
  ['token.', '令牌'],
  ['registry.', '单位名录'],
  ['rollup.download', AUDIT_ACTION_LABELS['rollup.download']],
  ['draft.download', AUDIT_ACTION_LABELS['draft.download']],
  ['baseline.confirm', AUDIT_ACTION_LABELS['baseline.confirm']],
];

const SHOWN = 500;

export async function renderAudit(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const filter = { from: params.get('from') ?? '', to: params.get('to') ?? '', actor: params.get('actor') ?? '', unit: params.get('unit') ?? '', action: params.get('action') ?? '' };
  const { entries } = await get<{ entries: AuditEntry[] }>(`/api/audit${query(filter)}`);
  const from = h('input', { type: 'date', id: 'audit-from', value: filter.from });
  const to = h('input', { type: 'date', id: 'audit-to', value: filter.to });
  const actor = h('input', { id: 'audit-actor', value: filter.actor, placeholder: '用户名', size: 12 });
  const unit = h('input', { id: 'audit-unit', value: filter.unit, placeholder: '单位代码', size: 12 });
  const action = h('select', { id: 'audit-action' }, AUDIT_KINDS.map(([v, t]) => h('option', { value: v, selected: v === filter.action }, t)));
  const form = h('form', { class: 'filters', id: 'audit-filter' },
    h('label', {}, '从 ', from), h('label', {}, '到 ', to), actor, unit, action,
    h('button', { type: 'submit', class: 'secondary' }, '筛选'),
    h('a', { class: 'button secondary', id: 'audit-csv', href: `/api/audit${query({ ...filter, format: 'csv' })}`, download: '' }, '导出 CSV'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/audit${query({ from: from.value, to: to.value, actor: actor.value.trim(), unit: unit.value.trim(), action: action.value })}`;
  });
  // Newest first on screen; the export keeps the full list in time order.
  const newest = [...entries].reverse().slice(0, SHOWN);
  fill(main,
    h('div', { class: 'page-head' }, h('h2', {}, '审计日志')),
    h('p', { class: 'lead' }, '记录每次登录、上传、审核、锁定与重新开放、账户变更和汇总下载。日志只能查看和导出，任何人都不能修改或删除。'),
    h('section', { class: 'card' }, form),
    entries.length > SHOWN ? notice('info', `共 ${entries.length} 条，页面显示最近 ${SHOWN} 条；全部记录请导出 CSV。`) : null,
    h('table', { class: 'data', id: 'audit-table' },
      h('thead', {}, h('tr', {}, ['时间', '操作人', '角色', '操作', '单位', '年度', '详情'].map((t) => h('th', {}, t)))),
      h('tbody', {}, newest.length
        ? newest.map((e) => h('tr', { 'data-action': e.action },
            h('td', { class: 'nowrap' }, formatTime(e.at)), h('td', {}, e.actor), h('td', {}, ROLE_NAMES[e.actorRole as Role] ?? e.actorRole),
            h('td', {}, e.actionLabel), h('td', {}, e.unitCode ?? ''), h('td', {}, e.year ?? ''),
            h('td', { class: 'detail small' }, describe(e.detail))))
        : h('tr', {}, h('td', { colspan: 7, class: 'empty' }, '没有符合条件的记录。')))),
  );
}

/** Chinese names for the detail fields the server writes; others are shown as they are. */
const DETAIL_NAMES: Record<string, string> = {
  submissionId: '报送编号', version: '版本', reason: '原因', file: '文件', fileName: '文件', status: '状态', username: '用户名',
  role: '角色', name: '名称', ip: '地址', level: '范围', code: '代码', format: '格式', dryRun: '试运行', errors: '错误',
  reopeningId: '开放编号', tokenId: '令牌编号', userId: '账户编号', deadline: '截止日期', changes: '变更',
  declaredBytes: '请求大小', capBytes: '上限',
};

function describe(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${DETAIL_NAMES[k] ?? k}：${detailValue(k, v)}`)
    .join('；');
}

function detailValue(key: string, value: unknown): string {
  if (key.endsWith('Bytes') && typeof value === 'number') return `${(value / 1024 / 1024).toFixed(1)} MB`;
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return value.join('、');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
