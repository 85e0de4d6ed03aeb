// A rollup seen from one level: the whole city, or one district (its coordinator's view).
import { appError } from '../../../templates/src/core/error-catalogue';
import type { Rollup, RollupGroup, RollupScope, UnitResult } from './types';

export function districtGroup(rollup: Rollup, code: string): RollupGroup {
  const group = rollup.groups.find((g) => g.kind === 'district' && g.code === code);
  if (!group) {
    throw appError('ROLLUP_DISTRICT_UNKNOWN', { year: rollup.year, districtCode: code });
  }
  return group;
}

/** Groups shown for the scope: city, each district, 市级部门; or the one district. */
export function groupsInScope(rollup: Rollup, scope: RollupScope): RollupGroup[] {
  return scope.level === 'city' ? rollup.groups : [districtGroup(rollup, scope.code)];
}

export function unitsInScope(rollup: Rollup, scope: RollupScope): UnitResult[] {
  if (scope.level === 'city') return rollup.units;
  const codes = new Set(districtGroup(rollup, scope.code).unitCodes);
  return rollup.units.filter((u) => codes.has(u.code));
}

export interface ScopeOptions {
  /**
   * Keep the unit rows (values and source cells of every unit). Default true. An API body for a
   * whole province should pass false: 20,000 units' values and cells are ~100 MB of JSON, and the
   * figures, completeness and findings do not need them (traceValue does).
   */
  units?: boolean;
  /**
   * Keep the lists that name every unit of a group: its unitCodes and completeness.submittedUnits,
   * and each text figure's items (every unit's narrative: ~90 % of a city body, ~36 MB at 20,000
   * units). Default true. Counts, missingUnits and the figures stay; the body then says in
   * `omitted` what it left out, and units=1, the workbooks and the CSV carry the lists.
   */
  unitLists?: boolean;
}

/** Left out of a city body without unit lists: the findings about one unit (see each district's body). */
export const UNIT_FINDINGS = 'findings.unitCode';
/** What a body without unit lists leaves out (the names of the emptied fields). */
export const OMITTED_UNIT_LISTS = ['units', 'unitCodes', 'completeness.submittedUnits', 'figures.items'] as const;

function withoutUnitLists(group: RollupGroup): RollupGroup {
  const figures: RollupGroup['figures'] = {};
  for (const [code, figure] of Object.entries(group.figures)) {
    figures[code] = figure.aggregation === 'none_text_list' ? { ...figure, items: [] } : figure;
  }
  return { ...group, unitCodes: [], completeness: { ...group.completeness, submittedUnits: [] }, figures };
}

/** The rollup restricted to a scope: the body of GET /api/rollups/{year}?level=…&code=…. */
export function scopeRollup(rollup: Rollup, scope: RollupScope, options: ScopeOptions = {}): Rollup {
  const scoped = scopedRollup(rollup, scope, options.units ?? true);
  if (options.unitLists ?? true) return scoped;
  const lean = { ...scoped, units: [], groups: scoped.groups.map(withoutUnitLists) };
  // One unit's findings grow with the city (thousands at 20,000 units): the city body keeps those of
  // groups and indicators, each district's body its own units' as well.
  if (scope.level === 'district') return { ...lean, omitted: [...OMITTED_UNIT_LISTS] };
  return { ...lean, findings: scoped.findings.filter((f) => f.unitCode === null), omitted: [...OMITTED_UNIT_LISTS, UNIT_FINDINGS] };
}

function scopedRollup(rollup: Rollup, scope: RollupScope, keepUnits: boolean): Rollup {
  if (scope.level === 'city') return keepUnits ? rollup : { ...rollup, units: [] };
  const group = districtGroup(rollup, scope.code);
  return {
    ...rollup,
    groups: [group],
    units: keepUnits ? unitsInScope(rollup, scope) : [],
    findings: rollup.findings.filter((f) => f.groupCode === group.code),
  };
}
