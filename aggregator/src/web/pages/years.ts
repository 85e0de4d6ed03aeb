// Reporting years (city coordinators): open a year with its deadline, close it, lock it, open it again.
import { get, post } from '../api';
import { h, notice } from '../dom';
import type { Year } from '../types';
import { YEAR_STATUS_LABELS } from '../../contract/registry';
import { CURRENT_CATALOGUE_VERSION } from '../../../../templates/src/core/catalogue';
import { submissionDeadline } from '../../../../templates/src/core/contract';


export async function yearsCard(reload: () => void): Promise<HTMLElement> {
  const { years } = await get<{ years: Year[] }>('/api/years');
  const message = h('div', { id: 'years-message' });
  const setStatus = (y: Year, status: string, deadline?: string) => {
    post(`/api/years/${y.year}/status`, deadline ? { status, deadline } : { status })
      .then(reload)
      .catch((e: Error) => message.replaceChildren(notice('error', e.message)));
  };
  const changeDeadline = (y: Year) => {
    const value = prompt(`${y.year} 年度新的报送截止日（格式 2025-03-01）：`, y.deadline);
    if (!value) return;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return void message.replaceChildren(notice('error', '截止日格式应为 2025-03-01。'));
    setStatus(y, 'open', value.trim());
  };
  const next = Math.max(new Date().getFullYear() - 1, ...years.map((y) => y.year + 1));
  const year = h('input', { type: 'number', id: 'open-year', value: next, min: 2000, max: 2100, size: 6 });
  const deadline = h('input', { type: 'date', id: 'open-deadline', value: submissionDeadline(next) });
  year.addEventListener('change', () => (deadline.value = submissionDeadline(Number(year.value))));
  const open = h('button', { type: 'button', class: 'primary' }, '开放该年度');
  open.addEventListener('click', () => {
    post('/api/years', { year: Number(year.value), catalogueVersion: CURRENT_CATALOGUE_VERSION, deadline: deadline.value })
      .then(reload)
      .catch((e: Error) => message.replaceChildren(notice('error', e.message)));
  });
  const sorted = [...years].sort((a, b) => b.year - a.year);
  return h('section', { class: 'card', id: 'years' },
    h('h3', {}, '报告年度'),
    h('p', { class: 'muted' }, '关闭后单位不能再报送；锁定后汇总数字定稿，任何人都不能再改（可再次开放）。变更会记入审计日志。'),
    h('table', { class: 'data' },
      h('thead', {}, h('tr', {}, ['年度', '指标目录', '报送截止', '状态', '操作'].map((t) => h('th', {}, t)))),
      h('tbody', {}, sorted.map((y) => h('tr', { 'data-year': y.year },
        h('td', {}, `${y.year} 年度`), h('td', {}, y.catalogueVersion), h('td', {}, y.deadline),
        h('td', {}, h('span', { class: `badge ${y.status === 'open' ? 'accepted' : 'pending'}` }, YEAR_STATUS_LABELS[y.status] ?? y.status)),
        h('td', { class: 'row-actions' },
          (['open', 'closed', 'locked'] as const).filter((s) => s !== y.status).map((s) =>
            h('button', { type: 'button', class: 'link', onclick: () => setStatus(y, s) }, s === 'open' ? '重新开放' : s === 'closed' ? '关闭' : '锁定')),
          y.status === 'open' ? h('button', { type: 'button', class: 'link', onclick: () => changeDeadline(y) }, '修改截止日') : null))))),
    h('div', { class: 'actions' }, h('label', {}, '新年度 ', year), h('label', {}, '报送截止 ', deadline), open),
    message);
}
