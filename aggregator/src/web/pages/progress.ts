// Completeness board: per district and for 市级部门, how many units are expected, have submitted,
// were accepted or returned, excused, on time or late, and who is missing; each district's sign-off
// to the city with its buttons (区级上报 for the district, 确认 / 退回 for the city, each behind a
// confirmation dialog); the deadline countdown; the missing list export.
import { ApiError, get, post, query } from '../api';
import { fill, h, notice } from '../dom';
import { confirmDialog } from '../modal';
import { shortUnitName } from '../labels';
import { role, state } from '../state';
import type { Progress, ProgressRow } from '../types';
import { STANDING_LABELS as L } from '../../contract/completeness';

export async function renderProgress(main: HTMLElement): Promise<void> {
  const year = state.year;
  const progress = await get<Progress>(`/api/progress${query({ year })}`);
  const rows = [...progress.districts, ...(progress.cityDepartments ? [progress.cityDepartments] : [])];
  const total = sum(rows);

  const rerender = () => void renderProgress(main);
  const message = h('div', { id: 'signoff-message' });
  fill(main,
    h('div', { class: 'page-head' },
      h('h2', {}, `${year} 年度填报进度`),
      h('div', { class: 'head-actions' },
        h('a', { class: 'button secondary', id: 'missing-export', href: `/api/progress/missing.csv${query({ year })}`, download: '' }, '导出未报送名单（CSV）'),
        h('a', { class: 'button secondary', id: 'reminders-export', href: `/api/progress/reminders.xlsx${query({ year })}`, download: '' }, '导出催报清单（Excel）'))),
    countdown(progress.deadline),
    h('div', { class: 'stats' },
      stat('应报单位', total.expected), stat('已报送', total.submitted), stat(L.accepted, total.accepted, 'ok'),
      stat(L.pending, total.pending), stat(L.returned, total.returned, 'warn'), stat(L.missing, total.missing, 'bad'),
      stat('按时报送', progress.onTime, 'ok'), stat('逾期报送', progress.late, progress.late ? 'warn' : '')),
    message,
    h('div', { class: 'table-scroll' },
      h('table', { class: 'data progress-table', id: 'progress-table' },
        h('thead', {}, h('tr', {}, h('th', {}, '区 / 部门'), ['应报', '已报送', L.accepted, L.pending, L.returned, '免报', L.missing, '按时', '逾期'].map((t) => h('th', { class: 'num' }, t)), h('th', {}, '完成度'), h('th', {}, '区级上报'), h('th', {}, `${L.missing} / 逾期单位`))),
        h('tbody', {}, rows.map((r) => row(r, year, message, rerender))),
        h('tfoot', {}, h('tr', {}, h('th', {}, '合计'), [total.expected, total.submitted, total.accepted, total.pending, total.returned, total.excused, total.missing, progress.onTime, progress.late].map((n) => h('td', { class: 'num' }, n)), h('td', { class: 'meter-cell' }, bar(total)), h('td', {}), h('td', {}))))),
  );
}

/** The district's sign-off state and the buttons the signed-in role may press on it. */
function signoffCell(r: ProgressRow, year: number, message: HTMLElement, rerender: () => void): HTMLElement {
  if (!r.signoff) return h('td', { class: 'signoff muted' }, '市级直接审核');
  const s = r.signoff;
  const act = async (action: 'signoff' | 'confirm' | 'return', ask: Parameters<typeof confirmDialog>[0]) => {
    const reason = await confirmDialog(ask);
    if (reason === null) return;
    try {
      await post(`/api/districts/${encodeURIComponent(r.code)}/${action}`, action === 'return' ? { year, reason } : { year });
      rerender();
    } catch (error) {
      fill(message, notice('error', error instanceof ApiError ? error.message : String(error)));
    }
  };
  const buttons: HTMLElement[] = [];
  const who = role();
  if ((who === 'district_admin' || who === 'city_admin') && (s.state === 'none' || s.state === 'returned')) {
    buttons.push(h('button', { type: 'button', class: 'signoff-submit', onclick: () => void act('signoff', {
      title: `${r.name}：区级审核完成，上报市级`,
      message: `上报后由市级确认或退回。须该区每个应报单位均已审核通过或免报（当前：应报 ${r.expected}，已通过 ${r.accepted}，免报 ${r.excused}）。`,
      confirmLabel: '确认上报市级',
    }) }, '上报市级'));
  }
  if (who === 'city_admin' && s.state === 'submitted') {
    buttons.push(
      h('button', { type: 'button', class: 'signoff-confirm', onclick: () => void act('confirm', {
        title: `确认${r.name}的上报`,
        message: '确认后该区各单位的报表锁定，不能再审核、免报或上传；如需更正须由市级重新开放单位。',
        confirmLabel: '确认',
      }) }, '确认'),
      h('button', { type: 'button', class: 'secondary signoff-return', onclick: () => void act('return', {
        title: `退回${r.name}的上报`,
        message: '退回后区级管理员将看到理由，处理后可再次上报。',
        confirmLabel: '退回',
        danger: true,
        reason: { label: '退回理由', placeholder: '例如：司法局行政复议数据与上年差异过大，请核实。' },
      }) }, '退回'),
    );
  }
  return h('td', { class: 'signoff', 'data-state': s.state },
    h('span', { class: `tag ${s.state}` }, s.label), ...buttons,
    s.state === 'returned' && s.reason ? h('span', { class: 'reason' }, `退回理由：${s.reason}`) : null);
}

