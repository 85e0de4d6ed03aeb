// The audit log (city coordinators): who did what, when, to which unit; filterable by time, person,
// unit and kind of action; exportable as CSV. Read-only: the server has no route to change it.
import { AUDIT_ACTION_LABELS } from '../../contract/audit';
import { AUDIT_DEFAULT_PAGE_SIZE, AUDIT_PAGE_SIZES, type AuditPage } from '../../contract/audit-view';
import { get, query } from '../api';
import { fill, h } from '../dom';

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

export async function renderAudit(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const filter = { from: params.get('from') ?? '', to: params.get('to') ?? '', actor: params.get('actor') ?? '', unit: params.get('unit') ?? '', action: params.get('action') ?? '' };
  const size = Number(params.get('pageSize'));
  const pageSize = (AUDIT_PAGE_SIZES as readonly number[]).includes(size) ? size : AUDIT_DEFAULT_PAGE_SIZE;
  const requested = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  // Filtered, counted and paged on the server, newest first.
  const answer = await get<AuditPage>(`/api/audit${query({ ...filter, page: requested, pageSize })}`);
  const from = h('input', { type: 'date', id: 'audit-from', value: filter.from });
  const to = h('input', { type: 'date', id: 'audit-to', value: filter.to });
  const actor = h('input', { id: 'audit-actor', value: filter.actor, placeholder: '用户名', size: 12 });
  const unit = h('input', { id: 'audit-unit', value: filter.unit, placeholder: '单位代码', size: 12 });
  const action = h('select', { id: 'audit-action' }, AUDIT_KINDS.map(([v, t]) => h('option', { value: v, selected: v === filter.action }, t)));
  const sizes = h('select', { id: 'audit-page-size', 'aria-label': '每页条数' }, AUDIT_PAGE_SIZES.map((n) => h('option', { value: n, selected: n === pageSize }, `每页 ${n} 条`)));
  const go = (page: number, changed = { from: from.value, to: to.value, actor: actor.value.trim(), unit: unit.value.trim(), action: action.value }) => {
    location.hash = `#/audit${query({ ...changed, page: page > 1 ? page : undefined, pageSize: Number(sizes.value) === AUDIT_DEFAULT_PAGE_SIZE ? undefined : sizes.value })}`;
  };
  const form = h('form', { class: 'filters', id: 'audit-filter' },
    h('label', {}, '从 ', from), h('label', {}, '到 ', to), actor, unit, action, sizes,
    h('button', { type: 'submit', class: 'secondary' }, '筛选'),
    h('a', { class: 'button secondary', id: 'audit-csv', href: `/api/audit${query({ ...filter, format: 'csv' })}`, download: '' }, '导出 CSV'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go(1);
  });
  sizes.addEventListener('change', () => go(1, filter));
  const { entries, page, pages, total } = answer;
  const pager = h('div', { class: 'pager', id: 'audit-pager' },
    h('button', { type: 'button', class: 'secondary', id: 'audit-prev', disabled: page <= 1, onclick: () => go(page - 1, filter) }, '上一页'),
    h('span', { id: 'audit-position' }, total ? `共 ${total} 条，第 ${page} / ${pages} 页` : '共 0 条'),
    h('button', { type: 'button', class: 'secondary', id: 'audit-next', disabled: page >= pages, onclick: () => go(page + 1, filter) }, '下一页'));
  fill(main,
    h('div', { class: 'page-head' }, h('h2', {}, '审计日志')),
    h('p', { class: 'lead' }, '记录每次登录、上传、审核、锁定与重新开放、账户变更和汇总下载，新的在前，时间为北京时间。日志只能查看和导出，任何人都不能修改或删除。'),
    h('section', { class: 'card' }, form),
    h('table', { class: 'data', id: 'audit-table' },
      h('thead', {}, h('tr', {}, ['时间', '操作人', '角色', '操作', '单位', '年度', '详情'].map((t) => h('th', {}, t)))),
      h('tbody', {}, entries.length
        ? entries.map((e) => h('tr', { 'data-action': e.action },
            h('td', { class: 'nowrap' }, e.atLocal.slice(0, 16)), h('td', {}, e.actorLabel), h('td', {}, e.actorRoleLabel),
            h('td', {}, e.actionLabel), h('td', {}, e.unitCode ?? ''), h('td', {}, e.year ?? ''),
            h('td', { class: 'detail small' }, e.description)))
        : h('tr', {}, h('td', { colspan: 7, class: 'empty' }, '没有符合条件的记录。')))),
    pager,
  );
}
