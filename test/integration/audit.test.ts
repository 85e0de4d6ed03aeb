// The audit log over HTTP on both databases: what gets recorded (logins, uploads per file, account
// and token changes, year changes, rollup downloads), the filters, the CSV export, and that the
// database itself refuses to change or delete an entry.
import SqliteDatabase from 'better-sqlite3';
import { Client } from 'pg';
import { currentCatalogue } from '../../templates/src/core/catalogue';
import { readWorkbook } from '../../templates/src/xlsx/read-workbook';
import { sampleRegistry } from '../../templates/src/samples/registry';
import type { ValuesSubmission } from '../../templates/src/core/values-submission';
import { sqliteFile } from '../../aggregator/src/store';
import { todayInChina } from '../../aggregator/src/auth/upload-guard';
import { forEachDatabase } from '../support/databases';
import { callerFor, fetchJson, login, startTestServer, TEST_ADMIN, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const YEAR = 2024;
const UNIT = sampleRegistry().find((u) => u.code === '120104002')!;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Entry = any;

forEachDatabase((db) => {
  let server: TestServer;
  const audit = async (query: string): Promise<Entry[]> => {
    const answer = await fetchJson(`${server.url}/api/audit${query}`, server.authed());
    expect(answer.status).toBe(200);
    return answer.body.entries;
  };

  beforeAll(async () => {
    server = await startTestServer(db);
    // Logins: one failure (with a name that would be a formula in Excel), one success, a logout.
    await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: '=cmd|calc', password: 'wrong-password' }) });
    const session = await login(server, TEST_ADMIN.username, TEST_ADMIN.password);
    await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: session.headers });
    // Uploads: accepted, duplicate, rejected — one audit entry per file.
    const good = await filledWorkbookFor(UNIT, YEAR);
    const bad = await filledWorkbookFor(UNIT, YEAR, { 'reg.ns_issued': -5 });
    for (const files of [[good], [good, bad]]) {
      const form = new FormData();
      files.forEach((bytes, i) => form.append('files', new Blob([new Uint8Array(bytes)]), `${i}.xlsx`));
      await fetchJson(`${server.url}/api/submissions`, server.authed({ method: 'POST', body: form }));
    }
    await callerFor(server, 'unit', { unitCode: UNIT.code });
    await fetch(`${server.url}/api/rollups/${YEAR}/city.xlsx`, server.authed()).then((r) => r.arrayBuffer());
  });
  afterAll(() => server?.close());

  it('records logins, uploads per file, account and token changes and downloads, with who and what', async () => {
    const entries = await audit('');
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['login.failure', 'login.success', 'logout', 'upload.accepted', 'upload.duplicate', 'upload.rejected', 'user.create', 'token.create', 'rollup.download']),
    );
    const failure = entries.find((e) => e.action === 'login.failure');
    expect(failure).toMatchObject({ actor: '=cmd|calc', detail: { reason: 'unknown_user', ip: expect.any(String) }, actionLabel: '登录失败' });
    const rejected = entries.find((e) => e.action === 'upload.rejected');
    expect(rejected).toMatchObject({ actor: 'admin', actorRole: 'city_admin', unitCode: UNIT.code, year: YEAR, detail: { file: '1.xlsx', errors: expect.any(Array) } });
    expect(entries.find((e) => e.action === 'rollup.download').detail).toEqual({ file: 'city.xlsx' });
    // Oldest first, ids increasing, timestamps ISO.
    expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((a, b) => a - b));
    for (const e of entries) expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('filters by actor, unit, exact action, action prefix and time', async () => {
    const byAdmin = await audit('?actor=admin');
    expect(byAdmin.length).toBeGreaterThan(0);
    expect(byAdmin.every((e) => e.actor === 'admin')).toBe(true);
    const uploads = await audit(`?unit=${UNIT.code}&action=upload.`);
    expect(uploads.map((e) => e.action).sort()).toEqual(['upload.accepted', 'upload.duplicate', 'upload.rejected']);
    expect((await audit('?action=upload')).length).toBe(0); // exact match: no action is called just "upload"
    expect((await audit('?action=logout')).length).toBe(1);
    const later = new Date(Date.now() + 3_600_000).toISOString();
    expect(await audit(`?from=${encodeURIComponent(later)}`)).toEqual([]);
    expect(await audit('?to=2000-01-01')).toEqual([]);
    const today = todayInChina();
    expect((await audit(`?from=${today}&to=${today}`)).length).toBeGreaterThan(5);
    expect((await fetchJson(`${server.url}/api/audit?from=yesterday`, server.authed())).status).toBe(400);
  });

  it('exports CSV with a BOM, Chinese headers and formula-looking text neutralised', async () => {
    const response = await fetch(`${server.url}/api/audit?format=csv&action=login.`, server.authed());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    // For people (issue 14 item 10, changed on purpose): Beijing time, Chinese names, the detail as text, the code last.
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('序号,时间（北京时间）,操作人,角色,操作,单位代码,年度,详情,操作代码');
    expect(lines[1]).toMatch(/^\d+,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},/);
    expect(text).toMatch(/登录失败,,,(原因：密码错误|.*原因：(密码错误|用户名不存在))/);
    expect(text).not.toMatch(/\{"/);
    expect(text).not.toContain('::ffff:');
    expect(text).toContain("'=cmd|calc");
    expect(text).not.toMatch(/(^|,)=cmd/m);
  });

  it('pages newest first, filtered and counted on the server, each entry readable by people', async () => {
    const all = await audit('');
    const first = await fetchJson(`${server.url}/api/audit?page=1&pageSize=20`, server.authed());
    expect(first.status).toBe(200);
    // By hand: the newest 20 of all entries, newest first; pages = ceil(total / 20).
    expect(first.body).toMatchObject({ page: 1, pageSize: 20, total: all.length, pages: Math.ceil(all.length / 20) });
    expect(first.body.entries.map((e: Entry) => e.id)).toEqual(all.map((e) => e.id).reverse().slice(0, 20));
    const second = await fetchJson(`${server.url}/api/audit?page=2&pageSize=20`, server.authed());
    expect(second.body.entries.map((e: Entry) => e.id)).toEqual(all.map((e) => e.id).reverse().slice(20, 40));

    const logins = await fetchJson(`${server.url}/api/audit?action=login.&pageSize=20`, server.authed());
    expect(logins.body.total).toBe(all.filter((e) => e.action.startsWith('login.')).length);
    const failure = logins.body.entries.find((e: Entry) => e.action === 'login.failure');
    expect(failure).toMatchObject({ actionLabel: '登录失败', atLocal: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) });
    expect(failure.description).toMatch(/原因：(密码错误|用户名不存在)/);
    expect(failure.description).not.toContain('::ffff:');
    // The first start's administrator: made by the system, not by an account called "system".
    const made = (await fetchJson(`${server.url}/api/audit?action=user.create&pageSize=200`, server.authed())).body.entries.at(-1);
    expect(made).toMatchObject({ actorLabel: '系统（首次启动）', actorRoleLabel: '系统' });
    expect(made.description).toBe('用户名：admin；角色：市级管理员；首次启动：是');
    expect(made.description).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);

    const bad = await fetchJson(`${server.url}/api/audit?page=0`, server.authed());
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/页码应为从 1 开始的整数/);
    expect((await fetchJson(`${server.url}/api/audit?pageSize=7`, server.authed())).body.error.message).toMatch(/每页条数应为 20、50、100、200 之一/);
  });

  it("writes an accepted upload's entry with the submission: its id, version and time, from both upload routes", async () => {
    const [accepted] = await audit(`?unit=${UNIT.code}&action=upload.accepted`);
    const [stored] = await server.store.submissionHistory(UNIT.code, YEAR);
    // Same keys in the same order as always (the audit page and the CSV show them so).
    expect(Object.keys(accepted.detail)).toEqual(['file', 'submissionId', 'version', 'ip']);
    expect(accepted.detail).toEqual({ file: '0.xlsx', submissionId: stored.id, version: stored.version, ip: expect.any(String) });
    expect(accepted.at).toBe(stored.uploadedAt);

    const other = sampleRegistry().find((u) => u.code === '120105002')!;
    const read = readWorkbook(await filledWorkbookFor(other, YEAR), currentCatalogue());
    const cells: ValuesSubmission['cells'] = {};
    for (const [code, c] of Object.entries(read.sheet!.cells)) cells[code] = { address: c.ref.address, raw: c.raw, ...(c.formula ? { formula: c.formula } : {}) };
    const body: ValuesSubmission = { fileName: '填报助手', stamp: read.stamp, cells };
    const answer = await fetchJson(
      `${server.url}/api/submissions/values`,
      server.authed({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    );
    expect(answer.body.files[0]).toMatchObject({ status: 'accepted', version: 1 });
    const fromValues = await audit(`?unit=${other.code}&action=upload.`);
    expect(fromValues).toHaveLength(1);
    expect(fromValues[0]).toMatchObject({ action: 'upload.accepted', actor: 'admin', year: YEAR, detail: { file: '填报助手', submissionId: answer.body.files[0].submissionId, version: 1 } });
  });

  it('has no route that changes the log, and the database refuses updates and deletes', async () => {
    for (const method of ['PATCH', 'DELETE', 'PUT']) {
      expect((await fetch(`${server.url}/api/audit`, server.authed({ method }))).status).toBe(404);
    }
    const count = (await audit('')).length;
    if (db.kind === 'sqlite') {
      const raw = new SqliteDatabase(sqliteFile(server.target.dataDir));
      try {
        expect(() => raw.prepare("update audit_log set actor = 'someone else'").run()).toThrow(/审计日志只能追加/);
        expect(() => raw.prepare('delete from audit_log').run()).toThrow(/审计日志只能追加/);
      } finally {
        raw.close();
      }
    } else {
      const client = new Client({ connectionString: server.target.databaseUrl });
      await client.connect();
      try {
        await expect(client.query("update audit_log set actor = 'someone else'")).rejects.toThrow(/审计日志只能追加/);
        await expect(client.query('delete from audit_log')).rejects.toThrow(/审计日志只能追加/);
      } finally {
        await client.end();
      }
    }
    expect((await audit('')).length).toBeGreaterThanOrEqual(count);
  });
});