function row(r: ProgressRow, year: number, message: HTMLElement, rerender: () => void): HTMLElement {
  const link = `#/submissions?year=${year}&district=${encodeURIComponent(r.code)}`;
  return h('tr', { 'data-code': r.code },
    // Leaders read figures, not submissions: their board has no links into the list.
    h('th', { scope: 'row' }, role() === 'leader' ? r.name : h('a', { href: link }, r.name)),
    h('td', { class: 'num' }, r.expected), h('td', { class: 'num' }, r.submitted), h('td', { class: 'num ok' }, r.accepted),
    h('td', { class: 'num' }, r.pending), h('td', { class: `num ${r.returned ? 'warn' : ''}` }, r.returned),
    h('td', { class: 'num', title: r.excusedUnits.map((u) => `${u.name}：${u.reason}`).join('\n') }, r.excused),
    h('td', { class: `num ${r.missing ? 'bad' : ''}` }, r.missing),
    h('td', { class: 'num ok' }, r.onTime),
    h('td', { class: `num ${r.late ? 'warn' : ''}` }, r.late),
    h('td', { class: 'meter-cell' }, bar(r)),
    signoffCell(r, year, message, rerender),
    h('td', { class: 'missing-units', title: r.missingUnits.map((u) => u.name).join('、') },
      r.missingUnits.length ? r.missingUnits.map((u) => shortUnitName(u.name, r.name)).join('、') : h('span', { class: 'muted' }, '无'),
      r.lateUnits.length ? h('span', { class: 'late-units' }, h('br', {}), `逾期：${r.lateUnits.map((u) => `${shortUnitName(u.name, r.name)}（${u.daysLate} 天）`).join('、')}`) : null));
}

function bar(r: Pick<ProgressRow, 'expected' | 'submitted' | 'accepted'>): HTMLElement {
  const pct = (n: number) => (r.expected ? Math.round((n / r.expected) * 100) : 0);
  const accepted = h('span', { class: 'seg accepted' });
  const other = h('span', { class: 'seg submitted' });
  accepted.style.width = `${pct(r.accepted)}%`;
  other.style.width = `${Math.max(0, pct(r.submitted) - pct(r.accepted))}%`;
  return h('div', { class: 'meter', title: `已报送 ${pct(r.submitted)}%，已通过 ${pct(r.accepted)}%` }, accepted, other, h('span', { class: 'meter-text' }, `${pct(r.submitted)}%`));
}

function stat(label: string, value: number, tone = ''): HTMLElement {
  return h('div', { class: `stat ${tone}` }, h('span', { class: 'stat-value' }, value), h('span', { class: 'stat-label' }, label));
}

function countdown(deadline: string | null): HTMLElement | null {
  if (!deadline) return null;
  const end = new Date(`${deadline}T23:59:59+08:00`).getTime();
  const days = Math.ceil((end - Date.now()) / 86_400_000);
  if (days > 0) return notice(days <= 7 ? 'warn' : 'info', h('span', { id: 'countdown' }, `距报送截止（${deadline}）还有 `, h('strong', {}, days), ' 天。'));
  return notice('warn', h('span', { id: 'countdown' }, `报送截止日（${deadline}）已过 ${-days + 1} 天；未报送单位须由管理员重新开放后才能补报。`));
}

function sum(rows: ProgressRow[]) {
  const total = { expected: 0, submitted: 0, accepted: 0, returned: 0, pending: 0, missing: 0, excused: 0 };
  for (const r of rows) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
  return total;
}
