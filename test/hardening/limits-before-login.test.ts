// What anyone can make the server do before signing in, over real HTTP on both databases: the login
// throttle holds under 30 parallel wrong passwords spread over two instances (5 answered 401, the
// rest 429); bodies are read only up to each route's small limit (a login body of 18 MB is refused
// by its length, and /api/health stays fast while four of them arrive); uploads are read only after
// authentication; a multipart form is bounded in parts and fields; /api/health tells the public
// only that the service and its database are up.
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import pino from 'pino';
import { startServer, type RunningServer } from '../../aggregator/src/main';
import { forEachDatabase } from '../support/databases';
import { callerFor, fetchJson, startTestServer, TEST_ADMIN, type TestServer } from '../support/server';
import { validWorkbook } from './corpus';
import { uploadFiles } from './http';

const MB = 1024 * 1024;
const HAS_CHINESE = /[\u4e00-\u9fff]/;
/**
 * Slowest /api/health answer allowed while the big bodies arrive (sent by another process), beyond
 * three times the slowest of a few answers just before (so a loaded machine does not fail it).
 * Measured on the 2-core test machine: 40–190 ms now; 490 ms here, 630–680 ms in the issue, when the
 * server still parsed four 18 MB JSON bodies.
 */
const HEALTH_EXTRA_MS = 300;

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  ms: number;
}

/**
 * POSTs `body` (or, with `declareOnly`, just headers declaring its length) and resolves with the
 * answer as soon as it comes, whether or not the server read the body: a refused upload may close
 * the connection while the body is still being written.
 */
function post(url: string, path: string, headers: Record<string, string>, body: Buffer, declareOnly = false): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null, ms: Date.now() - started });
      });
    });
    // EPIPE / ECONNRESET while writing a body the server refused to read: the answer still comes.
    req.on('error', (e) => (req.writableFinished || declareOnly ? undefined : reject(e)));
    if (declareOnly) req.flushHeaders();
    else req.end(body);
  });
}

/** argv: base URL, body bytes, how many at once. Prints [{status, code, ms}] once all are answered. */
const SEND_BIG_BODIES = `
const http = require('node:http');
const [url, bytes, count] = process.argv.slice(1);
const body = Buffer.concat([Buffer.from('{"username":"admin","password":"'), Buffer.alloc(Number(bytes), 0x78), Buffer.from('"}')]);
const one = () => new Promise((resolve) => {
  const started = Date.now();
  const req = http.request(url + '/api/session', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } });
  req.on('response', (res) => {
    let text = '';
    res.on('data', (c) => (text += c));
    res.on('end', () => { req.destroy(); resolve({ status: res.statusCode, code: JSON.parse(text).error.code, ms: Date.now() - started }); });
  });
  // A reset before the answer is a failure the test must see, not a request that never ends.
  req.on('error', (e) => resolve({ status: 0, code: e.code, ms: Date.now() - started }));
  req.end(body);
});
Promise.all(Array.from({ length: Number(count) }, one)).then((answers) => process.stdout.write(JSON.stringify(answers)));
`;

const jsonBody = (bytes: number) => {
  const padding = 'x'.repeat(Math.max(0, bytes - 40));
  return Buffer.from(JSON.stringify({ username: 'admin', password: padding }));
};

