// Completeness board: per district and for 市级部门, how many units are expected, have submitted,
// were accepted or returned, and who is missing; the deadline countdown; the missing list export.
import { get, query } from '../api';
import { fill, h, notice } from '../dom';
import { shortUnitName } from '../labels';
import { role, state } from '../state';
import type { Progress, ProgressRow } from '../types';

export async function renderProgress(main: HTMLElement): Promise<void> {
  const year = state.year;
  const progress = await get<Progress>(`/api/progress${query({ year })}`);
  const rows = [...progress.districts, ...(progress.cityDepartments ? [progress.cityDepartments] : [])];
  const total = sum(rows);

  fill(main, 
    h('div', { class: 'page-head' },
      h('h2', {}, `${year} 年度填报进度`),
      h('div', { class: 'head-actions' },
        h('a', { class: 'button secondary', id: 'missing-export', href: `/api/progress/missing.csv${query({ year })}`, download: '' }, '导出未报送名单（CSV）'))),
    countdown(progress.deadline),
    h('div', { class: 'stats' },
      stat('应报单位', total.expected), stat('已报送', total.submitted), stat('已通过', total.accepted, 'ok'),
      stat('待审核', total.pending), stat('已退回', total.returned, 'warn'), stat('未报送', total.missing, 'bad')),
    h('table', { class: 'data progress-table', id: 'progress-table' },
      h('thead', {}, h('tr', {}, h('th', {}, '区 / 部门'), ['应报', '已报送', '已通过', '待审核', '已退回', '未报送'].map((t) => h('th', { class: 'num' }, t)), h('th', {}, '完成度'), h('th', {}, '未报送单位'))),
      h('tbody', {}, rows.map((r) => row(r, year))),
      h('tfoot', {}, h('tr', {}, h('th', {}, '合计'), [total.expected, total.submitted, total.accepted, total.pending, total.returned, total.missing].map((n) => h('td', { class: 'num' }, n)), h('td', { class: 'meter-cell' }, bar(total)), h('td', {})))),
  );
}

function row(r: ProgressRow, year: number): HTMLElement {
  const link = `#/submissions?year=${year}&district=${encodeURIComponent(r.code)}`;
  return h('tr', { 'data-code': r.code },
    // Leaders read figures, not submissions: their board has no links into the list.
    h('th', { scope: 'row' }, role() === 'leader' ? r.name : h('a', { href: link }, r.name)),
    h('td', { class: 'num' }, r.expected), h('td', { class: 'num' }, r.submitted), h('td', { class: 'num ok' }, r.accepted),
    h('td', { class: 'num' }, r.pending), h('td', { class: `num ${r.returned ? 'warn' : ''}` }, r.returned),
    h('td', { class: `num ${r.missing ? 'bad' : ''}` }, r.missing),
    h('td', { class: 'meter-cell' }, bar(r)),
    h('td', { class: 'missing-units', title: r.missingUnits.map((u) => u.name).join('、') },
      r.missingUnits.length ? r.missingUnits.map((u) => shortUnitName(u.name, r.name)).join('、') : h('span', { class: 'muted' }, '无')));
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
  const total = { expected: 0, submitted: 0, accepted: 0, returned: 0, pending: 0, missing: 0 };
  for (const r of rows) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
  return total;
}
