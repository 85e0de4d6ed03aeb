// A database that cannot take the write (SQLite locked by another process beyond busy_timeout) must
// answer 5xx with a Chinese "try again", store nothing, and the same upload must succeed on retry.
// When it fails half-way through a large upload, what was stored is answered as stored and the rest
// is named as not stored: never a bare 5xx that hides stored files.
import SqliteDatabase from 'better-sqlite3';
import { Client } from 'pg';
import { sampleRegistry } from '../../templates/src/registry';
import { rewriteParts } from '../support/hostile';
import { filledWorkbookFor } from '../support/workbooks';
import { sqliteFile } from '../../aggregator/src/store';
import { forEachDatabase } from '../support/databases';
import { startTestServer, type TestServer } from '../support/server';
import { validWorkbook } from './corpus';
import { uploadFiles, type Headers } from './http';

forEachDatabase((db) => {
  let server: TestServer;
  let headers: Headers;

  beforeAll(async () => {
    if (db.kind !== 'sqlite') return;
    server = await startTestServer(db);
    headers = server.admin.headers;
  });
  afterAll(() => server?.close());

  // PostgreSQL waits for a row lock without limit (no lock_timeout is set): see the hardening notes.
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

  (db.kind === 'postgres' ? it : it.skip)('a database failure after the first 100 files: those answered accepted, the rest named as not stored', async () => {
    server = await startTestServer(db);
    headers = server.admin.headers;
    const base = await validWorkbook(9);
    const copies = await Promise.all(Array.from({ length: 100 }, (_, i) => rewriteParts(base, (n, t) => (n === 'docProps/app.xml' ? `${t}<!-- ${i} -->` : t))));
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
    const answer = await uploadFiles(server.url, headers, files);
    expect(answer.status).toBe(200);
    const byStatus = answer.body.files.map((f: { status: string }) => f.status);
    expect(byStatus.filter((s: string) => s === 'accepted')).toHaveLength(100);
    const refused = answer.body.files[100];
    expect(refused).toMatchObject({ status: 'rejected', problems: [expect.objectContaining({ rule: 'STORE_UNAVAILABLE', message: expect.stringContaining('重新上传') })] });
    const check = await server.store.verify();
    expect(check).toMatchObject({ ok: true, counts: { submissions: 100 } });
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
});
