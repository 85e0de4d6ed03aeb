// Issue 14 item 1: the demo data a first start loads is marked, leaves in one audited step (page API
// and CLI), never comes back, and takes nothing of the deployment's own with it; SAMPLE_DATA=0
// starts clean. Real HTTP, real database, both dialects.
import { spawn } from 'node:child_process';
import path from 'node:path';
import pino from 'pino';
import { REGISTRY_COLUMNS } from '../../templates/src/core/registry';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { startServer } from '../../aggregator/src/main';
import { forEachDatabase } from '../support/databases';
import { callerFor, fetchJson, login, startTestServer, TEST_ADMIN, type Caller, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx');
const YEAR = 2024;
const SAMPLE = sampleRegistry();
const SAMPLE_UNIT = SAMPLE.find((u) => u.districtCode === '120104' && u.unitType === 'department')!;

/** The deployment's own registry: one district of two units, none of them in the sample. */
const OWN_CSV =
  [REGISTRY_COLUMNS.map((c) => c.zh), ['R001000', '自有区人民政府', '区人民政府', 'R001', '自有区'], ['R001001', '自有区司法局', '区级部门', 'R001', '自有区']]
    .map((r) => r.join(','))
    .join('\r\n') + '\r\n';

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, [path.resolve(__dirname, '../../aggregator/src/cli/registry.ts'), ...args], { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function uploadFor(server: TestServer, who: Caller, unit: (typeof SAMPLE)[number]) {
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(await filledWorkbookFor(unit, YEAR))]), `${unit.name}.xlsx`);
  const answer = await fetchJson(`${server.url}/api/submissions`, { method: 'POST', body: form, headers: who.headers });
  expect(answer.body.files[0]).toMatchObject({ unit: unit.code, status: "accepted", problems: [] });
  return answer.body.files[0].submissionId as string;
}

const registry = async (server: TestServer) => (await fetchJson(`${server.url}/api/registry`, server.authed())).body;
const years = async (server: TestServer) => (await fetchJson(`${server.url}/api/years`, server.authed())).body.years.map((y: { year: number }) => y.year);

