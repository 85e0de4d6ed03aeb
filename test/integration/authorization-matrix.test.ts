// The authorization matrix: every documented /api operation × every role × a target inside and
// outside the caller's scope → the expected status, over real HTTP on both databases. The table is
// written out by hand (not derived from the server's policy), and must cover every operation the
// OpenAPI document lists, so a new route cannot ship without a decision about who may call it.
import { currentCatalogue } from '../../templates/src/core/catalogue';
import { readWorkbook } from '../../templates/src/xlsx/read-workbook';
import { sampleRegistry } from '../../templates/src/samples/registry';
import type { ValuesSubmission } from '../../templates/src/core/values-submission';
import { HTTP_METHODS, type OpenApiDocument } from '../../aggregator/src/http/openapi';
import { forEachDatabase } from '../support/databases';
import { callerFor, fetchJson, startTestServer, type Caller, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const YEAR = 2024;
const OWN = { unit: '120101001', district: '120101' };
const OTHER = { unit: '120102001', district: '120102' };
const unitOf = (code: string) => sampleRegistry().find((u) => u.code === code)!;

/** Columns of the matrix, in this order. */
const CALLERS = ['anon', 'unit', 'district_admin', 'city_admin', 'leader', 'district_leader'] as const;
type CallerName = (typeof CALLERS)[number];

interface Fixture {
  submission: Record<'own' | 'other', string>;
  workbook: Record<'own' | 'other', Buffer>;
  values: Record<'own' | 'other', ValuesSubmission>;
  spareUser: string;
  spareToken: string;
}

type Scope = 'own' | 'other' | '-';
interface Call {
  method: string;
  path: string;
  json?: unknown;
  form?: { name: string; bytes: Buffer }[];
}

/**
 * Expected answer per caller: an HTTP status, or for uploads (always 200 per file)
 * 'A' = the file passes the account checks, 'R' = it is rejected as outside the caller's units.
 */
type Row = [operation: string, scope: Scope, call: (f: Fixture, s: 'own' | 'other') => Call, expected: string];

const target = (s: 'own' | 'other' | Scope) => (s === 'other' ? OTHER : OWN);
const get = (path: string): Call => ({ method: 'GET', path });

//                                                                                       anon unit dist city lead leadD
const MATRIX: Row[] = [
  ['POST /api/session', '-', () => ({ method: 'POST', path: '/api/session', json: {} }), '400 400 400 400 400 400'],
  ['GET /api/session', '-', () => get('/api/session'), '401 200 200 200 200 200'],
  ['DELETE /api/session', '-', () => ({ method: 'DELETE', path: '/api/session' }), '204 204 204 204 204 204'],
  ['POST /api/session/password', '-', () => ({ method: 'POST', path: '/api/session/password', json: {} }), '401 400 400 400 400 400'],
  ['GET /api/health', '-', () => get('/api/health'), '200 200 200 200 200 200'],
  ['GET /api/openapi.json', '-', () => get('/api/openapi.json'), '200 200 200 200 200 200'],

  ['GET /api/registry', '-', () => get('/api/registry'), '401 200 200 200 200 200'],
  ['POST /api/registry', '-', () => ({ method: 'POST', path: '/api/registry', form: [] }), '401 403 403 400 403 403'],
  ['GET /api/registry/template.xlsx', '-', () => get('/api/registry/template.xlsx'), '401 403 403 200 403 403'],
  ['GET /api/registry/sample', '-', () => get('/api/registry/sample'), '401 403 403 200 403 403'],
  // A dry run: the matrix's own fixture units are sample units.
  ['POST /api/registry/remove-sample', '-', () => ({ method: 'POST', path: '/api/registry/remove-sample?dryRun=1' }), '401 403 403 200 403 403'],
  ['GET /api/years', '-', () => get('/api/years'), '401 200 200 200 200 200'],
  ['POST /api/years', '-', () => ({ method: 'POST', path: '/api/years', json: {} }), '401 403 403 400 403 403'],
  ['POST /api/years/{year}/status', '-', () => ({ method: 'POST', path: `/api/years/${YEAR}/status`, json: { status: 'open' } }), '401 403 403 200 403 403'],
  ...scoped('POST /api/units/{code}/reopen', (_f, s) => ({ method: 'POST', path: `/api/units/${target(s).unit}/reopen`, json: { year: YEAR, reason: '矩阵测试' } }), '401 403 201 201 403 403', '401 403 403 201 403 403'),

  ...scoped('POST /api/units/{code}/excuse', (_f, s) => ({ method: 'POST', path: `/api/units/${target(s).unit}/excuse`, json: { year: YEAR, reason: '矩阵测试' } }), '401 403 201 201 403 403', '401 403 403 201 403 403'),
  // Scope is checked before completeness: an allowed caller reaches the 409 (its district's units are not all accepted).
  ...scoped('POST /api/districts/{code}/signoff', (_f, s) => ({ method: 'POST', path: `/api/districts/${target(s).district}/signoff`, json: { year: YEAR } }), '401 403 409 409 403 403', '401 403 403 409 403 403'),
  ['POST /api/districts/{code}/confirm', '-', () => ({ method: 'POST', path: `/api/districts/${OWN.district}/confirm`, json: { year: YEAR } }), '401 403 403 409 403 403'],
  ['POST /api/districts/{code}/return', '-', () => ({ method: 'POST', path: `/api/districts/${OWN.district}/return`, json: { year: YEAR, reason: '矩阵测试' } }), '401 403 403 409 403 403'],

  ...scoped('POST /api/submissions', (f, s) => ({ method: 'POST', path: '/api/submissions?dryRun=1', form: [{ name: `${s}.xlsx`, bytes: f.workbook[s] }] }), '401 A A A 403 403', '401 R R A 403 403'),
  ...scoped('POST /api/submissions/values', (f, s) => ({ method: 'POST', path: '/api/submissions/values?dryRun=1', json: f.values[s] }), '401 A A A 403 403', '401 R R A 403 403'),
  ['GET /api/submissions', '-', () => get(`/api/submissions?year=${YEAR}`), '401 200 200 200 403 403'],
  ...scoped('GET /api/submissions/{id}', (f, s) => get(`/api/submissions/${f.submission[s]}`), '401 200 200 200 403 403', '401 403 403 200 403 403'),
  ...scoped('GET /api/submissions/{id}/original', (f, s) => get(`/api/submissions/${f.submission[s]}/original`), '401 200 200 200 403 403', '401 403 403 200 403 403'),
  ...scoped('GET /api/submissions/{id}/diff', (f, s) => get(`/api/submissions/${f.submission[s]}/diff`), '401 200 200 200 403 403', '401 403 403 200 403 403'),
  ...scoped('GET /api/units/{code}/submissions', (_f, s) => get(`/api/units/${target(s).unit}/submissions?year=${YEAR}`), '401 200 200 200 403 403', '401 403 403 200 403 403'),
  ...scoped('POST /api/submissions/{id}/review', (f, s) => ({ method: 'POST', path: `/api/submissions/${f.submission[s]}/review`, json: { action: 'return', reason: '矩阵测试' } }), '401 403 200 200 403 403', '401 403 403 200 403 403'),
  // After the row above the submission is returned, not pending: allowed callers reach the 409.
  ...scoped('POST /api/submissions/review-batch', (f, s) => ({ method: 'POST', path: '/api/submissions/review-batch', json: { ids: [f.submission[s]], action: 'accept' } }), '401 403 409 409 403 403', '401 403 403 409 403 403'),

  ['POST /api/baselines/extract', '-', () => ({ method: 'POST', path: '/api/baselines/extract', form: [] }), '401 400 400 400 403 403'],
  ...scoped('PUT /api/baselines/{year}/units/{code}', (_f, s) => ({ method: 'PUT', path: `/api/baselines/2023/units/${target(s).unit}`, json: {} }), '401 400 400 400 403 403', '401 403 403 400 403 403'),
  ...scoped('GET /api/baselines/{year}/units/{code}', (_f, s) => get(`/api/baselines/2023/units/${target(s).unit}`), '401 404 404 404 403 403', '401 403 403 404 403 403'),
  ...scoped('GET /api/templates/{year}/units/{code}.xlsx', (_f, s) => get(`/api/templates/${YEAR}/units/${target(s).unit}.xlsx`), '401 200 200 200 403 403', '401 403 403 200 403 403'),
  ...scoped('GET /api/templates/{year}/districts/{code}.zip', (_f, s) => get(`/api/templates/${YEAR}/districts/${target(s).district}.zip`), '401 403 200 200 403 403', '401 403 403 200 403 403'),
  ['GET /api/templates/{year}/city.zip', '-', () => get(`/api/templates/${YEAR}/city.zip`), '401 403 403 200 403 403'],
  ['GET /api/templates/{year}/blank/{unitType}.xlsx', '-', () => get(`/api/templates/${YEAR}/blank/department.xlsx`), '401 200 200 200 200 200'],

  ['GET /api/progress', '-', () => get(`/api/progress?year=${YEAR}`), '401 403 200 200 200 200'],
  ['GET /api/progress/missing.csv', '-', () => get(`/api/progress/missing.csv?year=${YEAR}`), '401 403 200 200 200 200'],
  ['GET /api/progress/reminders.xlsx', '-', () => get(`/api/progress/reminders.xlsx?year=${YEAR}`), '401 403 200 200 200 200'],
  ['GET /api/rollups/{year}', '-', () => get(`/api/rollups/${YEAR}?level=city`), '401 403 403 200 200 403'],
  ...scoped('GET /api/rollups/{year}', (_f, s) => get(`/api/rollups/${YEAR}?level=district&code=${target(s).district}`), '401 403 200 200 200 200', '401 403 403 200 200 403'),
  ['GET /api/rollups/{year}/city.xlsx', '-', () => get(`/api/rollups/${YEAR}/city.xlsx`), '401 403 403 200 200 403'],
  ...scoped('GET /api/rollups/{year}/districts/{code}.xlsx', (_f, s) => get(`/api/rollups/${YEAR}/districts/${target(s).district}.xlsx`), '401 403 200 200 200 200', '401 403 403 200 200 403'),
  ...scoped('GET /api/rollups/{year}/units.csv', (_f, s) => get(`/api/rollups/${YEAR}/units.csv?level=district&code=${target(s).district}`), '401 403 200 200 200 200', '401 403 403 200 200 403'),
  ...scoped('GET /api/rollups/{year}/trace', (_f, s) => get(`/api/rollups/${YEAR}/trace?indicator=reg.ns_issued&code=${target(s).district}`), '401 403 200 200 200 200', '401 403 403 200 200 403'),
  ...scoped('GET /api/reports/{year}/draft.docx', (_f, s) => get(`/api/reports/${YEAR}/draft.docx?level=unit&code=${target(s).unit}`), '401 200 200 200 200 200', '401 403 403 200 200 403'),
  ...scoped('GET /api/reports/{year}/draft.docx', (_f, s) => get(`/api/reports/${YEAR}/draft.docx?level=district&code=${target(s).district}`), '401 403 200 200 200 200', '401 403 403 200 200 403'),
  ['GET /api/reports/{year}/draft.docx', '-', () => get(`/api/reports/${YEAR}/draft.docx?level=city`), '401 403 403 200 200 403'],

  ['GET /api/users', '-', () => get('/api/users'), '401 403 403 200 403 403'],
  ['POST /api/users', '-', () => ({ method: 'POST', path: '/api/users', json: {} }), '401 403 403 400 403 403'],
  ['POST /api/users/bulk', '-', () => ({ method: 'POST', path: '/api/users/bulk', json: {} }), '401 403 400 400 403 403'],
  ...scoped('POST /api/users/bulk', (_f, s) => ({ method: 'POST', path: '/api/users/bulk', json: { districtCode: target(s).district } }), '401 403 201 201 403 403', '401 403 403 201 403 403'),
  ['POST /api/users/bulk', '-', () => ({ method: 'POST', path: '/api/users/bulk', json: { city: true } }), '401 403 403 201 403 403'],
  ['POST /api/users/{id}/password-reset', '-', (f) => ({ method: 'POST', path: `/api/users/${f.spareUser}/password-reset` }), '401 403 403 200 403 403'],
  ['PATCH /api/users/{id}', '-', (f) => ({ method: 'PATCH', path: `/api/users/${f.spareUser}`, json: { displayName: '改名' } }), '401 403 403 200 403 403'],
  ['GET /api/users/{id}/tokens', '-', (f) => get(`/api/users/${f.spareUser}/tokens`), '401 403 403 200 403 403'],
  ['POST /api/users/{id}/tokens', '-', (f) => ({ method: 'POST', path: `/api/users/${f.spareUser}/tokens`, json: { name: '矩阵' } }), '401 403 403 201 403 403'],
  ['DELETE /api/tokens/{id}', '-', (f) => ({ method: 'DELETE', path: `/api/tokens/${f.spareToken}` }), '401 403 403 204 403 403'],
  ['GET /api/audit', '-', () => get('/api/audit?action=review.'), '401 403 403 200 403 403'],
];

function scoped(operation: string, call: Row[2], own: string, other: string): Row[] {
  return [
    [operation, 'own', call, own],
    [operation, 'other', call, other],
  ];
}

/** What the values-only route would get from the add-in for this workbook. */
function valuesOf(bytes: Buffer, fileName: string): ValuesSubmission {
  const read = readWorkbook(bytes, currentCatalogue());
  const cells: ValuesSubmission['cells'] = {};
  for (const [code, c] of Object.entries(read.sheet!.cells)) cells[code] = { address: c.ref.address, raw: c.raw };
  return { fileName, stamp: read.stamp, cells };
}

async function send(server: TestServer, caller: Caller | undefined, call: Call) {
  const headers: Record<string, string> = { ...(caller?.headers ?? {}) };
  let body: BodyInit | undefined;
  if (call.form) {
    const form = new FormData();
    for (const f of call.form) form.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
    body = form;
  } else if (call.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.json);
  }
  const response = await fetch(`${server.url}${call.path}`, { method: call.method, headers, body });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

/** The observed answer in the matrix's notation. */
function observed(answer: { status: number; json?: { files?: { status: string; problems: { rule: string }[] }[] } }, expected: string): string {
  if ((expected === 'A' || expected === 'R') && answer.status === 200 && answer.json?.files) {
    const file = answer.json.files[0];
    if (file.status === 'rejected') return file.problems.some((p) => p.rule === 'FORBIDDEN_UNIT') ? 'R' : `rejected(${file.problems.map((p) => p.rule).join(',')})`;
    return 'A';
  }
  return String(answer.status);
}

forEachDatabase((db) => {
  let server: TestServer;
  let fixture: Fixture;
  const callers = {} as Record<CallerName, Caller | undefined>;

  beforeAll(async () => {
    server = await startTestServer(db);
    // The seeded year's deadline is long past; units may upload until the far future here.
    const extended = await fetchJson(`${server.url}/api/years/${YEAR}/status`, server.authed({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'open', deadline: '2099-03-01' }) }));
    expect(extended.status).toBe(200);
    callers.anon = undefined;
    callers.unit = await callerFor(server, 'unit', { unitCode: OWN.unit });
    callers.district_admin = await callerFor(server, 'district_admin', { districtCode: OWN.district });
    callers.city_admin = server.admin;
    callers.leader = await callerFor(server, 'leader');
    callers.district_leader = await callerFor(server, 'leader', { districtCode: OWN.district });

    const workbook = { own: await filledWorkbookFor(unitOf(OWN.unit), YEAR), other: await filledWorkbookFor(unitOf(OTHER.unit), YEAR) };
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(workbook.own)]), 'own.xlsx');
    form.append('files', new Blob([new Uint8Array(workbook.other)]), 'other.xlsx');
    const stored = await fetchJson(`${server.url}/api/submissions`, server.authed({ method: 'POST', body: form }));
    expect(stored.body.summary).toEqual({ accepted: 2, rejected: 0, duplicate: 0 });
    const spare = await callerFor(server, 'leader');
    fixture = {
      workbook,
      submission: { own: stored.body.files[0].submissionId, other: stored.body.files[1].submissionId },
      values: { own: valuesOf(workbook.own, 'own'), other: valuesOf(workbook.other, 'other') },
      spareUser: spare.user.id,
      spareToken: (await fetchJson(`${server.url}/api/users/${spare.user.id}/tokens`, server.authed())).body.tokens[0].id,
    };
  }, 60_000);
  afterAll(() => server?.close());

  it('covers every operation of the OpenAPI document', async () => {
    const doc = (await fetchJson(`${server.url}/api/openapi.json`)).body as OpenApiDocument;
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => HTTP_METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`));
    expect([...new Set(MATRIX.map((r) => r[0]))].sort()).toEqual(documented.sort());
  });

  it('answers every role × scope × operation as the matrix says', async () => {
    const mismatches: string[] = [];
    for (const [operation, scope, call, expected] of MATRIX) {
      const want = expected.split(' ');
      for (const [i, name] of CALLERS.entries()) {
        const request = call(fixture, scope === 'other' ? 'other' : 'own');
        const got = observed(await send(server, callers[name], request), want[i]);
        if (got !== want[i]) mismatches.push(`${operation} [${scope}] as ${name}: expected ${want[i]}, got ${got}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('filters lists to the caller’s scope instead of refusing them', async () => {
    // The unit sees its own unit only, in the registry and among submissions.
    const registry = await send(server, callers.unit, get('/api/registry'));
    expect(registry.json.units.map((u: { code: string }) => u.code)).toEqual([OWN.unit]);
    const unitList = await send(server, callers.unit, get(`/api/submissions?year=${YEAR}`));
    expect(unitList.json.submissions.map((s: { unitCode: string }) => s.unitCode)).toEqual([OWN.unit]);
    // The district coordinator sees the district, not the neighbour, and no 市级部门 row.
    const districtList = await send(server, callers.district_admin, get(`/api/submissions?year=${YEAR}`));
    expect(districtList.json.submissions.map((s: { unitCode: string }) => s.unitCode)).toEqual([OWN.unit]);
    const progress = await send(server, callers.district_admin, get(`/api/progress?year=${YEAR}`));
    expect(progress.json.districts.map((d: { code: string }) => d.code)).toEqual([OWN.district]);
    expect(progress.json.cityDepartments).toBeNull();
    // The city coordinator sees both, and every district.
    const cityList = await send(server, callers.city_admin, get(`/api/submissions?year=${YEAR}`));
    expect(cityList.json.submissions.map((s: { unitCode: string }) => s.unitCode).sort()).toEqual([OWN.unit, OTHER.unit]);
    const cityProgress = await send(server, callers.leader, get(`/api/progress?year=${YEAR}`));
    expect(cityProgress.json.districts.length).toBe(new Set(sampleRegistry().map((u) => u.districtCode).filter(Boolean)).size);
    expect(cityProgress.json.cityDepartments.code).toBe('city_departments');
  });

  it('cannot be walked around by spelling a path differently', async () => {
    for (const path of ['/api/USERS', '/api/Users/', `/api/users/${fixture.spareUser}/TOKENS`, '/api/audit/', '/api/AUDIT?format=csv']) {
      expect({ path, status: (await send(server, callers.unit, get(path))).status }).toEqual({ path, status: 403 });
    }
    expect((await send(server, callers.city_admin, get('/api/USERS'))).status).toBe(200);
    expect((await send(server, callers.unit, get('/api/users/x/y/z'))).status).toBe(404);
  });

  it('takes the scope from the account, never from the request', async () => {
    // A unit naming another unit in the query still sees only its own.
    const list = await send(server, callers.unit, get(`/api/submissions?year=${YEAR}&unit=${OTHER.unit}`));
    expect(list.json.submissions).toEqual([]);
    // Form fields that once named the uploader are ignored: the account is recorded.
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(await filledWorkbookFor(unitOf(OWN.unit), YEAR, { 'reg.ns_issued': 42 }))]), 'own2.xlsx');
    form.append('uploadedBy', '冒名');
    const stored = await fetchJson(`${server.url}/api/submissions`, { method: 'POST', body: form, headers: callers.unit!.headers });
    expect(stored.body.files[0].status).toBe('accepted');
    const detail = await send(server, callers.unit, get(`/api/submissions/${stored.body.files[0].submissionId}`));
    expect(detail.json.uploadedBy).toBe(callers.unit!.user.username);
  });
});
