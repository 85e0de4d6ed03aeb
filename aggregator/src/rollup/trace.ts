// Trace: which units, submissions, versions and source cells made a figure, so a coordinator can
// answer "where does this number come from?" down to the cell of each sheet.
import { unitValue } from './units';
import type { Indicator } from '../../../templates/src/core/catalogue';
import { appError } from '../../../templates/src/core/error-catalogue';
import type { CellValue } from '../../../templates/src/core/model';
import { computeRollup } from './compute';
import { isNumber } from './figures';
import { isDistrictDepartment, rowAppliesTo } from './rules';
import type { Rollup, RollupInput, UnitResult } from './types';

export type { Trace, TraceEntry, TraceSide, TraceSource } from '../contract/rollup';
import type { Trace, TraceEntry, TraceSide } from '../contract/rollup';

export function traceValue(source: Rollup | RollupInput, indicatorCode: string, groupCode: string): Trace {
  const rollup = 'catalogue' in source ? computeRollup({ ...source, lastYear: undefined }) : source;
  const group = rollup.groups.find((g) => g.code === groupCode);
  if (!group) throw appError('ROLLUP_GROUP_UNKNOWN', { groupCode });
  const figure = group.figures[indicatorCode];
  const field = rollup.fields.find((f) => f.code === indicatorCode);
  if (!figure || !field) {
    throw appError('ROLLUP_INDICATOR_UNKNOWN', { year: rollup.year, indicator: indicatorCode });
  }
  const units = new Map(rollup.units.map((u) => [u.code, u]));
  const fieldTypes = new Map(rollup.fields.flatMap((f) => [[f.source, f.type] as const, [f.code, f.type] as const]));
  const derivedParts = derivedPartsOf(rollup);
  const expected = group.unitCodes
    .map((c) => units.get(c)!)
    .filter((u) => rowAppliesTo(field, u) && !(field.districtDepartmentsLeftOut && isDistrictDepartment(u)));

  const entryOf = (unit: UnitResult, code: string): TraceEntry => {
    const value = unit.submission ? unitValue(unit, code) : null;
    const filled = isFilled(fieldTypes.get(code), value);
    const entry: TraceEntry = {
      unitCode: unit.code,
      unitName: unit.name,
      typeLabel: unit.typeLabel,
      submissionId: unit.submission?.id ?? null,
      version: unit.submission?.version ?? null,
      status: unit.submission?.status ?? null,
      cell: unit.cells[code] ?? null,
      value,
      state: !unit.submission ? 'missing' : filled ? 'counted' : 'blank',
    };
    const parts = derivedParts.get(code);
    if (parts && unit.submission) {
      entry.sources = parts.map((p) => ({ code: p, cell: unit.cells[p] ?? null, value: unitValue(unit, p) }));
    }
    return entry;
  };

  const trace: Trace = {
    groupCode: group.code,
    groupName: group.name,
    indicatorCode,
    name_zh: field.name_zh,
    aggregation: field.aggregation,
    figure,
    entries: expected.map((u) => entryOf(u, field.source)),
  };
  if (figure.aggregation === 'ratio') {
    const side = (part: { code: string; name_zh: string; value: number | null }): TraceSide => ({
      code: part.code,
      name_zh: part.name_zh,
      total: part.value,
      entries: expected.map((u) => entryOf(u, part.code)),
    });
    trace.numerator = side(figure.numerator);
    trace.denominator = side(figure.denominator);
  }
  return trace;
}

/** Whether a value counts in a figure, by the field's type (the same test the figures apply). */
function isFilled(type: Indicator['type'] | undefined, v: CellValue | null): boolean {
  switch (type) {
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
    case 'decimal':
    case 'percent':
      return isNumber(v);
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
    default:
      return typeof v === 'string' ? v.trim() !== '' : v !== null;
  }
}

/** Derived code → the input codes it is computed from. */
function derivedPartsOf(rollup: Rollup): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const f of rollup.fields) {
    if (f.derived && f.parts) map.set(f.code, f.parts);
  }
  return map;
}
