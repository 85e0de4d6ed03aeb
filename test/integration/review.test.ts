// Review and locks, end to end over HTTP on both databases: the deadline stops unit uploads until a
// coordinator reopens (once); a return carries a reason the unit reads through the API; the next
// upload answers it; acceptance locks the unit's year; the year lock freezes everything; and the
// rollups count accepted and not-yet-reviewed sheets apart, and returned sheets not at all.
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { callerFor, fetchJson, startTestServer, type Caller, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const YEAR = 2024;
const UNIT = sampleRegistry().find((u) => u.code === '120103001')!;
const DISTRICT = '120103';
const OTHER_UNIT = sampleRegistry().find((u) => u.code === '120101001')!;

const json = (method: string, body: unknown, headers: Record<string, string>): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

forEachDatabase((db) => {
  let server: TestServer;
  let unit: Caller;
  let coordinator: Caller;
  let revision = 0;

  /** Uploads a fresh version of the unit's sheet (each call different bytes) as `who`. */
  async function upload(who: Caller) {
    const form = new FormData();
    const bytes = await filledWorkbookFor(UNIT, YEAR, { 'reg.ns_issued': 10 + ++revision, 'reg.ns_filed': 10 + revision });
    form.append('files', new Blob([new Uint8Array(bytes)]), `${UNIT.name}.xlsx`);
    const answer = await fetchJson(`${server.url}/api/submissions`, { method: 'POST', body: form, headers: who.headers });
    expect(answer.status).toBe(200);
    return answer.body.files[0];
  }
  const review = (id: string, body: unknown, who: Caller = coordinator) => fetchJson(`${server.url}/api/submissions/${id}/review`, json('POST', body, who.headers));
  const reopen = (who: Caller = coordinator) => fetchJson(`${server.url}/api/units/${UNIT.code}/reopen`, json('POST', { year: YEAR, reason: '单位申请更正' }, who.headers));
  const setYear = (body: unknown) => fetchJson(`${server.url}/api/years/${YEAR}/status`, server.authed(json('POST', body, {})));
  const districtCompleteness = async () => {
    const rollup = await fetchJson(`${server.url}/api/rollups/${YEAR}?level=district&code=${DISTRICT}`, { headers: coordinator.headers });
    return rollup.body.groups[0].completeness;
  };

  beforeAll(async () => {
    server = await startTestServer(db);
    // The unit signs in with its password (cookie + CSRF), as in the page; the coordinator uses a token.
    unit = await callerFor(server, 'unit', { unitCode: UNIT.code }, 'cookie');
    coordinator = await callerFor(server, 'district_admin', { districtCode: DISTRICT });
  });
  afterAll(() => server?.close());

  it('after the deadline a unit may upload only once a coordinator reopens it, and only once', async () => {
    // The seeded year's deadline (1 March of the next year) has passed.
    const late = await upload(unit);
    expect(late.status).toBe('rejected');
    expect(late.problems[0]).toMatchObject({ rule: 'DEADLINE_PASSED', message: expect.stringContaining(`截止日期（${YEAR + 1}-03-01）已过`) });

    expect((await reopen(unit)).status).toBe(403); // units cannot reopen themselves
    const reopened = await reopen();
    expect(reopened.status).toBe(201);
    expect(reopened.body.reopening).toMatchObject({ unitCode: UNIT.code, year: YEAR, reason: '单位申请更正', usedAt: null });

    const allowed = await upload(unit);
    expect(allowed.status).toBe('accepted');
    const again = await upload(unit);
    expect(again.status).toBe('rejected');
    expect(again.problems[0].rule).toBe('DEADLINE_PASSED');
    // Coordinators are not bound by the deadline.
    expect((await upload(coordinator)).status).toBe('accepted');

    expect((await setYear({ status: 'open', deadline: '2099-03-01' })).status).toBe(200);
  });

  it('returns with a reason the unit reads; the next upload answers it; acceptance locks the values', async () => {
    const first = await upload(unit);
    expect(first.status).toBe('accepted');
    let detail = await fetchJson(`${server.url}/api/submissions/${first.submissionId}`, { headers: unit.headers });
    expect(detail.body).toMatchObject({ reviewStatus: 'pending', reviewReason: null, uploadedBy: unit.user.username });
    expect(await districtCompleteness()).toMatchObject({ submitted: 1, byStatus: { pending: 1 } });

    // A return needs a reason; units cannot review.
    expect((await review(first.submissionId, { action: 'return' })).status).toBe(400);
    expect((await review(first.submissionId, { action: 'accept' }, unit)).status).toBe(403);
    const returned = await review(first.submissionId, { action: 'return', reason: '第3行规范性文件数与备案数不一致，请核对后重报。' });
    expect(returned.status).toBe(200);
    expect(returned.body.submission).toMatchObject({ reviewStatus: 'returned', reviewedBy: coordinator.user.username });

    // The unit sees the reason in its list and in the detail (what the add-in shows).
    const list = await fetchJson(`${server.url}/api/submissions?year=${YEAR}`, { headers: unit.headers });
    expect(list.body.submissions[0]).toMatchObject({ id: first.submissionId, reviewStatus: 'returned', reviewReason: expect.stringContaining('第3行') });
    // A returned sheet does not count in the rollup: the unit stands as 已退回, not as 未报送.
    const completeness = await districtCompleteness();
    expect(completeness.byStatus).toEqual({ returned: 1 });
    expect(completeness).toMatchObject({ returned: 1, counted: 0, returnedUnits: [{ code: UNIT.code, name: UNIT.name }] });
    expect(completeness.missingUnits.map((u: { code: string }) => u.code)).not.toContain(UNIT.code);

    const second = await upload(unit);
    expect(second.status).toBe('accepted');
    detail = await fetchJson(`${server.url}/api/submissions/${second.submissionId}`, { headers: unit.headers });
    expect(detail.body).toMatchObject({ reviewStatus: 'pending', reviewReason: null, previousVersionId: first.submissionId, lastYear: null });
    const diff = await fetchJson(`${server.url}/api/submissions/${second.submissionId}/diff`, { headers: coordinator.headers });
    expect(diff.body.against).toBe(first.submissionId);
    expect(diff.body.changes).toEqual(
      expect.arrayContaining([{ code: 'reg.ns_issued', name_zh: expect.any(String), before: 10 + revision - 1, after: 10 + revision }]),
    );

    expect((await review(first.submissionId, { action: 'accept' })).body.error.code).toBe('NOT_CURRENT');
    const accepted = await review(second.submissionId, { action: 'accept' });
    expect(accepted.body.submission.reviewStatus).toBe('accepted');
    expect(await districtCompleteness()).toMatchObject({ submitted: 1, byStatus: { accepted: 1 } });
    expect((await review(second.submissionId, { action: 'return', reason: '改主意' })).body.error.code).toBe('ALREADY_ACCEPTED');

    // Locked: neither the unit nor its coordinator can replace the accepted sheet …
    for (const who of [unit, coordinator]) {
      const locked = await upload(who);
      expect(locked.status).toBe('rejected');
      expect(locked.problems[0]).toMatchObject({ rule: 'SUBMISSION_LOCKED', message: expect.stringContaining('已审核通过') });
    }
    // … until it is reopened; the new version waits for review again.
    expect((await reopen()).status).toBe(201);
    const third = await upload(unit);
    expect(third.status).toBe('accepted');
    expect(await districtCompleteness()).toMatchObject({ byStatus: { pending: 1 } });

    const progress = await fetchJson(`${server.url}/api/progress?year=${YEAR}`, { headers: coordinator.headers });
    expect(progress.body.districts).toEqual([
      expect.objectContaining({ code: DISTRICT, submitted: 1, pending: 1, accepted: 0, returned: 0, missing: progress.body.districts[0].expected - 1 }),
    ]);
  });

  it('a locked year takes no upload, review or reopening until it is opened again', async () => {
    const current = (await fetchJson(`${server.url}/api/submissions?year=${YEAR}`, { headers: unit.headers })).body.submissions[0];
    const locked = await setYear({ status: 'locked' });
    expect(locked.body.status).toBe('locked');
    expect((await fetchJson(`${server.url}/api/years`, { headers: unit.headers })).body.years.find((y: { year: number }) => y.year === YEAR).status).toBe('locked');

    const refused = await upload(unit);
    expect(refused.status).toBe('rejected');
    expect(refused.problems[0].rule).toBe('YEAR_CLOSED');
    expect((await review(current.id, { action: 'accept' })).body.error.code).toBe('YEAR_LOCKED');
    expect((await reopen()).body.error.code).toBe('YEAR_NOT_OPEN');

    expect((await setYear({ status: 'open' })).body.status).toBe('open');
    expect((await review(current.id, { action: 'accept' })).status).toBe(200);
  });

  it('names an unknown unit, year, submission or account, or a diff against another unit, in Chinese and says what to do', async () => {
    const noUnit = await fetchJson(`${server.url}/api/units/999999999/reopen`, server.authed(json('POST', { year: YEAR, reason: '测试' }, {})));
    expect(noUnit.status).toBe(404);
    expect(noUnit.body.error).toMatchObject({ code: 'UNIT_UNKNOWN', message: expect.stringMatching(/“999999999”.*请核对单位代码/) });
    const answers = [await fetchJson(`${server.url}/api/progress?year=2030`, server.authed()), await fetchJson(`${server.url}/api/years/2030/status`, server.authed(json('POST', { status: 'open' }, {})))];
    for (const noYear of answers) {
      expect(noYear.status).toBe(404);
      expect(noYear.body.error).toMatchObject({ code: 'YEAR_UNKNOWN', message: expect.stringMatching(/2030.*请先由市级管理员开放该年度/) });
    }
    const badYear = await fetchJson(`${server.url}/api/progress?year=24`, server.authed());
    expect(badYear.status).toBe(400);
    expect(badYear.body.error.fields).toEqual([{ field: 'year', message: expect.stringContaining('应为四位数年份') }]);
    const early = await setYear({ status: 'open', deadline: `${YEAR}-12-31` });
    expect(early.body.error).toMatchObject({ code: 'INVALID_DEADLINE', message: expect.stringContaining('晚于该年度结束') });
    const noSubmission = await fetchJson(`${server.url}/api/submissions/no-such-id`, server.authed());
    expect(noSubmission.body.error).toMatchObject({ code: 'SUBMISSION_NOT_FOUND', message: expect.stringMatching(/no-such-id.*请核对编号/) });
    const mine = (await fetchJson(`${server.url}/api/submissions?year=${YEAR}&unit=${UNIT.code}`, server.authed())).body.submissions[0].id;
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(await filledWorkbookFor(OTHER_UNIT, YEAR))]), `${OTHER_UNIT.name}.xlsx`);
    const theirs = (await fetchJson(`${server.url}/api/submissions`, server.authed({ method: 'POST', body: form }))).body.files[0].submissionId;
    const across = await fetchJson(`${server.url}/api/submissions/${mine}/diff?against=${theirs}`, server.authed());
    expect(across.status).toBe(400);
    expect(across.body.error).toMatchObject({ code: 'DIFF_OTHER_UNIT', message: expect.stringContaining(`单位“${OTHER_UNIT.code}”`) });
    const noUser = await fetchJson(`${server.url}/api/users/no-such-id/tokens`, server.authed());
    expect(noUser.body.error).toMatchObject({ code: 'USER_NOT_FOUND', message: expect.stringMatching(/no-such-id.*请刷新账号列表/) });
  });

  it('keeps every step in the audit log', async () => {
    const log = await fetchJson(`${server.url}/api/audit?unit=${UNIT.code}`, server.authed());
    const actions = log.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['upload.rejected', 'upload.accepted', 'unit.reopen', 'review.return', 'review.accept']));
    const ret = log.body.entries.find((e: { action: string }) => e.action === 'review.return');
    expect(ret).toMatchObject({ actor: coordinator.user.username, actorRole: 'district_admin', year: YEAR, detail: { reason: expect.stringContaining('第3行') } });
  });
});
