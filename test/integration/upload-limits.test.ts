// One upload request is held in memory while it is checked, so its total size is capped before
// anything is read: an oversized request is refused in Chinese and the server goes on serving.
import { sampleRegistry } from '../../templates/src/registry';
import { forEachDatabase } from '../support/databases';
import { fetchJson, startTestServer, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

forEachDatabase((db) => {
  let server: TestServer;
  let workbook: Buffer;
  beforeAll(async () => {
    workbook = await filledWorkbookFor(sampleRegistry()[0], 2024);
    server = await startTestServer(db, { uploadTotalMaxBytes: Math.round(workbook.length * 2.5) });
  });
  afterAll(() => server?.close());

  const upload = (copies: number) => {
    const form = new FormData();
    for (let i = 0; i < copies; i++) form.append('files', new Blob([new Uint8Array(workbook)]), `${i}.xlsx`);
    return fetchJson(`${server.url}/api/submissions?dryRun=1`, server.authed({ method: 'POST', body: form }));
  };

  it('refuses a request over the total cap with 413 and a Chinese reason, then serves a normal one', async () => {
    const big = await upload(4);
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'UPLOAD_TOO_LARGE', message: expect.stringContaining('请分几次上传') });
    const normal = await upload(1);
    expect(normal.status).toBe(200);
    expect(normal.body.files[0].status).toBe('accepted');
  });
});
