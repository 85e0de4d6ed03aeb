// Values beside last year's, grouped by catalogue section, with 同比 and a flag where the server
// raised a YOY warning (its rule and its configured threshold: the page does not judge swings itself).
// Rates are the ones stored with each submission, as the server sends them; nothing is recomputed.
import { getCatalogue, currentCatalogue, type Catalogue, type Indicator } from '../../../templates/src/core/catalogue';
import { figureOf, type Figures } from '../../../templates/src/core/derive';
import { yoyChange } from '../../../templates/src/core/yoy';
import { formatNumber, h } from './dom';
import type { Problem, Value } from './types';

export function catalogueFor(version: string): Catalogue {
  return getCatalogue(version) ?? currentCatalogue();
}

export function showValue(v: Value | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number') return formatNumber(v);
  return v;
}

const num = (v: Value | undefined): number | null => (typeof v === 'number' ? v : null);

/** 同比 as a reader wants it: rates in percentage points, counts as the relative change (the core's yoyChange). */
export function yoyText(field: Pick<Indicator, 'type'>, now: Value | undefined, last: Value | undefined): string {
  const { abs, pct } = yoyChange(num(now), num(last));
  const signed = (n: number, digits: number) => `${n > 0 ? '+' : ''}${n.toFixed(digits)}`;
  if (field.type === 'percent') return abs === null ? '' : `${signed(abs, 1)} 个百分点`;
  return pct === null ? '' : `${signed(pct * 100, 1)}%`;
}

/** A submission's values and stored derived values, and last year's (null when the unit sent none). */
export function valuesTable(
  catalogueVersion: string,
  unitType: 'district_gov' | 'department',
  now: Figures,
  before: Figures | null,
  problems: Problem[],
): HTMLElement {
  const catalogue = catalogueFor(catalogueVersion);
  // The server's own words for each flagged swing (its threshold, the unit's 备注 if any).
  const yoyFlagged = new Map(problems.filter((p) => p.rule === 'YOY').flatMap((p) => p.codes.map((c) => [c, p.message] as const)));
  const body = h('tbody', {});
  for (const section of catalogue.sections) {
    const fields = catalogue.fields.filter((f) => f.section === section.code && catalogue.appliesTo(f, unitType) && f.type !== 'text');
    if (!fields.length || section.code === 'meta') continue;
    body.append(h('tr', { class: 'section' }, h('th', { colspan: 5 }, section.name_zh)));
    for (const f of fields) {
      const a = figureOf(now, f);
      const b = before ? figureOf(before, f) : undefined;
      const flag = yoyFlagged.get(f.code);
      const shown = yoyText(f, a, b);
      body.append(
        h('tr', { 'data-code': f.code, class: flag ? 'flagged' : null },
          h('td', {}, f.name_zh, h('span', { class: 'unit-inline' }, `（${f.unit_zh}）`), f.derived ? h('span', { class: 'tag' }, '自动计算') : null),
          h('td', { class: 'unit' }, f.unit_zh),
          h('td', { class: 'num' }, showValue(a)),
          h('td', { class: 'num last' }, before ? showValue(b) : '—'),
          h('td', { class: `num yoy ${flag ? 'flag' : ''}` }, shown, flag ? h('span', { class: 'flag-mark', title: flag }, ' ⚑') : null)),
      );
    }
  }
  return h('table', { class: 'data values', id: 'values-table' },
    h('thead', {}, h('tr', {}, h('th', {}, '指标'), h('th', {}, '计量单位'), h('th', { class: 'num' }, '本年度'), h('th', { class: 'num' }, '上年度'), h('th', { class: 'num' }, '同比'))),
    body);
}
