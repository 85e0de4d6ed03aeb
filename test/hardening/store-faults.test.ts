// A database that cannot take the write (SQLite locked by another process beyond busy_timeout, a full
// disk) must answer 5xx with a Chinese "try again", store nothing, and the same upload must succeed on
// retry. When it fails half-way through a large upload, what was stored is answered as stored and the
// rest is named as not stored: never a bare 5xx that hides stored files. Every file answered as
// stored has its upload.accepted audit entry in the database (written in the transaction that stored it).
import SqliteDatabase from 'better-sqlite3';
import { Client } from 'pg';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { filledWorkbookFor } from '../support/workbooks';
import { sqliteFile } from '../../aggregator/src/store';
import { forEachDatabase } from '../support/databases';
import { startTestServer, type TestServer } from '../support/server';
import { CORPUS_YEAR, validWorkbook, validWorkbookCopies } from './corpus';
import { uploadFiles, type Headers } from './http';

/** The SQLite file's cap in pages for the disk-full tests (16 MB of 4 KB pages). */
const MAX_PAGES = 4096;

/**
 * Another program fills the disk: a ballast table, written through its own connection (which has no
 * cap), grows the file until the server's connection has only about `room` pages left to grow into.
 */
function fillDisk(dataDir: string, room: number): { free(): void } {
  const other = new SqliteDatabase(sqliteFile(dataDir));
  other.pragma('busy_timeout = 10000');
  other.exec('create table if not exists ballast (bytes blob)');
  const pageSize = Number(other.pragma('page_size', { simple: true }));
  const left = () => MAX_PAGES - Number(other.pragma('page_count', { simple: true })) + Number(other.pragma('freelist_count', { simple: true }));
  const insert = other.prepare('insert into ballast values (?)');
  // A blob of n pages' worth takes a few pages more (overflow headers), hence the margin.
  while (left() - room > 4) insert.run(Buffer.alloc(Math.floor((left() - room - 2) * pageSize * 0.95)));
  return {
    // The administrator frees the disk: the dropped pages are free for the server to reuse.
    free() {
      other.exec('drop table ballast');
      other.close();
    },
  };
}

/** Used pages of the server's file (what a batch of uploads costs), read through a connection of our own. */
function usedPages(dataDir: string): number {
  const other = new SqliteDatabase(sqliteFile(dataDir), { readonly: true });
  try {
    return Number(other.pragma('page_count', { simple: true })) - Number(other.pragma('freelist_count', { simple: true }));
  } finally {
    other.close();
  }
}

/** The submission ids of the upload.accepted entries written since `skip` such entries. */
async function acceptedIdsAudited(server: TestServer, skip: number): Promise<string[]> {
  const entries = await server.store.audit.query({ action: 'upload.accepted' });
  return entries.slice(skip).map((e) => String(e.detail.submissionId));
}

