// The catalogue's rollup rules (templates/src/core/catalogue.ts, rollupRuleSchema) as the engine
// applies them: which rows an indicator rolls up into and which units each row counts. Read by the
// figures, the trace, the workbooks, the drafts and (through FieldInfo in the JSON) the page, so
// one rule says once how an indicator adds up.
import { appliesToUnit, type Catalogue, type Indicator, type RollupRule } from '../../../templates/src/core/catalogue';
import type { FieldInfo, RollupAggregation, UnitResult } from './types';

/**
 * A row of the rollup: a catalogue indicator, or one part of a split indicator (its code is
 * '<indicator>:<unit type>', its applies_to that unit type). `source` is the indicator whose unit
 * values it reads.
 */
export interface RollupField extends Omit<Indicator, 'aggregation'> {
  aggregation: RollupAggregation;
  source: string;
}

/** Separates a split indicator's code from the unit type of its part. */
export const PART_SEPARATOR = ':';

/** The rows of an indicator: itself, or the parts of a split one, in the catalogue's order. */
export function expandField(field: Indicator): RollupField[] {
  const rule = field.rollup;
  if (rule?.kind !== 'split') return [{ ...field, aggregation: effectiveAggregation(field), source: field.code }];
  return rule.parts.map((part) => ({
    ...field,
    code: `${field.code}${PART_SEPARATOR}${part.unit_type}`,
    name_zh: `${field.name_zh}（${part.name_zh}）`,
    applies_to: part.unit_type,
    source: field.code,
  }));
}

/** The indicator a row's unit values are read from. */
export const sourceOf = (field: Indicator | RollupField): string => (field as Partial<RollupField>).source ?? field.code;

/** A list rule of the field itself or, for a rate, of its parts (the rate is then one sheet's own rate). */
export function listRuleOf(catalogue: Catalogue, field: Indicator | RollupField): Extract<RollupRule, { kind: 'list' }> | undefined {
  if (field.rollup?.kind === 'list') return field.rollup;
  if (field.aggregation === 'ratio') {
    const den = catalogue.field(field.denominator ?? '');
    if (den?.rollup?.kind === 'list') return den.rollup;
  }
  return undefined;
}

/**
 * Whether the rule leaves the 区级部门 out of the field's figures: their 区人民政府 reports the
 * whole district (whole_district) or the district's list (list, and rates of list parts).
 */
export function leavesOutDistrictDepartments(catalogue: Catalogue, field: Indicator | RollupField): boolean {
  return field.rollup?.kind === 'whole_district' || listRuleOf(catalogue, field) !== undefined;
}

/** Whether a unit fills a rollup row: its type, and 行政执法 powers for an enforcement row. */
export const rowAppliesTo = (
  field: Pick<FieldInfo, 'applies_to' | 'enforcementPowers'>,
  unit: Pick<UnitResult, 'unitType' | 'hasEnforcement'>,
): boolean => appliesToUnit(field.applies_to, unit.unitType) && !(field.enforcementPowers && unit.hasEnforcement === false);

/** A 区级部门: in a district, not its 区人民政府. */
export const isDistrictDepartment = (unit: Pick<UnitResult, 'unitType' | 'level'>): boolean =>
  unit.level === 'district' && unit.unitType === 'department';

/** The effective aggregation of a row: a list is read, not summed (the largest list). */
export function effectiveAggregation(field: Indicator | RollupField): RollupAggregation {
  if (field.rollup?.kind === 'on_time') return 'on_time';
  return field.rollup?.kind === 'list' ? 'max' : field.aggregation;
}

/** The last on-time day of a deadline rule for a report year, 'YYYY-MM-DD' (the rule R29/R30 of the catalogue). */
export function deadlineOf(catalogue: Catalogue, ruleId: string, year: number): string | null {
  const rule = catalogue.rules.find((r) => r.id === ruleId);
  if (rule?.kind !== 'deadline') return null;
  const { years_after, month, day } = rule.deadline;
  return `${year + years_after}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The rule as the JSON and the workbooks show it. */
export function ruleInfo(field: Indicator | RollupField): { kind: RollupRule['kind']; note_zh: string } | undefined {
  return field.rollup ? { kind: field.rollup.kind, note_zh: field.rollup.note_zh } : undefined;
}

/** The rollup row of a code: an indicator, or a part of a split one ('enf.case_files_reviewed:department'). */
export function rollupRow(catalogue: Catalogue, code: string): RollupField | undefined {
  const base = catalogue.field(code.split(PART_SEPARATOR)[0]);
  return base ? expandField(base).find((f) => f.code === code) : undefined;
}
