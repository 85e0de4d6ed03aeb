// Rollup inputs for draft tests: the sample data a newcomer sees (the demo registry filled with the
// seeded values of `npm run samples`), built in memory without workbooks.
import { currentCatalogue, type Catalogue } from '../../templates/src/core/catalogue';
import type { CellValue } from '../../templates/src/core/model';
import { sampleRegistry } from '../../templates/src/samples/registry';
import type { RollupInput, RollupSubmission, RollupUnit } from '../../aggregator/src/rollup/types';
import { cellsFor, withDerived } from './rollup-fixtures';
import { sampleValues } from './sample-values';
import { seedOf } from './workbooks';

/** 是/否 as the reader normalises them; everything else is already a normalised value. */
function normalised(values: Record<string, CellValue>): Record<string, CellValue | null> {
  const out: Record<string, CellValue | null> = {};
  for (const [code, v] of Object.entries(values)) out[code] = v === '是' ? true : v === '否' ? false : v;
  return out;
}

export const sampleUnits = (): RollupUnit[] =>
  sampleRegistry().map((u) => ({ code: u.code, name: u.name, unitType: u.unitType, level: u.level, districtCode: u.districtCode, districtName: u.districtName }));

/** Every sample unit's sheet of the year, as `npm run samples` fills it (same seeds). */
export function sampleSubmissions(catalogue: Catalogue, year: number, skip: readonly string[] = []): RollupSubmission[] {
  const cells = cellsFor(catalogue);
  return sampleRegistry()
    .filter((u) => !skip.includes(u.code))
    .map((u) => ({
      unitCode: u.code,
      submissionId: `${year}-${u.code}`,
      version: 1,
      status: 'accepted',
      ...withDerived(catalogue, u, normalised(sampleValues(catalogue, u, year, seedOf(u.code, year)))),
      cells,
    }));
}

/** The sample year with the year before for 同比; `missing` units have not reported this year. */
export function sampleInput(year = 2024, missing: readonly string[] = []): RollupInput {
  const catalogue = currentCatalogue();
  const units = sampleUnits();
  return {
    catalogue,
    year,
    units,
    submissions: sampleSubmissions(catalogue, year, missing),
    lastYear: { catalogue, year: year - 1, units, submissions: sampleSubmissions(catalogue, year - 1) },
  };
}

/**
 * A unit's own rollup as services/drafts.ts builds it for a unit draft: that one unit's sheet, with
 * its sheet of last year for 同比.
 */
export function oneUnitInput(input: RollupInput, code: string): RollupInput {
  const pick = (i: RollupInput): RollupInput => ({ ...i, units: i.units.filter((u) => u.code === code), submissions: i.submissions.filter((s) => s.unitCode === code) });
  return { ...pick(input), ...(input.lastYear ? { lastYear: pick(input.lastYear) } : {}) };
}
