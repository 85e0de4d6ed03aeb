// Leader dashboard: the key indicators per district as charts (this year beside last year), the
// completeness each figure rests on, and the rollup downloads.
import { get, query } from '../api';
import { COLORS, draw } from '../charts';
import { formatNumber, fill, h, notice } from '../dom';
import { REVIEW_NAMES } from '../labels';
import { loadRegistry, role, state } from '../state';
import type { ReviewStatus } from '../types';

interface Figure {
  code: string;
  name_zh: string;
  unit: string;
  aggregation: string;
  value: number | string | null;
  last: number | null;
  incomplete: boolean;
  reason_zh: string | null;
}

interface Group {
  code: string;
  name: string;
  kind: 'city' | 'district' | 'city_departments';
  completeness: { expected: number; submitted: number; missing: number; byStatus: Record<string, number> };
  figures: Record<string, Figure>;
}

interface Rollup {
  year: number;
  lastYear: number | null;
  groups: Group[];
}

/** What a leader looks at first: volume of rules and decisions, review, litigation, training. */
export const KEY_INDICATORS = [
  'reg.ns_issued',
  'reg.review_rate',
  'decision.procedure_rate',
  'litig.head_appearance_rate',
  'litig.loss_rate',
  'recon.correction_rate',
  'enf.training_rate',
  'learn.exam_pass_rate',
];

export async function renderDashboard(main: HTMLElement): Promise<void> {
  const year = state.year;
  const district = role() === 'leader' || role() === 'district_admin' ? state.user?.districtCode ?? null : null;
  const rollup = await get<Rollup>(`/api/rollups/${year}${query(district ? { level: 'district', code: district } : { level: 'city' })}`);
  const top = rollup.groups.find((g) => (district ? g.code === district : g.kind === 'city')) ?? rollup.groups[0];
  const bars = rollup.groups.filter((g) => (district ? g.code === district : g.kind !== 'city'));

  const grid = h('div', { class: 'chart-grid', id: 'charts' });
  fill(main, 
    h('div', { class: 'page-head' }, h('h2', {}, `${year} 年度${top ? top.name : ''}法治政府建设主要指标`), await downloads(year, district)),
    basis(top),
    h('p', { class: 'muted small' }, '深蓝柱为本年度，灰柱为上年度；浅蓝柱表示该区有单位未报送或空白，数字不完整。比率一律由合计的分子、分母重新计算。'),
    h('section', { class: 'card' }, h('h3', {}, '各区报送与审核情况'), h('div', { class: 'chart wide', id: 'chart-completeness' })),
    grid,
  );
  await draw(main.querySelector<HTMLElement>('#chart-completeness')!, completenessOption(bars));
  for (const code of KEY_INDICATORS) {
    const sample = top?.figures[code];
    if (!sample) continue;
    const el = h('div', { class: 'chart', 'data-indicator': code });
    const headline = typeof sample.value === 'number' ? `${formatNumber(sample.value)}${sample.unit === '%' ? '%' : ` ${sample.unit}`}` : '—';
    grid.append(h('section', { class: 'card chart-card' },
      h('div', { class: 'chart-head' }, h('h3', {}, sample.name_zh), h('span', { class: 'headline' }, headline)),
      sample.incomplete ? h('p', { class: 'small warn-text' }, `不完整：${sample.reason_zh ?? ''}`) : null,
      el));
    await draw(el, figureOption(bars, code, rollup));
  }
}

function basis(group: Group | undefined): HTMLElement | null {
  if (!group) return null;
  const c = group.completeness;
  const parts = Object.entries(c.byStatus).map(([k, n]) => `${REVIEW_NAMES[k as ReviewStatus] ?? k} ${n} 家`);
  return notice(c.missing ? 'warn' : 'info',
    `数字依据：应报 ${c.expected} 家，已报送 ${c.submitted} 家（${parts.join('、') || '无'}），未报送 ${c.missing} 家。`,
    c.byStatus.pending ? '含尚未审核的报送，数字可能随审核变化。' : '');
}

function completenessOption(groups: Group[]) {
  const names = groups.map((g) => g.name);
  const series = (['accepted', 'pending', 'returned'] as const).map((k) => ({
    name: REVIEW_NAMES[k], type: 'bar', stack: 'all', itemStyle: { color: COLORS[k] }, data: groups.map((g) => g.completeness.byStatus[k] ?? 0),
  }));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 60 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 8 ? 30 : 0 } },
    yAxis: { type: 'value', name: '单位数', minInterval: 1 },
    series: [...series, { name: '未报送', type: 'bar', stack: 'all', itemStyle: { color: COLORS.missing }, data: groups.map((g) => g.completeness.missing) }],
  };
}

function figureOption(groups: Group[], code: string, rollup: Rollup) {
  const figures = groups.map((g) => g.figures[code]);
  const now = figures.map((f) => ({
    value: typeof f?.value === 'number' ? f.value : null,
    itemStyle: { color: f?.incomplete ? COLORS.incomplete : COLORS.now },
  }));
  const pct = figures[0]?.unit === '%';
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null || v === undefined ? '无数据' : `${formatNumber(v)}${pct ? '%' : ''}`) },
    legend: { top: 0, data: [`${rollup.year}年`, ...(rollup.lastYear ? [`${rollup.lastYear}年`] : [])] },
    grid: { left: 48, right: 12, top: 32, bottom: 56 },
    xAxis: { type: 'category', data: groups.map((g) => g.name), axisLabel: { interval: 0, rotate: groups.length > 6 ? 40 : 0, fontSize: 11 } },
    yAxis: { type: 'value', max: pct ? 100 : undefined, axisLabel: { formatter: pct ? '{value}%' : '{value}' } },
    series: [
      { name: `${rollup.year}年`, type: 'bar', data: now, barMaxWidth: 18, itemStyle: { color: COLORS.now } },
      ...(rollup.lastYear ? [{ name: `${rollup.lastYear}年`, type: 'bar', data: figures.map((f) => f?.last ?? null), barMaxWidth: 18, itemStyle: { color: COLORS.last } }] : []),
    ],
  };
}

async function downloads(year: number, district: string | null): Promise<HTMLElement> {
  const links: HTMLElement[] = [];
  if (!district) {
    links.push(h('a', { class: 'button primary', id: 'download-city', href: `/api/rollups/${year}/city.xlsx`, download: '' }, '下载全市汇总表（Excel）'));
    const registry = await loadRegistry();
    const pick = h('select', { id: 'download-district', 'aria-label': '选择区' }, registry.districts.map((d) => h('option', { value: d.code }, d.name)));
    const go = h('a', { class: 'button secondary', id: 'download-district-link', download: '' }, '下载该区汇总表');
    const sync = () => go.setAttribute('href', `/api/rollups/${year}/districts/${encodeURIComponent(pick.value)}.xlsx`);
    pick.addEventListener('change', sync);
    sync();
    links.push(h('span', { class: 'inline' }, pick, go));
  } else {
    links.push(h('a', { class: 'button primary', id: 'download-district-link', href: `/api/rollups/${year}/districts/${encodeURIComponent(district)}.xlsx`, download: '' }, '下载本区汇总表（Excel）'));
  }
  links.push(h('a', { class: 'button secondary', id: 'download-csv', href: `/api/rollups/${year}/units.csv${query(district ? { level: 'district', code: district } : { level: 'city' })}`, download: '' }, '单位明细（CSV）'));
  return h('div', { class: 'head-actions downloads' }, links);
}
