// Leader dashboard: the key indicators per district as charts (this year beside last year), the
// completeness each figure rests on, and the rollup downloads.
import { get, query } from '../api';
import { STANDING_LABELS } from '../../contract/completeness';
import { COLORS, draw } from '../charts';
import { formatNumber, fill, h, notice } from '../dom';
import { REVIEW_NAMES, shortUnitName } from '../labels';
import { loadRegistry, role, state } from '../state';
import type { Rollup, RollupGroup as Group, UnitResult as RollupUnit } from '../../contract/rollup';
import type { ReviewStatus } from '../types';

/** One bar: a district (city view) or a unit (district view). */
interface Bar {
  name: string;
  value: (code: string) => number | null;
  last: (code: string) => number | null;
  incomplete: (code: string) => boolean;
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
  // A district's view compares its units (their values come with units=1); the city's compares districts.
  const rollup = await get<Rollup & { computedAt?: string }>(`/api/rollups/${year}${query(district ? { level: 'district', code: district, units: 1 } : { level: 'city' })}`);
  const top = rollup.groups.find((g) => (district ? g.code === district : g.kind === 'city')) ?? rollup.groups[0];
  const groups = rollup.groups.filter((g) => g.kind !== 'city');
  const bars: Bar[] = district ? rollup.units.map(unitBar) : groups.map(groupBar);

  const grid = h('div', { class: 'chart-grid', id: 'charts' });
  fill(main, 
    h('div', { class: 'page-head' }, h('h2', {}, `${year} 年度${top ? top.name : ''}法治政府建设主要指标`), await downloads(year, district)),
    rollup.computedAt ? h('p', { class: 'muted small', id: 'data-as-of' }, `数据截至 ${asOf(rollup.computedAt)}`) : null,
    basis(top),
    h('p', { class: 'muted small' }, district
      ? '每根柱为本区一个单位的填报值；浅蓝柱或空缺表示该单位未报送或该项空白。比率由各单位的分子、分母计算。'
      : '深蓝柱为本年度，灰柱为上年度；浅蓝柱表示该区有单位未报送或空白，数字不完整。比率一律由合计的分子、分母重新计算。'),
    district ? null : h('section', { class: 'card' }, h('h3', {}, '各区报送与审核情况'), h('div', { class: 'chart wide', id: 'chart-completeness' })),
    grid,
  );
  if (!district) await draw(main.querySelector<HTMLElement>('#chart-completeness')!, completenessOption(groups));
  for (const code of KEY_INDICATORS) {
    const sample = top?.figures[code];
    if (!sample) continue;
    const el = h('div', { class: 'chart', 'data-indicator': code });
    const headline = typeof sample.value === 'number' ? `${formatNumber(sample.value)}${sample.unit === '%' ? '%' : ` ${sample.unit}`}` : '—';
    grid.append(h('section', { class: 'card chart-card' },
      h('div', { class: 'chart-head' }, h('h3', {}, sample.name_zh), h('span', { class: 'headline' }, headline)),
      sample.incomplete ? h('p', { class: 'small warn-text' }, `不完整：${sample.reason_zh ?? ''}`) : null,
      el));
    await draw(el, figureOption(bars, code, rollup, sample.unit));
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
    series: [...series, { name: STANDING_LABELS.missing, type: 'bar', stack: 'all', itemStyle: { color: COLORS.missing }, data: groups.map((g) => g.completeness.missing) }],
  };
}

function groupBar(g: Group): Bar {
  return {
    name: g.name,
    value: (code) => (typeof g.figures[code]?.value === 'number' ? (g.figures[code].value as number) : null),
    last: (code) => g.figures[code]?.last ?? null,
    incomplete: (code) => g.figures[code]?.incomplete ?? false,
  };
}

function unitBar(u: RollupUnit): Bar {
  const read = (code: string) => {
    const v = u.derived[code] !== undefined ? u.derived[code] : u.values[code];
    return typeof v === 'number' ? v : null;
  };
  return {
    // The district is in the heading already.
    name: shortUnitName(u.name, u.districtName),
    value: read,
    last: () => null,
    incomplete: (code) => !u.submission || read(code) === null,
  };
}

