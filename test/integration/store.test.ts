// The store against real SQLite and PostgreSQL: migrations from empty, registry import, years,
// versioned submissions and their concurrency guarantees.
import { createHash } from 'node:crypto';
import { sql, Kysely, SqliteDialect, PostgresDialect } from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import { Pool } from 'pg';
import { AppError } from '../../templates/src/core/errors';
import { type RegistryUnit } from '../../templates/src/core/registry';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { currentCatalogue } from '../../templates/src/core/catalogue';
import { connect } from '../../aggregator/src/store/connect';
import { migrateTo, migrationNames } from '../../aggregator/src/store/migrations';
import { verifyStore } from '../../aggregator/src/store/verify';
import { sqliteFile, type DatabaseTarget, type NewSubmission, type Store } from '../../aggregator/src/store';
import { forEachDatabase } from '../support/databases';

const UNIT = '120101001';

function submission(overrides: Partial<NewSubmission> & { content?: string } = {}): NewSubmission {
  const { content = 'sheet-bytes', ...rest } = overrides;
  return {
    unitCode: UNIT,
    year: 2024,
    bytes: Buffer.from(content),
    fileName: '和平区司法局.xlsx',
    catalogueVersion: '2024.1',
    uploadedBy: 'tester',
    source: 'xlsx',
    values: { 'review.received': 12, 'leader.studied': true, 'meta.fill_date': '2025-01-20' },
    // The store keeps what the check computed; it does not judge it (verify-store does).
    derived: { 'litig.loss_rate': null, 'recon.corrected': 7 },
    cells: { 'review.received': '指标填报!E20' },
    problems: [{ rule: 'YOY', severity: 'warning', codes: ['review.received'], cells: [], message: '同比变化超过50%' }],
    ...rest,
  };
}

async function expectAppError(promise: Promise<unknown>, code: string, status: number): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).status).toBe(status);
  return error as AppError;
}

/** Reads the migration table directly, to prove migrations ran on this very database. */
async function appliedMigrations(target: DatabaseTarget): Promise<string[]> {
  const db = target.databaseUrl
    ? new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: target.databaseUrl, max: 1 }) }) })
    : new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(sqliteFile(target.dataDir)) }) });
  try {
    const result = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    return result.rows.map((r) => r.name);
  } finally {
    await db.destroy();
  }
}

