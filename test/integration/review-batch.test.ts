// Batch accept over HTTP on both databases: many pending, error-free current versions accepted in
// one step with one audit entry each; a batch holding one that is not pending changes nothing and
// names the unit; another district's coordinator cannot accept this district's sheets.
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { callerFor, fetchJson, startTestServer, type Caller, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const YEAR = 2024;
const DISTRICT = '120106';
const UNITS = sampleRegistry().filter((u) => u.districtCode === DISTRICT).slice(0, 3);

forEachDatabase((db) => {
  let server: TestServer;
  let coordinator: Caller;
  let stranger: Caller;
  const ids: string[] = [];

  const batch = (body: unknown, who: Caller) =>
    fetchJson(`${server.url}/api/submissions/review-batch`, { method: 'POST', headers: { 'content-type': 'application/json', ...who.headers }, body: JSON.stringify(body) });
  const statusOf = async (id: string) => (await fetchJson(`${server.url}/api/submissions/${id}`, { headers: server.admin.headers })).body.reviewStatus;
  const acceptEntries = async () => (await fetchJson(`${server.url}/api/audit?action=review.accept`, { headers: server.admin.headers })).body.entries.length;

  beforeAll(async () => {
    server = await startTestServer(db);
    coordinator = await callerFor(server, 'district_admin', { districtCode: DISTRICT });
    stranger = await callerFor(server, 'district_admin', { districtCode: '120101' });
    for (const unit of UNITS) {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(await filledWorkbookFor(unit, YEAR))]), `${unit.name}.xlsx`);
      const stored = await fetchJson(`${server.url}/api/submissions`, { method: 'POST', body: form, headers: coordinator.headers });
      ids.push(stored.body.files[0].submissionId);
    }
  }, 60_000);
  afterAll(() => server?.close());

  it('accepts many pending sheets in one step, one audit entry each; refuses a whole batch with one not pending', async () => {
    expect((await batch({ ids, action: 'return' }, coordinator)).status).toBe(400);
    expect((await batch({ ids: [], action: 'accept' }, coordinator)).status).toBe(400);
    expect((await batch({ ids, action: 'accept' }, stranger)).status).toBe(403);
    expect(await Promise.all(ids.map(statusOf))).toEqual(['pending', 'pending', 'pending']);

    const before = await acceptEntries();
    const first = await batch({ ids: ids.slice(0, 2), action: 'accept' }, coordinator);
    expect(first.status).toBe(200);
    expect(first.body.submissions.map((s: { id: string; reviewStatus: string }) => [s.id, s.reviewStatus])).toEqual([
      [ids[0], 'accepted'],
      [ids[1], 'accepted'],
    ]);
    expect(await acceptEntries()).toBe(before + 2);

    // ids[0] is accepted now: the batch of it and ids[2] changes nothing and names the unit.
    const mixed = await batch({ ids: [ids[2], ids[0]], action: 'accept' }, coordinator);
    expect(mixed.status).toBe(409);
    expect(mixed.body.error).toMatchObject({ code: 'BATCH_NOT_PENDING', message: expect.stringContaining(UNITS[0].name) });
    expect(mixed.body.error.message).toContain('本批次未作任何变更');
    expect(await statusOf(ids[2])).toBe('pending');
    expect(await acceptEntries()).toBe(before + 2);
  }, 60_000);
});
