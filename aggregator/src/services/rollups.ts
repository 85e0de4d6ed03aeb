// Rollups are always recomputed from what is stored: the registry, each unit's current accepted
// version of the year (and of the year before, for 同比). Nothing precomputed can drift.
import { getCatalogue } from '../../../templates/src/catalogue';
import { AppError } from '../../../templates/src/errors';
import { computeRollup, type Rollup, type RollupInput, type RollupUnit } from '../rollup';
import type { Store } from '../store';

/**
 * Review states that count in a rollup: accepted and not-yet-reviewed (completeness.byStatus tells
 * them apart). A returned sheet does not count: its unit is shown as missing until it uploads again.
 */
const COUNTED = new Set(['accepted', 'approved', 'pending']);

export async function rollupInput(store: Store, year: number, withLastYear = true): Promise<RollupInput> {
  const reportingYear = await store.getYear(year);
  if (!reportingYear) {
    const open = (await store.listYears()).map((y) => y.year);
    throw new AppError('YEAR_UNKNOWN', `没有 ${year} 年度的填报（已有年度：${open.join('、') || '无'}）。`, 404);
  }
  const catalogue = getCatalogue(reportingYear.catalogueVersion);
  if (!catalogue) {
    throw new AppError('CATALOGUE_UNKNOWN', `${year} 年度使用的指标目录 ${reportingYear.catalogueVersion} 不在本系统中，请升级汇总端。`, 500);
  }
  const units: RollupUnit[] = (await store.listUnits()).map((u) => ({
    code: u.code,
    name: u.name,
    unitType: u.unitType,
    level: u.level,
    districtCode: u.districtCode,
    districtName: u.districtName,
  }));
  const submissions = (await store.currentSubmissions(year))
    .filter((s) => COUNTED.has(s.status))
    .map((s) => ({ unitCode: s.unitCode, submissionId: s.id, version: s.version, status: s.status, values: s.values, cells: s.cells }));
  const input: RollupInput = { catalogue, year, units, submissions };
  if (withLastYear && (await store.getYear(year - 1))) {
    const last = await rollupInput(store, year - 1, false);
    // Last year is compared on this year's catalogue: indicator codes are stable across versions.
    input.lastYear = { ...last, catalogue };
  }
  return input;
}

export async function buildRollup(store: Store, year: number, yoyThreshold: number): Promise<Rollup> {
  const input = await rollupInput(store, year);
  return computeRollup({ ...input, yoyThreshold });
}
