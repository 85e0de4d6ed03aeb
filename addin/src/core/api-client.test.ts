// The add-in's HTTP client against a real HTTP server whose answers the test chooses (an express
// stub), so headers, bodies and every failure path are real. The real aggregator's routes are driven
// through the pane end to end in test/browser/taskpane.test.ts.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import multer from 'multer';
import { AggregatorClient, ApiError } from './api-client';

let server: Server;
let base: string;
const seen: { auth?: string; body?: unknown; file?: { name: string; size: number; field: string } }[] = [];

beforeAll(async () => {
  const app = express();
  const upload = multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8' });
  app.post('/api/submissions', upload.array('files'), (req, res) => {
    const f = (req.files as Express.Multer.File[])[0];
    seen.push({ auth: req.headers.authorization, file: { name: f.originalname, size: f.size, field: f.fieldname } });
    res.json({ dryRun: false, summary: { accepted: 1, rejected: 0, duplicate: 0 }, files: [{ file: f.originalname, status: 'accepted', submissionId: 's1', unit: 'U1', unitName: '某局', year: 2024, version: 1, problems: [] }] });
  });
  app.post('/api/submissions/values', express.json(), (req, res) => {
    seen.push({ auth: req.headers.authorization, body: req.body });
    res.json({ dryRun: false, summary: { accepted: 0, rejected: 1, duplicate: 0 }, files: [{ file: req.body.fileName, status: 'rejected', submissionId: null, unit: 'U1', year: 2024, version: null, problems: [] }] });
  });
  app.get('/api/submissions', (req, res) => res.json({ year: Number(req.query.year), submissions: req.query.unit === 'U1' ? [{ id: 'abc', unitCode: 'U1' }] : [] }));
  app.get('/api/submissions/abc', (_req, res) => res.json({ values: { 'learn.exam_required': 100 }, derived: { 'learn.exam_pass_rate': 80 } }));
  app.get('/api/registry', (_req, res) => res.status(401).json({ error: { code: 'TOKEN_INVALID', message: '令牌无效：请向区级管理员索取本单位的报送令牌。' } }));
  app.get('/not-json', (_req, res) => res.send('<html>portal</html>'));
  server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

beforeEach(() => (seen.length = 0));

it('sends the workbook as multipart field "files" with its Chinese name, and the token as a bearer', async () => {
  const client = new AggregatorClient({ baseUrl: `${base}/`, token: ' t0k3n ' });
  const answer = await client.submitWorkbook(new Uint8Array([80, 75, 3, 4, 9, 9]), '和平区司法局-2024.xlsx');
  expect(answer.files[0].status).toBe('accepted');
  expect(seen[0]).toEqual({ auth: 'Bearer t0k3n', file: { name: '和平区司法局-2024.xlsx', size: 6, field: 'files' } });
});

it('sends no Authorization header without a token; posts the values fallback as JSON', async () => {
  const client = new AggregatorClient({ baseUrl: base });
  const body = { fileName: 'x.xlsx', sheetName: '指标填报', stamp: { unit_code: 'U1' }, cells: { 'learn.exam_required': { address: 'E20', raw: { kind: 'number' as const, value: 1 } } } };
  const answer = await client.submitValues(body);
  expect(answer.files[0].status).toBe('rejected');
  expect(seen[0]).toEqual({ auth: undefined, body });
});

it("finds the unit's accepted values of a year with their stored derived values, or null when it has none", async () => {
  const client = new AggregatorClient({ baseUrl: base });
  expect(await client.acceptedFigures('U1', 2023)).toEqual({ values: { 'learn.exam_required': 100 }, derived: { 'learn.exam_pass_rate': 80 } });
  expect(await client.acceptedFigures('U2', 2023)).toBeNull();
});

it('turns failures into Chinese messages: server message, unreachable, not JSON, missing fallback route', async () => {
  await expect(new AggregatorClient({ baseUrl: base }).getRegistry()).rejects.toMatchObject({ status: 401, code: 'TOKEN_INVALID', message: expect.stringContaining('尚未填写报送令牌') });
  await expect(new AggregatorClient({ baseUrl: base, token: 'old' }).getRegistry()).rejects.toThrow('报送令牌无效或已被停用');
  const unreachable = new AggregatorClient({ baseUrl: 'http://127.0.0.1:9' });
  await expect(unreachable.getRegistry()).rejects.toThrow('无法连接汇总系统');
  const portal = new AggregatorClient({ baseUrl: `${base}/not-json#` });
  await expect(portal.getRegistry()).rejects.toBeInstanceOf(ApiError);
  const noFallback = new AggregatorClient({ baseUrl: `${base}/elsewhere` });
  await expect(noFallback.submitValues({} as never)).rejects.toThrow('暂不支持从本机 Excel 按数值报送');
});
