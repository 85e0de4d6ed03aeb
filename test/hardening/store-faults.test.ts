// A database that cannot take the write (SQLite locked by another process beyond busy_timeout) must
// answer 5xx with a Chinese "try again", store nothing, and the same upload must succeed on retry.
import SqliteDatabase from 'better-sqlite3';
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
});
