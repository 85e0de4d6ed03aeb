// The contract is true (issue 11): what the real server sends over HTTP is exactly what the
// contract's schemas — and so the OpenAPI document generated from them — say. Each answer is parsed
// by its schema (a missing or mistyped field fails) and must come back unchanged (zod drops fields it
// does not know, so a field the contract does not name fails too). Both databases.
import { WIRE_SCHEMAS, type WireSchemaName } from '../../aggregator/src/contract';
import type { z } from 'zod';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { callerFor, fetchJson, type Caller, startTestServer, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const YEAR = 2024;
const DISTRICT = '120101';
const HEPING = sampleRegistry().filter((u) => u.districtCode === DISTRICT);

function expectExactly(schema: z.ZodType, body: unknown): void {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`answer does not match the contract: ${parsed.error.message}\n${JSON.stringify(body).slice(0, 400)}`);
  expect(parsed.data).toEqual(body);
}
const expectShape = (name: WireSchemaName, body: unknown) => expectExactly(WIRE_SCHEMAS[name], body);

forEachDatabase((db) => {
  let server: TestServer;
  let coordinator: Caller;
  let city: Caller;
  const ids: string[] = [];
  const json = (caller: Caller, body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...caller.headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    server = await startTestServer(db);
    coordinator = await callerFor(server, 'district_admin', { districtCode: DISTRICT });
    city = await callerFor(server, 'city_admin');
  });
  afterAll(() => server?.close());

  it('an upload answer (stored, refused) is an UploadAnswer, with outcome beside the deprecated status', async () => {
    const form = new FormData();
    for (const unit of HEPING) {
      const bytes = await filledWorkbookFor(unit, YEAR, { 'reg.ns_issued': 10, 'reg.ns_filed': 10 });
      form.append('files', new Blob([new Uint8Array(bytes)]), `${unit.name}.xlsx`);
    }
    form.append('files', new Blob([new Uint8Array(Buffer.from('not a workbook'))]), '坏文件.xlsx');
    const answer = await fetchJson(`${server.url}/api/submissions`, { method: 'POST', body: form, headers: coordinator.headers });
    expect(answer.status).toBe(200);
    expectShape('UploadAnswer', answer.body);
    expect(answer.body.outcomes).toEqual({ stored: 4, refused: 1, duplicate: 0 });
    expect(answer.body.summary).toEqual({ accepted: 4, rejected: 1, duplicate: 0 });
    expect(answer.body.files.map((f: { outcome: string; status: string }) => [f.outcome, f.status])).toEqual([
      ...HEPING.map(() => ['stored', 'accepted']),
      ['refused', 'rejected'],
    ]);
    ids.push(...answer.body.files.slice(0, 4).map((f: { submissionId: string }) => f.submissionId));

    // A second version of the first unit, for the history and the diff.
    const again = new FormData();
    again.append('files', new Blob([new Uint8Array(await filledWorkbookFor(HEPING[0], YEAR, { 'reg.ns_issued': 12, 'reg.ns_filed': 12 }))]), 'v2.xlsx');
    const second = await fetchJson(`${server.url}/api/submissions`, { method: 'POST', body: again, headers: coordinator.headers });
    expectShape('UploadAnswer', second.body);
    ids[0] = second.body.files[0].submissionId;
  });

  it('lists, details, histories and diffs of submissions', async () => {
    const list = await fetchJson(`${server.url}/api/submissions?year=${YEAR}`, { headers: coordinator.headers });
    expectShape('SubmissionList', list.body);
    expect(list.body.submissions.map((s: { reviewState: string }) => s.reviewState)).toEqual(HEPING.map(() => 'pending'));
    const detail = await fetchJson(`${server.url}/api/submissions/${ids[0]}`, { headers: coordinator.headers });
    expectShape('SubmissionDetail', detail.body);
    const history = await fetchJson(`${server.url}/api/units/${HEPING[0].code}/submissions?year=${YEAR}`, { headers: coordinator.headers });
    expectShape('UnitHistory', history.body);
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const diff = await fetchJson(`${server.url}/api/submissions/${ids[0]}/diff`, { headers: coordinator.headers });
    expectShape('VersionDiff', diff.body);
    expect(diff.body.changes.map((c: { code: string; before: unknown; after: unknown }) => [c.code, c.before, c.after])).toEqual([
      ['reg.ns_issued', 10, 12],
      ['reg.ns_filed', 10, 12],
    ]);
  });

  it('review, batch review, reopening, excuse and sign-off answers', async () => {
    const returned = await fetchJson(`${server.url}/api/submissions/${ids[1]}/review`, json(coordinator, { action: 'return', reason: '请核对备案数。' }));
    expect(returned.status).toBe(200);
    expectShape('ReviewAnswer', returned.body);
    expect([returned.body.submission.reviewState, returned.body.submission.status]).toEqual(['returned', 'returned']);
    const batch = await fetchJson(`${server.url}/api/submissions/review-batch`, json(coordinator, { ids: [ids[0], ids[2]], action: 'accept' }));
    expect(batch.status).toBe(200);
    expectShape('ReviewBatchAnswer', batch.body);
    const reopened = await fetchJson(`${server.url}/api/units/${HEPING[1].code}/reopen`, json(city, { year: YEAR, reason: '补报' }));
    expect(reopened.status).toBe(201);
    expectShape('ReopeningAnswer', reopened.body);
    const excused = await fetchJson(`${server.url}/api/units/${HEPING[1].code}/excuse`, json(coordinator, { year: YEAR, reason: '本年度撤并' }));
    expect(excused.status).toBe(201);
    expectShape('ExcuseAnswer', excused.body);
    await fetchJson(`${server.url}/api/submissions/${ids[3]}/review`, json(coordinator, { action: 'accept' }));
    const signed = await fetchJson(`${server.url}/api/districts/${DISTRICT}/signoff`, json(coordinator, { year: YEAR }));
    expect(signed.status).toBe(200);
    expectShape('SignoffAnswer', signed.body);
  });

  it('registry, years, progress, audit, rollup and trace', async () => {
    expectShape('RegistryView', (await fetchJson(`${server.url}/api/registry`, { headers: city.headers })).body);
    const years = await fetchJson(`${server.url}/api/years`, { headers: city.headers });
    expectShape('YearList', years.body);
    expect(years.body.years.length).toBeGreaterThan(0);
    expectShape('SampleCounts', (await fetchJson(`${server.url}/api/registry/sample`, { headers: server.admin.headers })).body);
    const removal = await fetchJson(`${server.url}/api/registry/remove-sample?dryRun=1`, { method: 'POST', headers: server.admin.headers });
    expect(removal.status).toBe(200);
    expectShape('SampleRemoval', removal.body);
    const csv = '单位代码,单位名称,单位类型,所属区代码,所属区名称\n120101901,天津市和平区测试局,区级部门,120101,和平区\n';
    const form = new FormData();
    form.append('file', new Blob([csv]), '名录.csv');
    const imported = await fetchJson(`${server.url}/api/registry`, { method: 'POST', body: form, headers: server.admin.headers });
    expect(imported.status).toBe(200);
    expectShape('RegistryImportAnswer', imported.body);
    expect([imported.body.total, imported.body.inserted, imported.body.updated]).toEqual([1, 1, 0]);
    const progress = await fetchJson(`${server.url}/api/progress?year=${YEAR}`, { headers: city.headers });
    expectShape('Progress', progress.body);
    expect(progress.body.districts.find((d: { code: string }) => d.code === DISTRICT).signoff.state).toBe('submitted');
    expectShape('AuditList', (await fetchJson(`${server.url}/api/audit`, { headers: city.headers })).body);
    expectShape('AuditPage', (await fetchJson(`${server.url}/api/audit?page=1&pageSize=20`, { headers: city.headers })).body);
    for (const query of ['', '?units=1', `?level=district&code=${DISTRICT}`]) {
      const rollup = await fetchJson(`${server.url}/api/rollups/${YEAR}${query}`, { headers: city.headers });
      expect(rollup.status).toBe(200);
      expectShape('Rollup', rollup.body);
    }
    const trace = await fetchJson(`${server.url}/api/rollups/${YEAR}/trace?indicator=reg.ns_issued&code=${DISTRICT}`, { headers: city.headers });
    expect(trace.status).toBe(200);
    expectShape('Trace', trace.body);
  });

  it('accounts and tokens', async () => {
    expectShape('Session', (await fetchJson(`${server.url}/api/session`, { headers: coordinator.headers })).body);
    const publicHealth = (await fetchJson(`${server.url}/api/health`)).body;
    expectShape('Health', publicHealth);
    expect(Object.keys(publicHealth).sort()).toEqual(['database', 'status']);
    const detail = (await fetchJson(`${server.url}/api/health`, { headers: city.headers })).body;
    expectShape('Health', detail);
    expect(detail.dialect).toBe(db.kind);
    const users = await fetchJson(`${server.url}/api/users`, { headers: server.admin.headers });
    expectShape('UserList', users.body);
    const someone = users.body.users.find((u: { role: string }) => u.role === 'district_admin');
    const token = await fetchJson(`${server.url}/api/users/${someone.id}/tokens`, json(server.admin, { name: '脚本' }));
    expect(token.status).toBe(201);
    expectShape('NewToken', token.body);
    const tokens = await fetchJson(`${server.url}/api/users/${someone.id}/tokens`, { headers: server.admin.headers });
    expectShape('TokenList', tokens.body);
    const changed = await fetchJson(`${server.url}/api/users/${someone.id}`, { ...json(server.admin, { displayName: '改名后' }), method: 'PATCH' });
    expect(changed.status).toBe(200);
    expectShape('UserAnswer', changed.body);
    const reset = await fetchJson(`${server.url}/api/users/${someone.id}/password-reset`, json(server.admin, {}));
    expect(reset.status).toBe(200);
    expectShape('PasswordResetAnswer', reset.body);
  });

  it('the OpenAPI document names these shapes, generated from the same schemas, deprecated fields marked', async () => {
    const doc = (await fetchJson(`${server.url}/api/openapi.json`)).body;
    for (const name of Object.keys(WIRE_SCHEMAS)) expect(doc.components.schemas[name]).toBeDefined();
    const answer = (path: string, method = 'get') => doc.paths[path][method].responses['200'].content['application/json'].schema.$ref;
    expect(answer('/api/submissions', 'post')).toBe('#/components/schemas/UploadAnswer');
    expect(answer('/api/progress')).toBe('#/components/schemas/Progress');
    expect(answer('/api/rollups/{year}')).toBe('#/components/schemas/Rollup');
    const file = doc.components.schemas.FileResult.properties;
    expect([file.outcome.deprecated, file.status.deprecated]).toEqual([undefined, true]);
    const summary = doc.components.schemas.SubmissionSummary.properties;
    expect([summary.reviewState.deprecated, summary.status.deprecated, summary.reviewStatus.deprecated]).toEqual([undefined, true, true]);
  });
});