forEachDatabase((db) => {
  describe('a deployment that grew out of the demo', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(db);
    });
    afterAll(() => server?.close());

    it('removes every sample unit, year, account and submission and keeps all of its own', async () => {
      const counts = await fetchJson(`${server.url}/api/registry/sample`, server.authed());
      expect(counts.body).toMatchObject({ units: SAMPLE.length, years: [2023, 2024], accounts: 0, submissions: 0 });

      const form = new FormData();
      form.append('file', new Blob([OWN_CSV]), '自有名录.csv');
      expect((await fetchJson(`${server.url}/api/registry`, server.authed({ method: 'POST', body: form }))).status).toBe(200);
      const own = (await registry(server)).units.find((u: { code: string }) => u.code === 'R001001');
      expect((await registry(server)).total).toBe(SAMPLE.length + 2);

      // Accounts: two of the sample's (a unit and its district's coordinator), two of the deployment's.
      const sampleUnitAccount = await callerFor(server, 'unit', { unitCode: SAMPLE_UNIT.code }, 'cookie');
      await callerFor(server, 'district_admin', { districtCode: '120104' });
      const ownUnitAccount = await callerFor(server, 'unit', { unitCode: 'R001001' }, 'cookie');
      const ownCoordinator = await callerFor(server, 'district_admin', { districtCode: 'R001' });
      // The seeded year's deadline is long past; units may upload until the far future here.
      const extended = await fetchJson(
        `${server.url}/api/years/${YEAR}/status`,
        server.authed({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'open', deadline: '2099-03-01' }) }),
      );
      expect(extended.status).toBe(200);
      const sampleSubmission = await uploadFor(server, sampleUnitAccount, SAMPLE_UNIT);
      const ownSubmission = await uploadFor(server, ownUnitAccount, own);
      const ownOriginal = Buffer.from(await (await fetch(`${server.url}/api/submissions/${ownSubmission}/original`, server.authed())).arrayBuffer());
      const usersBefore = (await fetchJson(`${server.url}/api/users`, server.authed())).body.users.length;

      expect((await fetchJson(`${server.url}/api/registry/sample`, server.authed())).body).toMatchObject({ units: SAMPLE.length, accounts: 2, submissions: 1 });
      // Only the city administrator may remove it.
      expect((await fetchJson(`${server.url}/api/registry/remove-sample`, { method: 'POST', headers: ownCoordinator.headers })).status).toBe(403);

      // A dry run answers exactly what the removal then does, and changes nothing.
      const dry = await fetchJson(`${server.url}/api/registry/remove-sample?dryRun=1`, server.authed({ method: 'POST' }));
      expect(dry.body).toMatchObject({ dryRun: true, units: SAMPLE.length, years: [2023], keptYears: [2024], accounts: 2, submissions: 1, blobs: 1 });
      expect((await registry(server)).total).toBe(SAMPLE.length + 2);
      expect(await years(server)).toEqual([2024, 2023]);

      const removed = await fetchJson(`${server.url}/api/registry/remove-sample`, server.authed({ method: 'POST' }));
      expect(removed.status).toBe(200);
      // 2023 held nothing of the deployment's; 2024 holds its own unit's upload, so it stays.
      expect(removed.body).toMatchObject({ dryRun: false, units: SAMPLE.length, years: [2023], keptYears: [2024], accounts: 2, submissions: 1, blobs: 1 });
      expect(removed.body.message).toContain(`已移除示例数据：${SAMPLE.length} 个示例单位`);

      const after = await registry(server);
      expect(after.total).toBe(2);
      expect(after.units.map((u: { code: string }) => u.code).sort()).toEqual(['R001000', 'R001001']);
      expect(await years(server)).toEqual([2024]);
      expect((await fetchJson(`${server.url}/api/users`, server.authed())).body.users.length).toBe(usersBefore - 2);
      expect((await fetchJson(`${server.url}/api/submissions/${sampleSubmission}`, server.authed())).status).toBe(404);
      const original = Buffer.from(await (await fetch(`${server.url}/api/submissions/${ownSubmission}/original`, server.authed())).arrayBuffer());
      expect(original.equals(ownOriginal)).toBe(true);
      // The deployment's accounts still work; the sample's cannot sign in any more.
      expect((await fetchJson(`${server.url}/api/session`, { headers: ownUnitAccount.headers })).body.user.unitCode).toBe('R001001');
      expect((await fetchJson(`${server.url}/api/session`, { headers: sampleUnitAccount.headers })).body.user ?? null).toBeNull();
      expect((await server.store.verify()).ok).toBe(true);

      const audit = await fetchJson(`${server.url}/api/audit?action=registry.remove-sample`, server.authed());
      expect(audit.body.entries).toHaveLength(1);
      expect(audit.body.entries[0]).toMatchObject({ actor: TEST_ADMIN.username, detail: { units: SAMPLE.length, years: [2023], keptYears: [2024], submissions: 1 } });

      // A second removal finds nothing; the kept year is the deployment's own now.
      const again = await fetchJson(`${server.url}/api/registry/remove-sample`, server.authed({ method: 'POST' }));
      expect(again.body).toMatchObject({ units: 0, years: [], keptYears: [], accounts: 0, submissions: 0 });
      expect(again.body.message).toBe('没有示例数据可移除，未作任何改动。');
    });

    it('does not bring the sample back on the next start', async () => {
      const restarted = await startServer(server.config, { logger: pino({ level: 'silent' }) });
      try {
        const admin = await login(restarted, TEST_ADMIN.username, TEST_ADMIN.password);
        expect((await fetchJson(`${restarted.url}/api/registry`, { headers: admin.headers })).body.total).toBe(2);
      } finally {
        await restarted.close();
      }
    });
  });

  it('SAMPLE_DATA=0 starts clean: no units, years, submissions; only the first administrator', async () => {
    const clean = await startTestServer(db, { sampleData: false });
    try {
      expect((await registry(clean)).total).toBe(0);
      expect(await years(clean)).toEqual([]);
      const users = (await fetchJson(`${clean.url}/api/users`, clean.authed())).body.users;
      expect(users.map((u: { username: string }) => u.username)).toEqual([TEST_ADMIN.username]);
      expect((await fetchJson(`${clean.url}/api/registry/sample`, clean.authed())).body).toMatchObject({ units: 0, years: [], message: '没有示例数据。' });
    } finally {
      await clean.close();
    }
  });

  it('npm run registry -- remove-sample: --dry-run tells, the command removes, both name the store', async () => {
    const fresh = await startTestServer(db);
    await fresh.close();
    const env = { DATA_DIR: fresh.target.dataDir, DATABASE_URL: fresh.target.databaseUrl ?? '' };
    const dry = await cli(['remove-sample', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(`试运行（未改动），将移除示例数据：${SAMPLE.length} 个示例单位，2 个示例年度（2023年度、2024年度）`);
    expect(dry.out).toContain(`名录现有 ${SAMPLE.length} 个单位。`);
    const done = await cli(['remove-sample'], env);
    expect(done.code).toBe(0);
    expect(done.out).toContain(`已移除示例数据：${SAMPLE.length} 个示例单位，2 个示例年度（2023年度、2024年度）`);
    expect(done.out).toContain('名录现有 0 个单位。');
    expect(done.out).toContain(db.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  });
});
