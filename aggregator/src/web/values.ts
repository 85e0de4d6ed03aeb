// Values beside last year's, grouped by catalogue section, with 同比 and a flag where the change
// is beyond the threshold or the server raised a YOY warning. Rates are recomputed from their parts.
import { getCatalogue, currentCatalogue, type Catalogue } from '../../../templates/src/catalogue';
import { computeDerived } from '../../../templates/src/derive';
import type { CellValue } from '../../../templates/src/model';
import { formatNumber, h } from './dom';
import type { Problem, Value } from './types';

export const YOY_THRESHOLD = 0.5;

export function catalogueFor(version: string): Catalogue {
  return getCatalogue(version) ?? currentCatalogue();
}

export function showValue(v: Value | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number') return formatNumber(v);
  return v;
}

function withDerived(catalogue: Catalogue, unitType: 'district_gov' | 'department', values: Record<string, Value>): Record<string, Value> {
  const clean = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null)) as Record<string, CellValue>;
  return { ...values, ...computeDerived(catalogue, unitType, clean) };
}

export function valuesTable(
  catalogueVersion: string,
  unitType: 'district_gov' | 'department',
  values: Record<string, Value>,
  lastYear: Record<string, Value> | null,
  problems: Problem[],
): HTMLElement {
  const catalogue = catalogueFor(catalogueVersion);
  const now = withDerived(catalogue, unitType, values);
  const before = lastYear ? withDerived(catalogue, unitType, lastYear) : null;
  const yoyFlagged = new Set(problems.filter((p) => p.rule.startsWith('YOY')).flatMap((p) => p.codes));
  const body = h('tbody', {});
  for (const section of catalogue.sections) {
    const fields = catalogue.fields.filter((f) => f.section === section.code && catalogue.appliesTo(f, unitType) && f.type !== 'text');
    if (!fields.length || section.code === 'meta') continue;
    body.append(h('tr', { class: 'section' }, h('th', { colspan: 5 }, section.name_zh)));
    for (const f of fields) {
      const a = now[f.code];
      const b = before?.[f.code];
      const both = typeof a === 'number' && typeof b === 'number';
      // Rates compare in percentage points; counts by relative change.
      const rate = f.unit_zh === '%';
      const change = both && !rate && b !== 0 ? (a - b) / Math.abs(b) : null;
      const points = both && rate ? a - b : null;
      const flag = yoyFlagged.has(f.code) || (change !== null && Math.abs(change) > YOY_THRESHOLD);
      const shown = change !== null ? `${change > 0 ? '+' : ''}${(change * 100).toFixed(1)}%` : points !== null ? `${points > 0 ? '+' : ''}${points.toFixed(1)} 个百分点` : '';
      body.append(
        h('tr', { 'data-code': f.code, class: flag ? 'flagged' : null },
          h('td', {}, f.name_zh, f.derived ? h('span', { class: 'tag' }, '自动计算') : null),
          h('td', { class: 'unit' }, f.unit_zh),
          h('td', { class: 'num' }, showValue(a)),
          h('td', { class: 'num last' }, before ? showValue(b) : '—'),
          h('td', { class: `num yoy ${flag ? 'flag' : ''}` }, shown, flag ? h('span', { class: 'flag-mark', title: '同比变化超过阈值，请核实' }, ' ⚑') : null)),
      );
    }
  }
  return h('table', { class: 'data values', id: 'values-table' },
    h('thead', {}, h('tr', {}, h('th', {}, '指标'), h('th', {}, '计量单位'), h('th', { class: 'num' }, '本年度'), h('th', { class: 'num' }, '上年度'), h('th', { class: 'num' }, '同比'))),
    body);
}
