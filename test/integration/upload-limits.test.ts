// One upload request is held in memory while it is checked, so its total size is capped before
// anything is read: an oversized request is refused in Chinese and the server goes on serving.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { rewriteParts } from '../support/hostile';
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

  describe('all uploads in flight share one budget', () => {
    let tight: TestServer;
    beforeAll(async () => {
      // Room for one slow 150 KB request, not for a normal workbook beside it; waits of 1 s.
      tight = await startTestServer(db, { uploadInflightMaxBytes: 160_000, uploadQueueWaitMs: 1000 });
    });
    afterAll(() => tight?.close());

    /** A request that declares 150 KB and sends only its first bytes: it holds its share until dropped. */
    const slowUpload = () =>
      new Promise<http.ClientRequest>((resolve) => {
        const url = new URL(`${tight.url}/api/submissions`);
        const req = http.request(url, {
          method: 'POST',
          headers: { ...(tight.admin.headers as Record<string, string>), 'content-type': 'multipart/form-data; boundary=x', 'content-length': 150_000 },
        });
        req.on('error', () => undefined);
        req.write('--x\r\n', () => void uploadsReach((u) => u.inFlightBytes === 150_000).then(() => resolve(req)));
      });
    /** Polls /api/health until the uploads in flight look as expected: no fixed sleep a loaded machine can outrun. */
    const uploadsReach = async (ok: (u: { inFlightBytes: number; waiting: number }) => boolean) => {
      for (const started = Date.now(); Date.now() - started < 10_000; await new Promise((r) => setTimeout(r, 10))) {
        const uploads = (await fetchJson(`${tight.url}/api/health`, tight.authed())).body.uploads;
        if (ok(uploads)) return uploads;
      }
      throw new Error('uploads in flight never reached the expected state');
    };
    const normalUpload = () => {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(workbook)]), 'normal.xlsx');
      return fetchJson(`${tight.url}/api/submissions?dryRun=1`, tight.authed({ method: 'POST', body: form }));
    };

    it('an upload that finds no room within the wait gets 503 in Chinese; the server then serves it', async () => {
      const slow = await slowUpload();
      const busy = await normalUpload();
      expect(busy.status).toBe(503);
      expect(busy.body.error).toMatchObject({ code: 'UPLOAD_BUSY', message: expect.stringMatching(/其他上传.*未保存.*再上传/) });
      slow.destroy();
      await new Promise((r) => setTimeout(r, 100));
      const after = await normalUpload();
      expect(after.status).toBe(200);
      expect(after.body.files[0].status).toBe('accepted');
    });

    it('an upload that waits goes through as soon as the one before it is done', async () => {
      const slow = await slowUpload();
      const waiting = normalUpload();
      expect(await uploadsReach((u) => u.waiting === 1)).toEqual({ maxBytes: 160_000, inFlightBytes: 150_000, waiting: 1 });
      slow.destroy();
      const answer = await waiting;
      expect(answer.status).toBe(200);
      expect(answer.body.files[0].status).toBe('accepted');
    });
  });

  describe('UPLOAD_MAX_BYTES reaches every limit it stands for', () => {
    const MB = 1024 * 1024;
    let roomy: TestServer;
    let padded: Buffer;
    beforeAll(async () => {
      // Above the 20 MB default: multer, the upload expander, the zip gate and the parse children
      // must all let a 21 MB workbook in (a scan pasted into it, stored uncompressed).
      roomy = await startTestServer(db, { uploadMaxBytes: 25 * MB });
      padded = await rewriteParts(workbook, (_name, text) => text, [{ name: 'xl/media/scan.bin', data: randomBytes(21 * MB), compress: false }]);
    });
    afterAll(() => roomy?.close());

    const send = (bytes: Buffer, name: string) => {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(bytes)]), name);
      return fetchJson(`${roomy.url}/api/submissions?dryRun=1`, roomy.authed({ method: 'POST', body: form }));
    };

    it('a 21 MB workbook under a 25 MB limit is checked like any other', async () => {
      expect(padded.length).toBeGreaterThan(21 * MB);
      const answer = await send(padded, 'scan.xlsx');
      expect(answer.status).toBe(200);
      expect(answer.body.files[0]).toMatchObject({ status: 'accepted', unit: sampleRegistry()[0].code });
    });

    it('a file over the 25 MB limit is refused with 413 and the limit named', async () => {
      const over = await rewriteParts(workbook, (_name, text) => text, [{ name: 'xl/media/scan.bin', data: randomBytes(26 * MB), compress: false }]);
      const answer = await send(over, 'too-big.xlsx');
      expect(answer.status).toBe(413);
      expect(answer.body.error).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringContaining('25') });
    });
  });
});