forEachDatabase((db) => {
  let server: TestServer;
  let headers: Headers;

  beforeAll(async () => {
    if (db.kind !== 'sqlite') return;
    server = await startTestServer(db);
    headers = server.admin.headers;
  });
  afterAll(() => server?.close());

  (db.kind === 'sqlite' ? it : it.skip)('database locked past busy_timeout: 503 in Chinese, nothing stored, the retry is accepted', async () => {
    const bytes = await validWorkbook(7);
    const before = await server.store.verify();
    // Another process (a CLI, a backup tool) holds the write lock for longer than the server waits.
    const other = new SqliteDatabase(sqliteFile(server.target.dataDir));
    other.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    let answer;
    try {
      answer = await uploadFiles(server.url, headers, [{ name: 'locked.xlsx', bytes }]);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('STORE_BUSY');
    expect(answer.body.error.message).toMatch(/[\u4e00-\u9fff].*重试/);
    const after = await server.store.verify();
    expect(after.counts).toEqual(before.counts);
    expect(after.ok).toBe(true);

    const retry = await uploadFiles(server.url, headers, [{ name: 'locked.xlsx', bytes }]);
    expect(retry.status).toBe(200);
    expect(retry.body.files[0].status).toBe('accepted');
  }, 60_000);

  (db.kind === 'postgres' ? it : it.skip)('rows locked past lock_timeout: 503 in Chinese, nothing stored, the retry is accepted', async () => {
    const own = await startTestServer(db);
    const other = new Client({ connectionString: own.target.databaseUrl });
    try {
      const bytes = await validWorkbook(7);
      const before = await own.store.verify();
      // Another session (a maintenance script, a second instance stuck mid-transaction) holds every unit row.
      await other.connect();
      await other.query('begin');
      await other.query('select code from units for update');
      const answer = await uploadFiles(own.url, own.admin.headers, [{ name: 'locked.xlsx', bytes }]);
      await other.query('rollback');
      expect(answer.status).toBe(503);
      expect(answer.body.error.code).toBe('STORE_BUSY');
      expect(answer.body.error.message).toMatch(/[\u4e00-\u9fff].*重试/);
      const after = await own.store.verify();
      expect(after.counts).toEqual(before.counts);
      expect(after.ok).toBe(true);

      const retry = await uploadFiles(own.url, own.admin.headers, [{ name: 'locked.xlsx', bytes }]);
      expect(retry.status).toBe(200);
      expect(retry.body.files[0].status).toBe('accepted');
    } finally {
      await other.end().catch(() => undefined);
      await own.close();
    }
  }, 60_000);

  (db.kind === 'postgres' ? it : it.skip)('a database failure after the first 100 files: those answered accepted, the rest named as not stored', async () => {
    server = await startTestServer(db);
    headers = server.admin.headers;
    const copies = await validWorkbookCopies(100, 9);
    const other = sampleRegistry().find((u) => u.code === '120101002')!;
    const last = await filledWorkbookFor(other, 2024);
    // The database refuses one unit's row as a lock timeout would (SQLSTATE 55P03).
    const client = new Client({ connectionString: server.target.databaseUrl });
    await client.connect();
    try {
      await client.query(`create function refuse_one() returns trigger language plpgsql as $$
        begin if new.unit_code = '120101002' then raise exception 'simulated lock timeout' using errcode = '55P03'; end if; return new; end $$`);
      await client.query('create trigger refuse_one before insert on submissions for each row execute function refuse_one()');
    } finally {
      await client.end();
    }
    const files = [...copies.map((bytes, i) => ({ name: `copy-${i}.xlsx`, bytes })), { name: 'last.xlsx', bytes: last }];
    const audited = (await server.store.audit.query({ action: 'upload.accepted' })).length;
    const answer = await uploadFiles(server.url, headers, files);
    expect(answer.status).toBe(200);
    const byStatus = answer.body.files.map((f: { status: string }) => f.status);
    expect(byStatus.filter((s: string) => s === 'accepted')).toHaveLength(100);
    const refused = answer.body.files[100];
    expect(refused).toMatchObject({ status: 'rejected', problems: [expect.objectContaining({ rule: 'STORE_UNAVAILABLE', message: expect.stringContaining('重新上传') })] });
    const check = await server.store.verify();
    expect(check).toMatchObject({ ok: true, counts: { submissions: 100 } });
    const acceptedIds = answer.body.files.filter((f: { status: string }) => f.status === 'accepted').map((f: { submissionId: string }) => f.submissionId);
    expect((await acceptedIdsAudited(server, audited)).sort()).toEqual(acceptedIds.sort());
  }, 120_000);

  (db.kind === 'postgres' ? it : it.skip)('disk full (SQLSTATE 53100) on write: 503 STORE_FULL in Chinese, nothing stored, the retry is accepted', async () => {
    server ??= await startTestServer(db);
    headers = server.admin.headers;
    const bytes = await validWorkbook(11);
    const client = new Client({ connectionString: server.target.databaseUrl });
    await client.connect();
    try {
      await client.query(`create function disk_full() returns trigger language plpgsql as $$
        begin raise exception 'could not extend file: No space left on device' using errcode = '53100'; end $$`);
      await client.query('create trigger disk_full before insert on blobs for each row execute function disk_full()');
      const before = await server.store.verify();
      const answer = await uploadFiles(server.url, headers, [{ name: 'full.xlsx', bytes }]);
      expect([answer.status, answer.body.error?.code]).toEqual([503, 'STORE_FULL']);
      expect(answer.body.error.message).toMatch(/磁盘空间不足.*重试/);
      expect((await server.store.verify()).counts).toEqual(before.counts);
      await client.query('drop trigger disk_full on blobs');
    } finally {
      await client.end();
    }
    const retry = await uploadFiles(server.url, headers, [{ name: 'full.xlsx', bytes }]);
    expect([retry.status, retry.body.files[0].status]).toEqual([200, 'accepted']);
  }, 60_000);

  describe('disk full', () => {
    let full: TestServer;
    let fullHeaders: Headers;
    beforeAll(async () => {
      if (db.kind !== 'sqlite') return;
      full = await startTestServer(db, { sqliteMaxPages: MAX_PAGES });
      fullHeaders = full.admin.headers;
    });
    afterAll(() => full?.close());

    (db.kind === 'sqlite' ? it : it.skip)('SQLITE_FULL on write: 503 STORE_FULL in Chinese, nothing stored, the server answers, the retry is accepted once space is freed', async () => {
      const bytes = await validWorkbook(13);
      const before = await full.store.verify();
      const disk = fillDisk(full.target.dataDir, 2);
      let answer;
      try {
        answer = await uploadFiles(full.url, fullHeaders, [{ name: 'full.xlsx', bytes }]);
        expect([answer.status, answer.body.error?.code]).toEqual([503, 'STORE_FULL']);
        expect(answer.body.error.message).toMatch(/磁盘空间不足.*未保存.*管理员.*重试/);
        const after = await full.store.verify();
        expect(after).toMatchObject({ ok: true, counts: before.counts });
        // Reads still work while the disk is full.
        expect((await fetch(`${full.url}/api/health`)).status).toBe(200);
        const list = await fetch(`${full.url}/api/submissions?year=${CORPUS_YEAR}`, { headers: fullHeaders });
        expect(list.status).toBe(200);
      } finally {
        disk.free();
      }
      const retry = await uploadFiles(full.url, fullHeaders, [{ name: 'full.xlsx', bytes }]);
      expect([retry.status, retry.body.files[0].status]).toEqual([200, 'accepted']);
      expect(await full.store.verify()).toMatchObject({ ok: true, counts: { submissions: before.counts.submissions + 1 } });
    }, 60_000);

    (db.kind === 'sqlite' ? it : it.skip)('disk full half-way through 150 files: those answered accepted are stored, the rest named as not stored, and go in once space is freed', async () => {
      const books = await validWorkbookCopies(160, 15);
      // What 10 files cost on disk, to leave room for about 120 of the 150.
      const start = usedPages(full.target.dataDir);
      const calibration = await uploadFiles(full.url, fullHeaders, books.slice(0, 10).map((bytes, i) => ({ name: `c-${i}.xlsx`, bytes })));
      expect(calibration.body.files.every((f: { status: string }) => f.status === 'accepted')).toBe(true);
      const perFile = (usedPages(full.target.dataDir) - start) / 10;
      const before = await full.store.verify();

      const files = books.slice(10).map((bytes, i) => ({ name: `copy-${i}.xlsx`, bytes }));
      const audited = (await full.store.audit.query({ action: 'upload.accepted' })).length;
      const disk = fillDisk(full.target.dataDir, Math.ceil(perFile * 120));
      let answer;
      try {
        answer = await uploadFiles(full.url, fullHeaders, files);
      } catch (error) {
        disk.free();
        throw error;
      }
      let check;
      try {
        expect(answer.status).toBe(200);
        check = await full.store.verify();
      } finally {
        disk.free();
      }
      type FileAnswer = { file: string; status: string; submissionId: string | null; problems: { rule: string; message: string }[] };
      const answered = answer.body.files as FileAnswer[];
      const accepted = answered.filter((f) => f.status === 'accepted');
      const refused = answered.filter((f) => f.status !== 'accepted');
      // The first batch of 100 fits, the second does not: it is retried file by file until the disk is full.
      expect(accepted.length).toBeGreaterThanOrEqual(100);
      expect(refused.length).toBeGreaterThan(0);
      for (const f of refused) {
        expect(f).toMatchObject({ status: 'rejected', submissionId: null, problems: [expect.objectContaining({ rule: 'STORE_UNAVAILABLE', message: expect.stringContaining('重新上传') })] });
      }
      // Those answered accepted are stored (with their original bytes), nothing else is.
      expect(check).toMatchObject({ ok: true, counts: { submissions: before.counts.submissions + accepted.length } });
      // Their audit entries are in the database, not only in the server log: written with each file.
      expect((await acceptedIdsAudited(full, audited)).sort()).toEqual(accepted.map((f) => f.submissionId!).sort());
      for (const f of [accepted[0], accepted[accepted.length - 1]]) {
        const original = await fetch(`${full.url}/api/submissions/${f.submissionId}/original`, { headers: fullHeaders });
        expect(Buffer.from(await original.arrayBuffer()).equals(files.find((x) => x.name === f.file)!.bytes)).toBe(true);
      }

      const again = await uploadFiles(full.url, fullHeaders, files.filter((f) => refused.some((r) => r.file === f.name)));
      expect(again.status).toBe(200);
      expect(again.body.files.map((f: FileAnswer) => f.status)).toEqual(refused.map(() => 'accepted'));
      expect(await full.store.verify()).toMatchObject({ ok: true, counts: { submissions: before.counts.submissions + files.length } });
    }, 180_000);
  });
});