function figureOption(bars: Bar[], code: string, rollup: Rollup, unit: string) {
  const now = bars.map((b) => ({ value: b.value(code), itemStyle: { color: b.incomplete(code) ? COLORS.incomplete : COLORS.now } }));
  const pct = unit === '%';
  const showLast = rollup.lastYear !== null && bars.some((b) => b.last(code) !== null);
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null || v === undefined ? '无数据' : `${formatNumber(v)}${pct ? '%' : ''}`) },
    legend: { top: 0, data: [`${rollup.year}年`, ...(showLast ? [`${rollup.lastYear}年`] : [])] },
    grid: { left: 48, right: 12, top: 32, bottom: 56 },
    xAxis: { type: 'category', data: bars.map((b) => b.name), axisLabel: { interval: 0, rotate: bars.length > 6 ? 40 : 0, fontSize: 11 } },
    yAxis: { type: 'value', max: pct ? 100 : undefined, axisLabel: { formatter: pct ? '{value}%' : '{value}' } },
    series: [
      { name: `${rollup.year}年`, type: 'bar', data: now, barMaxWidth: 18, itemStyle: { color: COLORS.now } },
      ...(showLast ? [{ name: `${rollup.lastYear}年`, type: 'bar', data: bars.map((b) => b.last(code)), barMaxWidth: 18, itemStyle: { color: COLORS.last } }] : []),
    ],
  };
}

/** GET /api/reports/{year}/draft.docx: the annual report draft (issue 17). */
const draftHref = (year: number, level: 'district' | 'city', code?: string) => `/api/reports/${year}/draft.docx${query(code ? { level, code } : { level })}`;

async function downloads(year: number, district: string | null): Promise<HTMLElement> {
  const links: HTMLElement[] = [];
  if (!district) {
    links.push(h('a', { class: 'button primary', id: 'download-city', href: `/api/rollups/${year}/city.xlsx`, download: '' }, '下载全市汇总表（Excel）'));
    links.push(h('a', { class: 'button secondary', id: 'download-draft-city', href: draftHref(year, 'city'), download: '' }, '全市报告草稿（Word）'));
    const registry = await loadRegistry();
    const pick = h('select', { id: 'download-district', 'aria-label': '选择区' }, registry.districts.map((d) => h('option', { value: d.code }, d.name)));
    const go = h('a', { class: 'button secondary', id: 'download-district-link', download: '' }, '下载该区汇总表');
    const draft = h('a', { class: 'button secondary', id: 'download-draft-district', download: '' }, '该区报告草稿');
    const sync = () => {
      go.setAttribute('href', `/api/rollups/${year}/districts/${encodeURIComponent(pick.value)}.xlsx`);
      draft.setAttribute('href', draftHref(year, 'district', pick.value));
    };
    pick.addEventListener('change', sync);
    sync();
    links.push(h('span', { class: 'inline' }, pick, go, draft));
  } else {
    links.push(h('a', { class: 'button primary', id: 'download-district-link', href: `/api/rollups/${year}/districts/${encodeURIComponent(district)}.xlsx`, download: '' }, '下载本区汇总表（Excel）'));
    links.push(h('a', { class: 'button secondary', id: 'download-draft-district', href: draftHref(year, 'district', district), download: '' }, '本区报告草稿（Word）'));
  }
  links.push(h('a', { class: 'button secondary', id: 'download-csv', href: `/api/rollups/${year}/units.csv${query(district ? { level: 'district', code: district } : { level: 'city' })}`, download: '' }, '单位明细（CSV）'));
  return h('div', { class: 'head-actions downloads' }, links);
}

const SHANGHAI = 'Asia/Shanghai';
const dayIn = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: SHANGHAI, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

/** "HH:MM" in China time when computed today there, else "YYYY-MM-DD HH:MM". */
export function asOf(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = new Intl.DateTimeFormat('zh-CN', { timeZone: SHANGHAI, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return dayIn(at) === dayIn(now) ? time : `${dayIn(at)} ${time}`;
}
