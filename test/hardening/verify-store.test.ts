// verify-store finds what a crash or a bad restore could leave behind: each fault is planted by hand
// with a second connection, and the check (and the CLI's exit code) must name it.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { connect } from '../../aggregator/src/store/connect';
import { currentCatalogue } from '../../templates/src/core/catalogue';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { verifyStoreProcess } from './process';

const unit = sampleRegistry().find((u) => u.code === '120101001')!;
const catalogue = currentCatalogue();
/** Every derived indicator of the unit's type, blank. */
const blankDerived = Object.fromEntries(catalogue.fields.filter((f) => f.derived && catalogue.appliesTo(f, unit.unitType)).map((f) => [f.code, null]));

forEachDatabase((db) => {
  it('reports a sound store as ok, then each planted fault by name', async () => {
    const target = await db.fresh();
    const store = await db.openStore(target);
    await store.importRegistry(sampleRegistry());
    await store.openYear({ year: 2024, catalogueVersion: '2024.1', deadline: '2025-03-31' });
    const submission = (bytes: string) => ({
      unitCode: unit.code,
      year: 2024,
      bytes: Buffer.from(bytes),
      fileName: 'a.xlsx',
      catalogueVersion: '2024.1',
      uploadedBy: 'test',
      source: 'xlsx' as const,
      values: { 'litig.lost': 3, 'litig.concluded': 12 },
      // As the check computes them: 3 / 12 = 25 %, every other rate blank.
      derived: { ...blankDerived, 'litig.loss_rate': 25 },
      cells: {},
      problems: [],
    });
    const [v1] = await store.storeSubmissions([submission('first')]);
    await store.storeSubmissions([submission('second')]);
    expect(await store.verify()).toMatchObject({ ok: true, counts: { submissions: 2, blobs: 2, unitYears: 1 } });
    expect((await verifyStoreProcess(target)).code).toBe(0);

    const orphan = createHash('sha256').update('abc').digest('hex');
    const conn = connect(target);
    try {
      await conn.db.insertInto('blobs').values({ sha256: orphan, size: 3, bytes: Buffer.from('abc') }).execute();
      await conn.db.updateTable('submissions').set({ is_current: 0 }).execute();
      await conn.db.updateTable('submissions').set({ version: 5 }).where('id', '=', v1.id).execute();
      await sql`update blobs set bytes = ${Buffer.from('tampered')} where size = 5`.execute(conn.db);
      // A rate that does not follow from the stored inputs (3 / 12 is 25 %, not 30 %).
      await conn.db.updateTable('submissions').set({ derived_json: JSON.stringify({ ...blankDerived, 'litig.loss_rate': 30 }) }).where('id', '=', v1.id).execute();
    } finally {
      await conn.db.destroy();
    }
    const report = await store.verify();
    expect(report).toMatchObject({
      ok: false,
      orphanBlobs: [orphan],
      noCurrent: [`${unit.code}/2024`],
      versionGaps: [`${unit.code}/2024`],
      derivedMismatches: [v1.id],
    });
    expect(report.corruptBlobs).toEqual([createHash('sha256').update('first').digest('hex')]);
    const cli = await verifyStoreProcess(target);
    expect(cli.code).toBe(1);
    expect(cli.report.ok).toBe(false);
  }, 60_000);
});