forEachDatabase((db) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(db, { parseWorkers: 1 });
  });
  afterAll(() => server?.close());

  describe('login throttle', () => {
    it('30 parallel wrong passwords for one account over two instances: 5 answered 401, 25 answered 429', async () => {
      const victim = await callerFor(server, 'leader', {}, 'bearer');
      const name = victim.user.username;
      const twin: RunningServer = await startServer(server.config, { logger: pino({ level: 'silent' }) });
      try {
        const attempts = Array.from({ length: 30 }, (_, i) =>
          fetch(`${(i % 2 ? twin : server).url}/api/session`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: name, password: `wrong-${i}` }),
          }).then((r) => r.status),
        );
        const statuses = await Promise.all(attempts);
        const count = (s: number) => statuses.filter((x) => x === s).length;
        // The limit is LOGIN_MAX_FAILURES = 5 per 15 minutes.
        expect(server.config.loginMaxFailures).toBe(5);
        expect({ 401: count(401), 429: count(429) }).toEqual({ 401: 5, 429: 25 });
        // Throttled attempts do not count as failures, but the five do: the right password waits too.
        const right = await fetchJson(`${twin.url}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: name, password: `pw-${name}-secret` }),
        });
        expect(right.status).toBe(429);
        expect(right.body.error.message).toMatch(/登录失败次数过多.*15 分钟后再试/);
        const failures = await fetchJson(`${server.url}/api/audit?action=login.failure&limit=1000`, { headers: server.admin.headers });
        expect(failures.body.entries.filter((e: { actor: string }) => e.actor === name)).toHaveLength(5);
      } finally {
        await twin.close();
      }
      // Another account is not affected, and the administrator's correct logins never counted.
      expect((await fetchJson(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) })).status).toBe(200);
    }, 60_000);
  });

  describe('bodies before login', () => {
    it('POST /api/session refuses an 18 MB body by its declared length, in Chinese, without reading it', async () => {
      const big = jsonBody(18 * MB);
      const declared = await post(server.url, '/api/session', { 'content-type': 'application/json' }, big, true);
      expect(declared.status).toBe(413);
      expect(declared.body.error).toMatchObject({ code: 'BODY_TOO_LARGE', message: expect.stringMatching(/请求内容过大（本接口上限 4 KB）/) });
      // Sent in chunks without a length: read up to the limit, then refused.
      const chunked = await fetchJson(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Blob([new Uint8Array(jsonBody(64 * 1024))]).stream(),
        duplex: 'half',
      } as RequestInit);
      expect([chunked.status, chunked.body.error.code]).toEqual([413, 'BODY_TOO_LARGE']);
      // A small body still logs in.
      expect((await fetchJson(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) })).status).toBe(200);
    });

    it('four concurrent 18 MB login bodies are refused while /api/health keeps answering fast', async () => {
      const idle: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = Date.now();
        await fetch(`${server.url}/api/health`);
        idle.push(Date.now() - started);
      }
      // Sent from another process, so this process's event loop measures only the server.
      const sender = spawn(process.execPath, ['-e', SEND_BIG_BODIES, server.url, String(18 * MB), '4'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let output = '';
      sender.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const finished = new Promise<number>((resolve) => sender.on('close', resolve));
      let sending = true;
      void finished.then(() => (sending = false));
      const healthTimes: number[] = [];
      while (sending) {
        const started = Date.now();
        expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
        healthTimes.push(Date.now() - started);
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(await finished).toBe(0);
      const answers: { status: number; code: string; ms: number }[] = JSON.parse(output);
      expect(answers.map((a) => [a.status, a.code])).toEqual(Array(4).fill([413, 'BODY_TOO_LARGE']));
      console.log(JSON.stringify({ db: db.kind, idleMaxMs: Math.max(...idle), healthPolls: healthTimes.length, healthMaxMs: Math.max(...healthTimes), bodyAnswersMs: answers.map((a) => a.ms) }));
      expect(healthTimes.length).toBeGreaterThan(0);
      expect(Math.max(...healthTimes)).toBeLessThan(HEALTH_EXTRA_MS + 3 * Math.max(...idle));
    }, 60_000);

    it('other JSON routes take 100 KB: a larger body is refused even from the administrator', async () => {
      const answer = await post(server.url, '/api/users', { ...server.admin.headers, 'content-type': 'application/json' }, jsonBody(200 * 1024));
      expect([answer.status, answer.body.error.code]).toEqual([413, 'BODY_TOO_LARGE']);
      expect(answer.body.error.message).toContain('本接口上限 100 KB');
    });

    it('an upload is read only after authentication: without credentials 401, with a role that may not upload 403, before the body', async () => {
      const multipart = { 'content-type': 'multipart/form-data; boundary=XYZ' };
      const body = Buffer.alloc(18 * MB, 0x41);
      const anonymous = await post(server.url, '/api/submissions', multipart, body, true);
      expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'AUTH_REQUIRED']);
      expect(anonymous.body.error.message).toMatch(HAS_CHINESE);
      const leader = await callerFor(server, 'leader', {}, 'bearer');
      const forbidden = await post(server.url, '/api/submissions', { ...multipart, ...leader.headers }, body, true);
      expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'FORBIDDEN_ROLE']);
      const registry = await post(server.url, '/api/registry', multipart, body, true);
      expect(registry.status).toBe(401);
    });

    it('a multipart form is bounded in fields and field size; a valid upload gets in right after', async () => {
      const manyFields = new FormData();
      for (let i = 0; i < 100; i++) manyFields.append(`f${i}`, 'x');
      const many = await fetchJson(`${server.url}/api/submissions`, server.authed({ method: 'POST', body: manyFields }));
      expect([many.status, many.body.error.code]).toEqual([413, 'UPLOAD_TOO_MANY_PARTS']);
      expect(many.body.error.message).toMatch(/字段过多/);
      const longField = new FormData();
      longField.append('note', 'x'.repeat(100 * 1024));
      const long = await fetchJson(`${server.url}/api/submissions`, server.authed({ method: 'POST', body: longField }));
      expect([long.status, long.body.error.code]).toEqual([413, 'UPLOAD_FIELD_TOO_LARGE']);
      const before = (await server.store.verify()).counts.submissions;
      expect(before).toBe(0);
      const ok = await uploadFiles(server.url, server.admin.headers, [{ name: 'ok.xlsx', bytes: await validWorkbook() }]);
      expect(ok.body.files[0].status).toBe('accepted');
    });
  });

  describe('GET /api/health', () => {
    it('answers the public only that the service and its database are up', async () => {
      const anonymous = await fetchJson(`${server.url}/api/health`);
      expect(anonymous).toMatchObject({ status: 200, body: { status: 'ok', database: 'reachable' } });
      expect(Object.keys(anonymous.body).sort()).toEqual(['database', 'status']);
      const leader = await callerFor(server, 'leader', {}, 'bearer');
      expect(Object.keys((await fetchJson(`${server.url}/api/health`, { headers: leader.headers })).body).sort()).toEqual(['database', 'status']);
    });

    it('gives the city administrator the detail: database kind, parse-pool children and uploads in flight', async () => {
      const detail = await fetchJson(`${server.url}/api/health`, { headers: server.admin.headers });
      expect(detail.body).toMatchObject({
        status: 'ok',
        database: 'reachable',
        dialect: db.kind,
        parsePool: { workers: 1, pids: [expect.any(Number)] },
        uploads: { inFlightBytes: 0, waiting: 0 },
      });
    });

    it('answers 503 when the database does not', async () => {
      const broken = await startTestServer(db, { parseWorkers: 1 });
      try {
        await broken.store.close();
        const answer = await fetchJson(`${broken.url}/api/health`);
        expect(answer).toMatchObject({ status: 503, body: { status: 'unavailable', database: 'unreachable' } });
      } finally {
        await broken.close().catch(() => undefined);
      }
    });
  });
});
