// The add-in's values-only submission is judged exactly like the workbook it came from: the same
// problems with the same messages, the same registry checks, and it is kept byte for byte.
import { currentCatalogue } from '../../templates/src/core/catalogue';
import { readWorkbook } from '../../templates/src/xlsx/read-workbook';
import { sampleRegistry } from '../../templates/src/samples/registry';
import type { ValuesSubmission } from '../../templates/src/core/values-submission';
import { forEachDatabase } from '../support/databases';
import { fetchJson, startTestServer, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const unit = sampleRegistry().find((u) => u.code === '120105002')!;

/** What the add-in would send for this workbook: the cells the reader finds, by code. */
function valuesOf(bytes: Buffer, fileName: string): ValuesSubmission {
  const read = readWorkbook(bytes, currentCatalogue());
  const cells: ValuesSubmission['cells'] = {};
  for (const [code, c] of Object.entries(read.sheet!.cells)) {
    cells[code] = { address: c.ref.address, raw: c.raw, ...(c.formula ? { formula: c.formula } : {}), ...(c.remark ? { remark: c.remark } : {}) };
  }
  return { fileName, stamp: read.stamp, cells };
}

const postValues = (server: TestServer, body: unknown) =>
  fetchJson(`${server.url}/api/submissions/values`, server.authed({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));

const upload = (server: TestServer, bytes: Buffer) => {
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(bytes)]), 'book.xlsx');
  return fetchJson(`${server.url}/api/submissions?dryRun=1`, server.authed({ method: 'POST', body: form }));
};

forEachDatabase((db) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(db);
  });
  afterAll(() => server?.close());

  it('accepts good values and keeps them as the original of a json version', async () => {
    const body = valuesOf(await filledWorkbookFor(unit, 2024), '河北区司法局（填报助手）');
    const { status, body: answer } = await postValues(server, body);
    expect(status).toBe(200);
    expect(answer.files[0]).toMatchObject({ status: 'accepted', unit: unit.code, year: 2024, version: 1 });
    const id = answer.files[0].submissionId;
    const detail = await fetchJson(`${server.url}/api/submissions/${id}`, server.authed());
    expect(detail.body).toMatchObject({ source: 'json', unitCode: unit.code });
    const original = await fetch(`${server.url}/api/submissions/${id}/original`, server.authed());
    expect(JSON.parse(Buffer.from(await original.arrayBuffer()).toString('utf8')).cells['reg.ns_issued']).toEqual(body.cells['reg.ns_issued']);
  });

  it('finds the same problems, worded the same, as when the workbook itself is uploaded', async () => {
    const bytes = await filledWorkbookFor(unit, 2024, { 'litig.lost': 9, 'litig.concluded': 1, 'reg.ns_issued': '12件' });
    const fromValues = await postValues(server, valuesOf(bytes, 'x'));
    const fromFile = await upload(server, bytes);
    const messages = (r: { body: { files: { problems: { message: string }[] }[] } }) => r.body.files[0].problems.map((p) => p.message);
    expect(fromValues.body.files[0].status).toBe('rejected');
    expect(messages(fromValues)).toEqual(messages(fromFile));
    expect(messages(fromValues).join('\n')).toContain('填报值“12件”');
  });

  it('rejects a malformed body with a Chinese 400 naming the field', async () => {
    const { status, body } = await postValues(server, { fileName: 'x', stamp: {}, cells: { 'reg.ns_issued': { address: 'E9', raw: { kind: 'number', value: 'abc' } } } });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/cells/);
  });

  it('reports rows missing from the body like missing rows in a sheet', async () => {
    const body = valuesOf(await filledWorkbookFor(unit, 2024), 'x');
    delete body.cells['reg.ns_issued'];
    const { body: answer } = await postValues(server, body);
    expect(answer.files[0].status).toBe('rejected');
    expect(answer.files[0].problems[0]).toMatchObject({ rule: 'STRUCTURE', codes: ['reg.ns_issued'] });
  });
});
