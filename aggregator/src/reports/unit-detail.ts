// 单位明细: one row per unit, every indicator a column. Shared by the workbook sheet and the CSV,
// so both always show the same columns and the same values.
import { unitValue } from '../rollup/units';
import { rowAppliesTo } from '../rollup/rules';
import { BOOLEAN_FALSE, BOOLEAN_TRUE, NOT_APPLICABLE } from '../../../templates/src/core/contract';
import { CITY_LEVEL_DISTRICT } from '../../../templates/src/core/registry';
import { round } from '../rollup/figures';
import { STANDING_LABELS } from '../rollup/completeness';
import { unitsInScope } from '../rollup/scope';
import type { FieldInfo, Rollup, RollupScope, UnitResult } from '../rollup/types';

export type DetailKind = 'text' | 'integer' | 'decimal' | 'rate' | 'date';

export interface DetailColumn {
  header: string;
  /** Second header row: indicator code and unit of measure. */
  subheader: string;
  kind: DetailKind;
  width: number;
}

/** A detail value: numbers stay numbers; dates are 'YYYY-MM-DD' strings; null = blank. */
export type DetailValue = string | number | null;

/** Columns that say which unit a row is and where its sheet stands, each with its value. */
const UNIT_COLUMNS = {
  seq: { header: '序号', subheader: '', kind: 'integer', width: 6, value: (_u: UnitResult, n: number): DetailValue => n },
  district: { header: '所属区', subheader: '', kind: 'text', width: 10, value: (u: UnitResult): DetailValue => u.districtName ?? CITY_LEVEL_DISTRICT },
  code: { header: '单位代码', subheader: '', kind: 'text', width: 14, value: (u: UnitResult): DetailValue => u.code },
  name: { header: '单位名称', subheader: '', kind: 'text', width: 26, value: (u: UnitResult): DetailValue => u.name },
  type: { header: '单位类型', subheader: '', kind: 'text', width: 10, value: (u: UnitResult): DetailValue => u.typeLabel },
  status: { header: '填报状态', subheader: '', kind: 'text', width: 9, value: (u: UnitResult): DetailValue => STANDING_LABELS[u.standing] },
  version: { header: '版本', subheader: '', kind: 'integer', width: 6, value: (u: UnitResult): DetailValue => u.submission?.version ?? null },
  id: { header: '报表编号', subheader: '', kind: 'text', width: 16, value: (u: UnitResult): DetailValue => u.submission?.id ?? null },
} satisfies Record<string, DetailColumn & { value: (unit: UnitResult, n: number) => DetailValue }>;
export type UnitColumnKey = keyof typeof UNIT_COLUMNS;
export const unitColumn = (key: UnitColumnKey) => UNIT_COLUMNS[key];

const FIXED_KEYS: UnitColumnKey[] = ['seq', 'district', 'code', 'name', 'type', 'status', 'version', 'id'];
const FIXED: DetailColumn[] = FIXED_KEYS.map(unitColumn);
export const FIXED_DETAIL_COLUMNS = FIXED.length;

function kindOf(field: FieldInfo): DetailKind {
  switch (field.type) {
    case 'integer':
      return 'integer';
    case 'decimal':
      return 'decimal';
    case 'percent':
      return 'rate';
    case 'date':
      return 'date';
    default:
      return 'text';
  }
}

export function unitDetailColumns(rollup: Rollup): DetailColumn[] {
  return [
    ...FIXED,
    ...rollup.fields.map((f) => ({
      header: f.name_zh,
      subheader: `${f.code}（${f.unit_zh}）`,
      kind: kindOf(f),
      width: f.type === 'text' ? 30 : 12,
    })),
  ];
}

function valueOf(field: FieldInfo, unit: UnitResult): DetailValue {
  if (!rowAppliesTo(field, unit)) return NOT_APPLICABLE;
  if (!unit.submission) return null;
  const v = unitValue(unit, field.source);
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? BOOLEAN_TRUE : BOOLEAN_FALSE;
  // Unit rates are recomputed unrounded; four decimals is more than any report prints.
  if (typeof v === 'number') return Number.isFinite(v) ? (field.type === 'percent' ? round(v, 4) : v) : null;
  return String(v);
}

/** Rows of the scope's units, in output order (district by district, then 市级部门). */
export function* unitDetailRows(rollup: Rollup, scope: RollupScope): Generator<DetailValue[]> {
  const fields = rollup.fields;
  let n = 0;
  for (const unit of unitsInScope(rollup, scope)) {
    n++;
    yield [...FIXED_KEYS.map((k) => unitColumn(k).value(unit, n)), ...fields.map((f) => valueOf(f, unit))];
  }
}
