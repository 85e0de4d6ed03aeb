// computeRollup: the pure rollup engine. No I/O: the caller picks the submissions that count.
import { needsEnforcementPowers, type Catalogue } from '../../../templates/src/core/catalogue';
import { computeFigure, type Population } from './figures';
import { collectFindings } from './findings';
import { completenessOf, defineGroups, type GroupDef } from './groups';
import { prepareUnits } from './units';
import type { Figure, FieldInfo, Rollup, RollupGroup, RollupInput } from './types';
import { applyYoy, DEFAULT_YOY_THRESHOLD } from './yoy';
import { expandField, isDistrictDepartment, leavesOutDistrictDepartments, ruleInfo, sourceOf, type RollupField } from './rules';
import { isNumber } from './figures';
import type { NotCounted, UnitResult } from './types';

/** Header fields that say who the unit is: the registry already knows, so they are not rolled up. */
const IDENTITY_FIELDS = new Set(['meta.unit_name', 'meta.unit_code', 'meta.unit_type', 'meta.district', 'meta.report_year']);

/** The rows of a rollup, in catalogue order: every field but the identity ones, split indicators as their parts. */
export function rollupFields(catalogue: Catalogue): RollupField[] {
  return catalogue.fields.filter((f) => !IDENTITY_FIELDS.has(f.code)).flatMap(expandField);
}

export function computeRollup(input: RollupInput): Rollup {
  const threshold = input.yoyThreshold ?? DEFAULT_YOY_THRESHOLD;
  const { catalogue } = input;
  const prepared = prepareUnits(input);
  const fields = rollupFields(catalogue);
  const groups = defineGroups(prepared.units).map((def) => buildGroup(catalogue, fields, def, input.year));

  const last = input.lastYear ? computeRollup({ ...input.lastYear, lastYear: undefined, lastYearRollup: undefined }) : input.lastYearRollup;
  if (last) applyYoy(catalogue, groups, last, threshold);

  return {
    year: input.year,
    catalogueVersion: catalogue.version,
    catalogueErrata: catalogue.errata.map((e) => ({ id: e.id, summary_zh: e.summary_zh })),
    lastYear: last ? last.year : null,
    yoyThreshold: threshold,
    fields: fields.map((f) => fieldInfo(catalogue, f)),
    groups,
    units: prepared.units,
    findings: [...prepared.findings, ...collectFindings(catalogue, groups, prepared.byCode)],
  };
}

function buildGroup(catalogue: Catalogue, fields: readonly RollupField[], def: GroupDef, year: number): RollupGroup {
  // Filter the group's units once per applies_to value (and rule) rather than once per indicator.
  const byApplies = new Map<string, Population>();
  const expectedFor = (field: RollupField) => {
    const leaveOut = leavesOutDistrictDepartments(catalogue, field);
    const enforcement = needsEnforcementPowers(catalogue, field);
    const key = `${field.applies_to}|${leaveOut}|${enforcement}`;
    let pop = byApplies.get(key);
    if (!pop) {
      const expected = def.units.filter(
        (u) =>
          u.standing !== 'excused' &&
          catalogue.appliesTo(field.applies_to, u.unitType) &&
          !(leaveOut && isDistrictDepartment(u)) &&
          // A unit without 行政执法 powers (registry) is not expected to report the enforcement indicators.
          !(enforcement && u.hasEnforcement === false),
      );
      pop = {
        expected: expected.length,
        reported: expected.filter((u) => u.submission !== null),
        returned: expected.filter((u) => u.standing === 'returned').length,
      };
      byApplies.set(key, pop);
    }
    return pop;
  };
  const departments = def.units.filter((u) => u.submission !== null && isDistrictDepartment(u));
  const figures: Record<string, Figure> = {};
  for (const field of fields) {
    const figure = computeFigure(catalogue, field, expectedFor(field), year);
    if (!field.derived && leavesOutDistrictDepartments(catalogue, field)) {
      const left = notCounted(field, departments);
      if (left) figure.notCounted = left;
    }
    figures[field.code] = figure;
  }
  return {
    code: def.code,
    name: def.name,
    kind: def.kind,
    unitCodes: def.units.map((u) => u.code),
    completeness: completenessOf(def.units),
    figures,
  };
}

/** The 区级部门 values a rule leaves out (non-zero numbers only: a 0 counts nothing twice). */
function notCounted(field: RollupField, departments: readonly UnitResult[]): NotCounted | null {
  const units: NotCounted['units'] = [];
  let total = 0;
  for (const unit of departments) {
    const v = unit.values[sourceOf(field)];
    if (isNumber(v) && v !== 0) {
      units.push({ code: unit.code, name: unit.name, value: v });
      total += v;
    }
  }
  return units.length > 0 ? { units, total } : null;
}

function fieldInfo(catalogue: Catalogue, f: RollupField): FieldInfo {
  const rule = ruleInfo(f);
  return {
    code: f.code,
    name_zh: f.name_zh,
    unit_zh: f.unit_zh,
    section: f.section,
    section_zh: catalogue.section(f.section)?.name_zh ?? f.section,
    type: f.type,
    aggregation: f.aggregation,
    applies_to: f.applies_to,
    derived: f.derived,
    ...(f.derived ? { parts: f.sum_of ?? [f.numerator!, f.denominator!] } : {}),
    source: f.source,
    ...(rule ? { rule } : {}),
    ...(leavesOutDistrictDepartments(catalogue, f) ? { districtDepartmentsLeftOut: true as const } : {}),
    ...(needsEnforcementPowers(catalogue, f) ? { enforcementPowers: true as const } : {}),
  };
}
