// The store → rollup path on both databases: current values read in keyset batches (only current
// versions, in unit-code order, counted states only, cells shared), and a rollup built from them
// that equals the engine's result on the same submissions read whole, year on year included.
import { currentCatalogue } from '../../templates/src/core/catalogue';
import type { RegistryUnit } from '../../templates/src/core/registry';
import { computeRollup, unitTypeLabel, type RollupInput, type SumFigure } from '../../aggregator/src/rollup';
import { buildRollup } from '../../aggregator/src/services/rollups';
import type { NewSubmission, Store, SubmissionValues } from '../../aggregator/src/store';
import { forEachDatabase } from '../support/databases';
import { GOLDEN_2023_CHANGES, GOLDEN_2024, GOLDEN_UNITS, submissionFor } from '../support/rollup-fixtures';

const catalogue = currentCatalogue();
const registry: RegistryUnit[] = GOLDEN_UNITS.map((u) => ({ ...u, typeLabel: unitTypeLabel(u) as RegistryUnit['typeLabel'] }));

function upload(year: number, code: string, changes: Record<string, number>, cells?: Record<string, string>): NewSubmission {
  const unit = GOLDEN_UNITS.find((u) => u.code === code)!;
  const s = submissionFor(catalogue, unit, year, { ...GOLDEN_2024[code], ...changes });
  return {
    unitCode: code,
    year,
    bytes: Buffer.from(JSON.stringify([year, code, changes, cells ?? null])),
    fileName: `${code}.xlsx`,
    catalogueVersion: catalogue.version,
    uploadedBy: 'tester',
    source: 'xlsx',
    values: s.values,
    derived: s.derived,
    cells: cells ?? s.cells,
    problems: [{ rule: 'YOY', severity: 'warning', codes: ['reg.ns_issued'], cells: [], message: '同比变化超过50%' }],
  };
}

/** The rollup as it was computed before batching: every current submission read at once. */
async function wholeInput(store: Store, year: number): Promise<RollupInput> {
  const counted = new Set(['accepted', 'approved', 'pending']);
  const submissions = (await store.currentSubmissions(year))
    .filter((s) => counted.has(s.status))
    .map((s) => ({ unitCode: s.unitCode, submissionId: s.id, version: s.version, status: s.status, values: s.values, derived: s.derived, cells: s.cells }));
  return { catalogue, year, units: GOLDEN_UNITS, submissions };
}

forEachDatabase((testDb) => {
  let store: Store;
  const oddCells = { 'reg.ns_issued': '指标填报!F9' };

  beforeAll(async () => {
    store = await testDb.openStore();
    await store.importRegistry(registry);
    for (const year of [2023, 2024]) await store.openYear({ year, catalogueVersion: catalogue.version, deadline: `${year + 1}-03-01` });
    await store.storeSubmissions(GOLDEN_UNITS.map((u) => upload(2023, u.code, GOLDEN_2023_CHANGES[u.code] as Record<string, number>)));
    // A1's first version is superseded; C1's sheet reports its cells elsewhere (a page with two texts).
    await store.storeSubmission(upload(2024, 'A1', { 'reg.ns_issued': 40 }));
    await store.storeSubmissions(GOLDEN_UNITS.map((u) => upload(2024, u.code, {}, u.code === 'C1' ? oddCells : undefined)));
    const current = new Map((await store.currentSubmissions(2024)).map((s) => [s.unitCode, s.id]));
    await store.review.setReview(current.get('C1')!, { status: 'pending', reason: null, reviewedBy: 'tester' });
    await store.review.setReview(current.get('B2')!, { status: 'returned', reason: '数据有误', reviewedBy: 'tester' });
  });

  it('reads current versions in unit-code batches, counted states only, values and cells as stored', async () => {
    const batches: SubmissionValues[][] = [];
    const count = await store.eachCurrentSubmissionValues(2024, (batch) => batches.push(batch), { statuses: ['accepted', 'pending'], batchSize: 3 });
    const read = batches.flat();
    expect(count).toBe(7);
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(read.map((s) => s.unitCode)).toEqual(['A0', 'A1', 'A2', 'B0', 'B1', 'C1', 'C2']);
    expect(read.find((s) => s.unitCode === 'A1')).toMatchObject({ version: 2, status: 'accepted', values: { 'reg.ns_issued': 3 } });
    expect(read.find((s) => s.unitCode === 'C1')!.status).toBe('pending');

    const whole = new Map((await store.currentSubmissions(2024)).map((s) => [s.unitCode, s]));
    for (const s of read) {
      expect(s.id).toBe(whole.get(s.unitCode)!.id);
      expect(s.values).toEqual(whole.get(s.unitCode)!.values);
      expect(s.cells).toEqual(whole.get(s.unitCode)!.cells);
    }
    // One template, one cells object (frozen, since every unit shares it); C1's own in a page with two texts.
    const a0 = read.find((s) => s.unitCode === 'A0')!.cells;
    expect(read.filter((s) => s.cells === a0).map((s) => s.unitCode)).toEqual(['A0', 'A1', 'A2', 'B0', 'B1', 'C2']);
    expect(Object.isFrozen(a0)).toBe(true);
    expect(read.find((s) => s.unitCode === 'C1')!.cells).toEqual(oddCells);
  });

  it('reads everything in one batch by default and nothing for no states', async () => {
    const sizes: number[] = [];
    expect(await store.eachCurrentSubmissionValues(2024, (b) => sizes.push(b.length))).toBe(8);
    expect(sizes).toEqual([8]);
    expect(await store.eachCurrentSubmissionValues(2024, () => sizes.push(-1), { statuses: [] })).toBe(0);
    expect(await store.eachCurrentSubmissionValues(2022, () => sizes.push(-1))).toBe(0);
    expect(sizes).toEqual([8]);
  });

  it('builds the same rollup as the engine on the whole year, last year included', async () => {
    // B2's current version was returned: the engine is told so (it stands as 已退回, not 未报送).
    const expected = computeRollup({ ...(await wholeInput(store, 2024)), standings: { B2: 'returned' }, lastYear: await wholeInput(store, 2023), yoyThreshold: 0.5 });
    const built = await buildRollup(store, 2024, 0.5);
    expect(built).toEqual(expected);
    // Hand-checked: B2 was returned, so 南开区 lacks it; last year all eight counted (8+4+17 = 29).
    const city = built.groups.find((g) => g.code === 'city')!.figures['reg.ns_issued'] as SumFigure;
    expect(city).toMatchObject({ value: 31, last: 29, missing: 0, returned: 1, reason_zh: '1家已退回', change: { abs: 2 } });
    expect(built.lastYear).toBe(2023);
    expect(built.units.find((u) => u.code === 'C1')!.cells).toEqual(oddCells);
  });
});
