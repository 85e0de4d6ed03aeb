// The second review level, end to end over HTTP on both databases: a district cannot be signed off
// while a unit is missing or not yet accepted (the 409 names them); an excused unit counts as done;
// the city returns a district with a reason the district reads on the board, then confirms it; a
// confirmed district's units refuse review, excuse and upload; only the city may reopen one, which
// returns the district (audited). And the board's timeliness: late by how many days, then on time.
import { sampleRegistry } from '../../templates/src/samples/registry';
import type { Unit } from '../../aggregator/src/store';
import { forEachDatabase } from '../support/databases';
import { callerFor, fetchJson, startTestServer, type Caller, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const YEAR = 2024;
const DISTRICT = '120103';
const unitOf = (code: string) => sampleRegistry().find((u) => u.code === code)! as Unit;
const [GOV, OFFICE, JUSTICE, MARKET] = ['120103000', '120103001', '120103002', '120103003'].map(unitOf);

const json = (method: string, body: unknown, headers: Record<string, string>): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

forEachDatabase((db) => {
  let server: TestServer;
  let coordinator: Caller;
  let otherCoordinator: Caller;
  let city: Caller;
  let revision = 0;

  async function upload(unit: Pick<Unit, 'code' | 'name' | 'unitType' | 'districtName' | 'typeLabel'>, who: Caller = coordinator) {
    const form = new FormData();
    const bytes = await filledWorkbookFor(unit as Unit, YEAR, { 'reg.ns_issued': 20 + ++revision, 'reg.ns_filed': 20 + revision });
    form.append('files', new Blob([new Uint8Array(bytes)]), `${unit.name}.xlsx`);
    const answer = await fetchJson(`${server.url}/api/submissions`, { method: 'POST', body: form, headers: who.headers });
    expect(answer.status).toBe(200);
    return answer.body.files[0];
  }
  const post = (path: string, body: unknown, who: Caller) => fetchJson(`${server.url}${path}`, json('POST', body, who.headers));
  const accept = (id: string, who: Caller = coordinator) => post(`/api/submissions/${id}/review`, { action: 'accept' }, who);
  const signoff = (who: Caller = coordinator, code = DISTRICT) => post(`/api/districts/${code}/signoff`, { year: YEAR }, who);
  const districtRow = async (who: Caller = coordinator, code = DISTRICT) => {
    const board = await fetchJson(`${server.url}/api/progress?year=${YEAR}`, { headers: who.headers });
    expect(board.status).toBe(200);
    return board.body.districts.find((d: { code: string }) => d.code === code);
  };

  beforeAll(async () => {
    server = await startTestServer(db);
    coordinator = await callerFor(server, 'district_admin', { districtCode: DISTRICT });
    otherCoordinator = await callerFor(server, 'district_admin', { districtCode: '120101' });
    city = server.admin;
  });
  afterAll(() => server?.close());

  it('signs a district off only when every unit is accepted or excused; the city returns it, then confirms; confirmed units are locked', async () => {
    expect((await districtRow()).signoff).toMatchObject({ state: 'none', label: '未上报' });

    // Three of the four units upload; two are accepted, the third waits; the fourth is missing.
    const uploaded = [];
    for (const unit of [GOV, OFFICE, JUSTICE]) uploaded.push(await upload(unit));
    expect(uploaded.map((f) => f.status)).toEqual(['accepted', 'accepted', 'accepted']);
    for (const file of uploaded.slice(0, 2)) expect((await accept(file.submissionId)).status).toBe(200);

    const refused = await signoff();
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('DISTRICT_INCOMPLETE');
    expect(refused.body.error.message).toContain(`未报送：${MARKET.name}`);
    expect(refused.body.error.message).toContain(`未审核通过（待审核或已退回）：${JUSTICE.name}`);
    expect(refused.body.error.message).not.toContain(OFFICE.name);
    expect((await districtRow()).signoff.state).toBe('none'); // nothing stored

    // Another district's coordinator may neither excuse nor sign off this district.
    expect((await post(`/api/units/${MARKET.code}/excuse`, { year: YEAR, reason: '本年度撤并' }, otherCoordinator)).status).toBe(403);
    expect((await signoff(otherCoordinator)).status).toBe(403);
    // An excuse needs a reason.
    expect((await post(`/api/units/${MARKET.code}/excuse`, { year: YEAR }, coordinator)).status).toBe(400);
    const excused = await post(`/api/units/${MARKET.code}/excuse`, { year: YEAR, reason: '本年度机构撤并，无需报送' }, coordinator);
    expect(excused.status).toBe(201);
    expect(excused.body.excuse).toMatchObject({ unitCode: MARKET.code, year: YEAR, reason: '本年度机构撤并，无需报送', excusedBy: coordinator.user.username });

    const stillPending = await signoff();
    expect(stillPending.status).toBe(409);
    expect(stillPending.body.error.message).not.toContain('未报送');
    expect((await accept(uploaded[2].submissionId)).status).toBe(200);

    const signed = await signoff();
    expect(signed.status).toBe(200);
    expect(signed.body.signoff).toMatchObject({ state: 'submitted', label: '已上报', submittedBy: coordinator.user.username });
    expect((await signoff()).body.error.code).toBe('DISTRICT_ALREADY_SUBMITTED');
    let row = await districtRow();
    // 4 units, 1 excused: 3 must report (应报), all 3 accepted, none missing.
    expect(row).toMatchObject({ expected: 3, accepted: 3, excused: 1, missing: 0, missingUnits: [], signoff: { label: '已上报' } });
    expect(row.excusedUnits).toEqual([{ code: MARKET.code, name: MARKET.name, reason: '本年度机构撤并，无需报送' }]);

    // Only the city confirms or returns; a return needs a reason the district reads on the board.
    expect((await post(`/api/districts/${DISTRICT}/confirm`, { year: YEAR }, coordinator)).status).toBe(403);
    expect((await post(`/api/districts/${DISTRICT}/return`, { year: YEAR }, city)).status).toBe(400);
    const returned = await post(`/api/districts/${DISTRICT}/return`, { year: YEAR, reason: '司法局行政复议数据与上年差异过大，请核实' }, city);
    expect(returned.status).toBe(200);
    row = await districtRow();
    expect(row.signoff).toMatchObject({ state: 'returned', label: '已退回', reason: '司法局行政复议数据与上年差异过大，请核实', decidedBy: 'admin' });
    expect((await post(`/api/districts/${DISTRICT}/confirm`, { year: YEAR }, city)).body.error.code).toBe('DISTRICT_NOT_SUBMITTED');

    // Signed off again, then confirmed.
    expect((await signoff()).status).toBe(200);
    const confirmed = await post(`/api/districts/${DISTRICT}/confirm`, { year: YEAR }, city);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.signoff).toMatchObject({ state: 'confirmed', label: '已确认', reason: null });
    expect((await districtRow()).signoff.label).toBe('已确认');

    // Locked: no review, no upload (even by the city), no excuse, no reopening by the district.
    const reviewLocked = await post(`/api/submissions/${uploaded[0].submissionId}/review`, { action: 'return', reason: '再看看' }, city);
    expect(reviewLocked.status).toBe(409);
    expect(reviewLocked.body.error.code).toBe('DISTRICT_CONFIRMED');
    const locked = await upload(OFFICE, city);
    expect(locked.status).toBe('rejected');
    expect(locked.problems[0]).toMatchObject({ rule: 'DISTRICT_CONFIRMED', message: expect.stringContaining('已经市级确认') });
    const excuseLocked = await post(`/api/units/${GOV.code}/excuse`, { year: YEAR, reason: '试图免报' }, coordinator);
    expect(excuseLocked.status).toBe(409);
    expect(excuseLocked.body.error).toMatchObject({ code: 'DISTRICT_CONFIRMED', message: expect.stringContaining('市级管理员') });
    const reopenRefused = await post(`/api/units/${OFFICE.code}/reopen`, { year: YEAR, reason: '更正' }, coordinator);
    expect(reopenRefused.status).toBe(409);
    expect(reopenRefused.body.error.code).toBe('DISTRICT_CONFIRMED');

    // The city reopens one unit: the district goes back to 已退回, audited, and the unit may upload again.
    const reopened = await post(`/api/units/${OFFICE.code}/reopen`, { year: YEAR, reason: '办公室申请更正复议数' }, city);
    expect(reopened.status).toBe(201);
    expect((await districtRow()).signoff).toMatchObject({ state: 'returned', reason: `重新开放单位“${OFFICE.name}”：办公室申请更正复议数` });
    const corrected = await upload(OFFICE);
    expect(corrected.status).toBe('accepted');

    const audit = await fetchJson(`${server.url}/api/audit?action=district.`, { headers: city.headers });
    const actions = audit.body.entries.map((e: { action: string }) => e.action).sort();
    expect(actions).toEqual(['district.confirm', 'district.return', 'district.return', 'district.signoff', 'district.signoff'].sort());
    const excuses = await fetchJson(`${server.url}/api/audit?action=unit.excuse`, { headers: city.headers });
    expect(excuses.body.entries).toHaveLength(1);
  }, 120_000);

  it('refuses sign-off of an unknown district and a decision on a district never signed off', async () => {
    const unknown = await signoff(city, '999999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('999999');
    const never = await post('/api/districts/120104/confirm', { year: YEAR }, city);
    expect(never.status).toBe(409);
    expect(never.body.error.message).toContain('未上报');
  });

  it('counts each current version on time or late by whole days after the deadline, per district and overall', async () => {
    const district = '120102';
    const [a, b] = ['120102001', '120102002'].map(unitOf);
    await upload(a, city);
    await upload(b, city);
    // Seeded deadline: 1 March of the next year. Days late by hand, as China dates.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const daysLate = Math.round((Date.parse(today) - Date.parse(`${YEAR + 1}-03-01`)) / 86_400_000);
    expect(daysLate).toBeGreaterThan(0);
    let row = await districtRow(city, district);
    expect(row).toMatchObject({ expected: 4, onTime: 0, late: 2, onTimeShare: 0 });
    expect(row.lateUnits).toEqual([
      { code: a.code, name: a.name, daysLate },
      { code: b.code, name: b.name, daysLate },
    ]);

    // The deadline moves past today: the same uploads are on time; 2 of 4 expected = 0.5.
    expect((await post(`/api/years/${YEAR}/status`, { status: 'open', deadline: '2099-03-01' }, city)).status).toBe(200);
    row = await districtRow(city, district);
    expect(row).toMatchObject({ onTime: 2, late: 0, lateUnits: [], onTimeShare: 0.5 });
    const board = await fetchJson(`${server.url}/api/progress?year=${YEAR}`, { headers: city.headers });
    // Everything uploaded in this suite: 120103's four (one excused: no upload) and these two.
    const onTimeRows = [...board.body.districts, board.body.cityDepartments].filter(Boolean).reduce((n: number, r: { onTime: number }) => n + r.onTime, 0);
    expect(board.body.onTime).toBe(onTimeRows);
    expect(board.body.onTime).toBe(5); // 120103: 000, 001, 002; 120102: 001, 002
    expect(board.body.late).toBe(0);
  }, 60_000);
});
