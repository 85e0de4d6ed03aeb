// computeRollup: the pure rollup engine. No I/O: the caller picks the submissions that count.
import type { Catalogue, Indicator } from '../../../templates/src/core/catalogue';
import { computeFigure, type Population } from './figures';
import { collectFindings } from './findings';
import { completenessOf, defineGroups, type GroupDef } from './groups';
import { prepareUnits } from './units';
import type { Figure, FieldInfo, Rollup, RollupGroup, RollupInput } from './types';
import { applyYoy, DEFAULT_YOY_THRESHOLD } from './yoy';

/** Header fields that say who the unit is: the registry already knows, so they are not rolled up. */
const IDENTITY_FIELDS = new Set(['meta.unit_name', 'meta.unit_code', 'meta.unit_type', 'meta.district', 'meta.report_year']);

export function rollupFields(catalogue: Catalogue): Indicator[] {
  return catalogue.fields.filter((f) => !IDENTITY_FIELDS.has(f.code));
}

export function computeRollup(input: RollupInput): Rollup {
  const threshold = input.yoyThreshold ?? DEFAULT_YOY_THRESHOLD;
  const { catalogue } = input;
  const prepared = prepareUnits(input);
  const fields = rollupFields(catalogue);
  const groups = defineGroups(prepared.units).map((def) => buildGroup(catalogue, fields, def));

  const last = input.lastYear ? computeRollup({ ...input.lastYear, lastYear: undefined, lastYearRollup: undefined }) : input.lastYearRollup;
  if (last) applyYoy(catalogue, groups, last, threshold);

  return {
    year: input.year,
    catalogueVersion: catalogue.version,
    lastYear: last ? last.year : null,
    yoyThreshold: threshold,
    fields: fields.map((f) => fieldInfo(catalogue, f)),
    groups,
    units: prepared.units,
    findings: [...prepared.findings, ...collectFindings(catalogue, groups, prepared.byCode)],
  };
}

function buildGroup(catalogue: Catalogue, fields: readonly Indicator[], def: GroupDef): RollupGroup {
  // Filter the group's units once per applies_to value rather than once per indicator.
  const byApplies = new Map<Indicator['applies_to'], Population>();
  const expectedFor = (field: Indicator) => {
    let pop = byApplies.get(field.applies_to);
    if (!pop) {
      const expected = def.units.filter((u) => u.standing !== 'excused' && catalogue.appliesTo(field.applies_to, u.unitType));
      pop = {
        expected: expected.length,
        reported: expected.filter((u) => u.submission !== null),
        returned: expected.filter((u) => u.standing === 'returned').length,
      };
      byApplies.set(field.applies_to, pop);
    }
    return pop;
  };
  const figures: Record<string, Figure> = {};
  for (const field of fields) figures[field.code] = computeFigure(catalogue, field, expectedFor(field));
  return {
    code: def.code,
    name: def.name,
    kind: def.kind,
    unitCodes: def.units.map((u) => u.code),
    completeness: completenessOf(def.units),
    figures,
  };
}

function fieldInfo(catalogue: Catalogue, f: Indicator): FieldInfo {
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
  };
}