forEachDatabase((testDb) => {
  let store: Store;

  beforeAll(async () => {
    store = await testDb.openStore();
    await store.importRegistry(sampleRegistry());
    await store.openYear({ year: 2024, catalogueVersion: '2024.1', deadline: '2025-03-01' });
  });

  describe('migrations', () => {
    it('create the schema from empty and are a no-op on reopen, keeping data', async () => {
      const target = await testDb.fresh();
      const first = await testDb.openStore(target);
      expect(first.dialect).toBe(testDb.kind);
      expect(await first.unitCount()).toBe(0);
      expect(await first.listYears()).toEqual([]);
      await first.openYear({ year: 2030, catalogueVersion: '2024.1', deadline: '2031-03-01' });
      await first.close();

      expect(await appliedMigrations(target)).toEqual(migrationNames());
      const again = await testDb.openStore(target);
      expect((await again.listYears()).map((y) => y.year)).toEqual([2030]);
      expect(await appliedMigrations(target)).toEqual(migrationNames());
    });

    it('take a migration that landed after later ones (0005 after 0006–0010) on a store that ran the later ones', async () => {
      const target = await testDb.fresh();
      await (await testDb.openStore(target)).close();
      // Undo 0005 by hand, as a store written by a server from before 0005 landed has it.
      const conn = connect(target);
      try {
        await conn.db.schema.dropIndex('login_failures_by_attempt').execute();
        await conn.db.schema.alterTable('login_failures').dropColumn('attempt').execute();
        await sql`delete from kysely_migration where name = '0005_login_attempts'`.execute(conn.db);
      } finally {
        await conn.db.destroy();
      }
      expect(await appliedMigrations(target)).toEqual(migrationNames().filter((n) => n !== '0005_login_attempts'));
      const reopened = await testDb.openStore(target);
      await reopened.close();
      expect(await appliedMigrations(target)).toEqual(migrationNames());
    });

    it('0003 stores the derived values of submissions stored before it, computed from their inputs', async () => {
      const target = await testDb.fresh();
      const conn = connect(target);
      const catalogue = currentCatalogue();
      const blank = (unitType: 'department' | 'district_gov') =>
        Object.fromEntries(catalogue.fields.filter((f) => f.derived && catalogue.appliesTo(f, unitType)).map((f) => [f.code, null]));
      try {
        await migrateTo(conn.db as unknown as Kysely<unknown>, conn.dialect, '0002_accounts_review_audit');
        const now = new Date().toISOString();
        const registry = sampleRegistry().filter((u) => u.code === '120101000' || u.code === '120101001');
        await conn.db
          .insertInto('units')
          .values(registry.map((u) => ({ code: u.code, name: u.name, type_label: u.typeLabel, unit_type: u.unitType, level: u.level, district_code: u.districtCode, district_name: u.districtName, updated_at: now })))
          .execute();
        await conn.db.insertInto('reporting_years').values({ year: 2024, catalogue_version: '2024.1', deadline: '2025-03-31', status: 'open', opened_at: now }).execute();
        const row = (id: string, unitCode: string, values: object) => ({
          id, unit_code: unitCode, year: 2024, version: 1, sha256: id.padEnd(64, '0'), file_name: `${id}.xlsx`, catalogue_version: '2024.1',
          uploaded_by: 'tester', uploaded_at: now, source: 'xlsx', is_current: 1, status: 'pending', values_json: JSON.stringify(values), cells_json: '{}', problems_json: '[]',
        });
        await conn.db.insertInto('blobs').values(['a', 'b'].map((id) => ({ sha256: id.padEnd(64, '0'), size: 1, bytes: Buffer.from(id) }))).execute();
        // Migration 0002's table has no derived_json yet: the rows are written as a 0002 server wrote them.
        await (conn.db as unknown as Kysely<Record<string, Record<string, unknown>>>)
          .insertInto('submissions')
          .values([
            row('a', '120101001', { 'litig.lost': 3, 'litig.concluded': 12, 'learn.exam_participants': 40 }),
            row('b', '120101000', { 'recon.revoked_changed': 2, 'recon.confirmed_illegal': 1, 'recon.ordered_perform': 1, 'recon.closed': 16 }),
          ])
          .execute();
        // verify-store is read-only: on a store before 0003 it says the derived values are not checked yet.
        // (The blobs here are stand-ins, not their hashes' bytes, so the store as a whole is not ok.)
        expect(await verifyStore(conn.db, conn.dialect)).toMatchObject({ derivedChecked: false, derivedMismatches: [] });
      } finally {
        await conn.db.destroy();
      }
      const store = await testDb.openStore(target);
      expect(await appliedMigrations(target)).toEqual(migrationNames());
      // By hand: 3 of 12 cases lost = 25 %; the exam rates blank (their other part is not filled); 2+1+1 = 4 corrected of 16 = 25 %.
      expect((await store.getSubmission('a'))!.derived).toEqual({ ...blank('department'), 'litig.loss_rate': 25 });
      expect((await store.getSubmission('b'))!.derived).toEqual({ ...blank('district_gov'), 'recon.corrected': 4, 'recon.correction_rate': 25 });
      expect(await store.verify()).toMatchObject({ derivedChecked: true, derivedMismatches: [] });
    });
  });

  describe('registry', () => {
    it('imports every unit, 市级部门 without district, districts before city departments', async () => {
      const sample = sampleRegistry();
      const units = await store.listUnits();
      expect(units).toHaveLength(sample.length);
      const city = units.filter((u) => u.typeLabel === '市级部门');
      expect(city.length).toBeGreaterThan(0);
      for (const u of city) expect(u).toMatchObject({ level: 'city', districtCode: null, districtName: null, unitType: 'department' });
      expect(units.slice(-city.length).every((u) => u.level === 'city')).toBe(true);
      const gov = await store.getUnit('120101000');
      expect(gov).toMatchObject({ typeLabel: '区人民政府', unitType: 'district_gov', districtCode: '120101', districtName: '和平区' });
      expect(await store.getUnit('nope')).toBeUndefined();
    });

    it('re-import updates existing units and inserts new ones', async () => {
      const own = await testDb.openStore();
      const sample = sampleRegistry();
      expect(await own.importRegistry(sample)).toEqual({ total: sample.length, inserted: sample.length, updated: 0 });
      const renamed: RegistryUnit[] = [
        { ...sample[0], name: '改名后的单位' },
        { code: '999', name: '新市级部门', typeLabel: '市级部门', unitType: 'department', level: 'city', districtCode: null, districtName: null },
      ];
      expect(await own.importRegistry(renamed)).toEqual({ total: 2, inserted: 1, updated: 1 });
      expect((await own.getUnit(sample[0].code))?.name).toBe('改名后的单位');
      expect(await own.unitCount()).toBe(sample.length + 1);
    });

    it('stores nothing when one unit of the import is rejected by the database', async () => {
      const own = await testDb.openStore();
      const good = sampleRegistry().slice(0, 5);
      // A city department with a district breaks the table's check constraint.
      const bad = { ...good[0], code: 'bad', level: 'city' as const, typeLabel: '市级部门' as const };
      // Matched by message: a jest worker that loaded better-sqlite3 for an earlier file throws
      // SqliteErrors from that file's realm, which are not `instanceof Error` here.
      await expect(own.importRegistry([...good, bad])).rejects.toHaveProperty('message', expect.stringContaining('units_district_matches_level'));
      expect(await own.unitCount()).toBe(0);
    });
  });

  describe('reporting years', () => {
    it('opens, lists newest first, refuses a second opening, and closes', async () => {
      const own = await testDb.openStore();
      await own.openYear({ year: 2023, catalogueVersion: '2024.1', deadline: '2024-03-01' });
      const opened = await own.openYear({ year: 2024, catalogueVersion: '2024.1', deadline: '2025-03-01' });
      expect(opened).toMatchObject({ year: 2024, catalogueVersion: '2024.1', deadline: '2025-03-01', status: 'open' });
      expect((await own.listYears()).map((y) => y.year)).toEqual([2024, 2023]);
      const error = await expectAppError(own.openYear({ year: 2024, catalogueVersion: '2024.1', deadline: '2025-03-01' }), 'YEAR_EXISTS', 409);
      expect(error.message).toContain('2024年度已经开放');
      // Racing openings of one year: exactly one wins, the others are told it exists.
      const race = await Promise.allSettled(
        Array.from({ length: 5 }, () => own.openYear({ year: 2026, catalogueVersion: '2024.1', deadline: '2027-03-01' })),
      );
      expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of race) if (r.status === 'rejected') expect((r.reason as AppError).code).toBe('YEAR_EXISTS');
      expect((await own.setYearStatus(2023, 'closed')).status).toBe('closed');
      expect((await own.getYear(2023))?.status).toBe('closed');
      await expectAppError(own.setYearStatus(1999, 'closed'), 'YEAR_UNKNOWN', 404);
    });
  });

  describe('submissions', () => {
    it('numbers versions, keeps one current, detects re-uploads of the current bytes', async () => {
      const unit = '120102001';
      const v1 = await store.storeSubmission(submission({ unitCode: unit, content: 'first' }));
      expect(v1).toMatchObject({ version: 1, duplicate: false });
      const again = await store.storeSubmission(submission({ unitCode: unit, content: 'first' }));
      expect(again).toEqual({ id: v1.id, version: 1, duplicate: true });
      const v2 = await store.storeSubmission(submission({ unitCode: unit, content: 'second' }));
      expect(v2).toMatchObject({ version: 2, duplicate: false });
      // Going back to the first file is a new version, not a duplicate: it changes what is current.
      const v3 = await store.storeSubmission(submission({ unitCode: unit, content: 'first' }));
      expect(v3).toMatchObject({ version: 3, duplicate: false });

      const history = await store.submissionHistory(unit, 2024);
      expect(history.map((h) => [h.version, h.isCurrent])).toEqual([
        [3, true],
        [2, false],
        [1, false],
      ]);
      const sha = createHash('sha256').update('first').digest('hex');
      expect((await store.findSubmissionBySha(unit, 2024, sha))?.version).toBe(3);
      expect(await store.findSubmissionBySha(unit, 2024, createHash('sha256').update('other').digest('hex'))).toBeUndefined();
      const blob = await store.getBlob(sha);
      expect(blob?.bytes.toString()).toBe('first');
      expect(blob?.size).toBe(5);
    });

    it('round-trips values, cells and problems and lists current versions of a year', async () => {
      const unit = '120103001';
      const stored = await store.storeSubmission(submission({ unitCode: unit, content: 'round-trip', source: 'json' }));
      const got = await store.getSubmission(stored.id);
      expect(got).toMatchObject({
        unitCode: unit,
        year: 2024,
        version: 1,
        source: 'json',
        status: 'accepted',
        isCurrent: true,
        fileName: '和平区司法局.xlsx',
        values: submission().values,
        derived: submission().derived,
        cells: submission().cells,
        problems: submission().problems,
      });
      expect(Date.parse(got!.uploadedAt)).not.toBeNaN();
      const current = await store.currentSubmissions(2024);
      expect(current.find((s) => s.unitCode === unit)?.id).toBe(stored.id);
      expect(current.every((s) => s.isCurrent)).toBe(true);
      expect(new Set(current.map((s) => s.unitCode)).size).toBe(current.length);
      const summaries = await store.currentSubmissionSummaries(2024);
      expect(summaries.map((s) => s.id)).toEqual(current.map((s) => s.id));
      expect(summaries[0]).not.toHaveProperty('values');
      expect(await store.getSubmission('00000000-0000-0000-0000-000000000000')).toBeUndefined();
    });

    it('gives 20 concurrent uploads of one unit distinct versions 1..20 and one current', async () => {
      const unit = '120104001';
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.storeSubmission(submission({ unitCode: unit, content: `parallel-${i}` }))),
      );
      expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const history = await store.submissionHistory(unit, 2024);
      expect(history).toHaveLength(20);
      expect(history.filter((h) => h.isCurrent).map((h) => h.version)).toEqual([20]);
    });

    it('rejects unknown units and years with Chinese errors and stores nothing', async () => {
      const error = await expectAppError(store.storeSubmission(submission({ unitCode: 'ghost' })), 'UNIT_UNKNOWN', 400);
      expect(error.message).toContain('ghost');
      await expectAppError(store.storeSubmission(submission({ year: 1990 })), 'YEAR_UNKNOWN', 400);
      await expectAppError(store.storeSubmission(submission({ sha256: '0'.repeat(64) })), 'SHA256_MISMATCH', 400);
      expect(await store.submissionHistory('ghost', 2024)).toEqual([]);
      expect(await store.submissionHistory(UNIT, 1990)).toEqual([]);
    });

    it('stores a batch in one transaction: in order, or not at all', async () => {
      const units = ['120105001', '120105002', '120105001'];
      const results = await store.storeSubmissions(units.map((u, i) => submission({ unitCode: u, content: `batch-${i}` })));
      expect(results.map((r) => r.version)).toEqual([1, 1, 2]);
      expect((await store.submissionHistory('120105001', 2024)).map((h) => h.isCurrent)).toEqual([true, false]);

      // Inside one batch: identical bytes to the version just added are a duplicate of it.
      const mixed = await store.storeSubmissions([
        submission({ unitCode: '120105002', content: 'batch-1' }),
        submission({ unitCode: '120105002', content: 'batch-new' }),
        submission({ unitCode: '120105002', content: 'batch-new' }),
      ]);
      expect(mixed.map((r) => [r.version, r.duplicate])).toEqual([
        [1, true],
        [2, false],
        [2, true],
      ]);
      expect(mixed[2].id).toBe(mixed[1].id);
      expect((await store.submissionHistory('120105002', 2024)).map((h) => [h.version, h.isCurrent])).toEqual([
        [2, true],
        [1, false],
      ]);

      const before = (await store.currentSubmissions(2024)).length;
      await expectAppError(
        store.storeSubmissions([submission({ unitCode: '120106001', content: 'ok' }), submission({ unitCode: 'ghost', content: 'x' })]),
        'UNIT_UNKNOWN',
        400,
      );
      expect(await store.submissionHistory('120106001', 2024)).toEqual([]);
      expect((await store.currentSubmissions(2024)).length).toBe(before);
    });
  });
});
