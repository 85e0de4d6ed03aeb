// Rollups are always recomputed from what is stored: the registry, each unit's current accepted
// version of the year (and of the year before, for 同比), its values and the derived values stored
// with it (computed once when it was checked; verify-store checks they agree with its values).
import { getCatalogue, type Catalogue } from '../../../templates/src/core/catalogue';
import { appError } from '../../../templates/src/core/error-catalogue';
import { audit } from '../auth/audit';
import { canSeeDistrict, outOfScope } from '../auth/scope';
import {
  ACCEPTED_STATUSES,
  CITY_DEPARTMENTS_GROUP,
  CITY_GROUP,
  computeRollup,
  type Rollup,
  type RollupInput,
  type RollupScope,
  type RollupSubmission,
  type RollupUnit,
} from '../rollup';
import type { Store, User } from '../store';
import { standingOf } from '../rollup/completeness';

/**
 * Review states that count in a rollup: accepted and not-yet-reviewed (completeness.byStatus tells
 * them apart). A returned sheet does not count: its unit stands as 已退回 (not 未报送) until it
 * uploads again; an excused unit is not expected (rollup/completeness.ts).
 */
const COUNTED: readonly string[] = [...ACCEPTED_STATUSES, 'pending'];

/** A registry unit as the rollup engine sees it (the fields it needs, nothing the registry adds). */
export const toRollupUnit = (u: RollupUnit): RollupUnit => ({
  code: u.code,
  name: u.name,
  unitType: u.unitType,
  level: u.level,
  districtCode: u.districtCode,
  districtName: u.districtName,
  ...(u.hasEnforcement === false ? { hasEnforcement: false } : {}),
});

/** The year's units and counted submissions, read in batches: values, derived values and cells, no problems. */
async function yearInput(store: Store, catalogue: Catalogue, year: number): Promise<RollupInput> {
  const units = (await store.listUnits()).map(toRollupUnit);
  const submissions: RollupSubmission[] = [];
  await store.eachCurrentSubmissionValues(
    year,
    (batch) => {
      for (const s of batch) {
        submissions.push({ unitCode: s.unitCode, submissionId: s.id, version: s.version, status: s.status, values: s.values, derived: s.derived, cells: s.cells });
      }
    },
    { statuses: COUNTED },
  );
  const standings: Record<string, 'returned' | 'excused'> = {};
  for (const code of (await store.signoffs.excuses(year)).keys()) standings[code] = 'excused';
  for (const s of await store.currentSubmissionSummaries(year)) if (standingOf(s.status, false) === 'returned') standings[s.unitCode] = 'returned';
  return { catalogue, year, units, submissions, standings };
}

export async function buildRollup(store: Store, year: number, yoyThreshold: number): Promise<Rollup> {
  const reportingYear = await store.getYear(year);
  if (!reportingYear) {
    const open = (await store.listYears()).map((y) => y.year);
    throw appError('YEAR_UNKNOWN', { year, namedIn: 'path', openYears: open });
  }
  const catalogue = getCatalogue(reportingYear.catalogueVersion);
  if (!catalogue) {
    throw appError('CATALOGUE_UNKNOWN', { year, catalogueVersion: reportingYear.catalogueVersion });
  }
  // Last year is rolled up first and only its figures are kept, so the two years' unit values are
  // never in memory together. It is compared on this year's catalogue: indicator codes are stable.
  let last: Pick<Rollup, 'year' | 'groups'> | undefined;
  if (await store.getYear(year - 1)) {
    const { groups } = computeRollup(await yearInput(store, catalogue, year - 1));
    // Texts are not compared year on year; their lists would hold every unit's narratives.
    for (const group of groups) {
      for (const figure of Object.values(group.figures)) if (figure.aggregation === 'none_text_list') figure.items = [];
    }
    last = { year: year - 1, groups };
  }
  const input = await yearInput(store, catalogue, year);
  return computeRollup({ ...input, yoyThreshold, lastYearRollup: last });
}

/** The scope the user asked for, if the user may see it: the city, or one district of the rollup. */
export function rollupScope(rollup: Rollup, user: User, level: 'city' | 'district', code?: string): RollupScope {
  if (!canSeeDistrict(user, level === 'city' ? null : code!)) throw outOfScope(level === 'city' ? '全市汇总' : `区“${code}”的汇总`);
  if (level === 'city') return { level: 'city' };
  if (!rollup.groups.some((g) => g.kind === 'district' && g.code === code)) {
    throw appError('DISTRICT_UNKNOWN', { districtCode: String(code), namedIn: 'path' });
  }
  return { level: 'district', code: code! };
}

/** Checks that the group traced exists and that the user may see it (the city and 市级部门 are city-wide). */
export function assertCanTrace(rollup: Rollup, user: User, code: string): void {
  if (!rollup.groups.some((g) => g.code === code)) {
    throw appError('GROUP_UNKNOWN', { code, cityCode: CITY_GROUP, cityDepartmentsCode: CITY_DEPARTMENTS_GROUP });
  }
  const cityWide = code === CITY_GROUP || code === CITY_DEPARTMENTS_GROUP;
  if (!canSeeDistrict(user, cityWide ? null : code)) throw outOfScope(`“${code}”的汇总追溯`);
}

/** Every download of a rollup file is in the audit log (before the file is sent). */
export function recordDownload(store: Store, user: User, year: number, file: string): Promise<void> {
  return audit(store, user, 'rollup.download', { year, detail: { file } });
}
