// An accepted upload and its audit entry are one write: when the database refuses the audit row
// (here a trigger, standing in for any failure at that point of the transaction), the submission and
// its blob are not stored either, the server keeps answering, and the retry stores both.
import SqliteDatabase from 'better-sqlite3';
import { Client } from 'pg';
import { sqliteFile } from '../../aggregator/src/store';
import { forEachDatabase, type DatabaseKind } from '../support/databases';
import { startTestServer, type TestServer } from '../support/server';
import { CORPUS_UNIT, validWorkbook } from './corpus';
import { uploadFiles } from './http';

/** Makes every insert into audit_log fail (updates and deletes stay refused by migration 0002). */
async function refuseAuditInserts(kind: DatabaseKind, server: TestServer): Promise<{ drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const other = new SqliteDatabase(sqliteFile(server.target.dataDir));
    other.pragma('busy_timeout = 10000');
    other.exec("create trigger refuse_audit before insert on audit_log begin select raise(abort, 'audit refused (test)'); end");
    return {
      async drop() {
        other.exec('drop trigger refuse_audit');
        other.close();
      },
    };
  }
  // The URL sets search_path to the suite's own schema, so the trigger lands on its audit_log only.
  const client = new Client({ connectionString: server.target.databaseUrl });
  await client.connect();
  await client.query(`create function refuse_audit() returns trigger language plpgsql as $$
    begin raise exception 'audit refused (test)'; end $$`);
  await client.query('create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit()');
  return {
    async drop() {
      try {
        await client.query('drop trigger refuse_audit on audit_log');
        await client.query('drop function refuse_audit()');
      } finally {
        await client.end();
      }
    },
  };
}

forEachDatabase((db) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(db);
  });
  afterAll(() => server?.close());

  const acceptedEntries = () => server.store.audit.query({ action: 'upload.accepted' });

  it('an audit row the database refuses: 5xx, nothing stored, the server answers; the retry stores the file with exactly one entry', async () => {
    const bytes = await validWorkbook(21);
    const before = await server.store.verify();
    const entriesBefore = await acceptedEntries();
    const refusal = await refuseAuditInserts(db.kind, server);
    let answer;
    try {
      answer = await uploadFiles(server.url, server.admin.headers, [{ name: 'audited.xlsx', bytes }]);
      expect(answer.status).toBeGreaterThanOrEqual(500);
      // The user is told, in Chinese, to try again.
      expect(answer.body.error.message).toMatch(/[\u4e00-\u9fff].*重试/);
      const after = await server.store.verify();
      expect(after).toMatchObject({ ok: true, counts: before.counts });
      expect(await server.store.submissionHistory(CORPUS_UNIT, 2024)).toEqual([]);
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    } finally {
      await refusal.drop();
    }

    const retry = await uploadFiles(server.url, server.admin.headers, [{ name: 'audited.xlsx', bytes }]);
    expect(retry.status).toBe(200);
    const file = retry.body.files[0];
    expect(file).toMatchObject({ status: 'accepted', version: 1, submissionId: expect.any(String) });
    expect((await server.store.verify()).counts.submissions).toBe(before.counts.submissions + 1);
    const added = (await acceptedEntries()).slice(entriesBefore.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ actor: 'admin', actorRole: 'city_admin', unitCode: CORPUS_UNIT, year: 2024 });
    expect(added[0].detail).toEqual({ file: 'audited.xlsx', submissionId: file.submissionId, version: 1, ip: expect.any(String) });
  }, 60_000);
});
