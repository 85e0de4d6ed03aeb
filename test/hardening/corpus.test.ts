// Every corpus file over real HTTP on SQLite and PostgreSQL: the answer the manifest expects, a
// Chinese message naming the fault, nothing stored, an audit entry, the server still serving, and a
// valid upload right after it accepted. Then the whole corpus in one upload: the one valid file among
// them still gets in.
import * as http from 'node:http';
import type { StoreVerification } from '../../aggregator/src/store/verify';
import { checkWorkbook } from '../../templates/src/xlsx/check-workbook';
import { isAppError } from '../../templates/src/core/errors';
import { forEachDatabase } from '../support/databases';
import { fetchJson, startTestServer, type TestServer } from '../support/server';
import { uploadFiles, type Headers } from './http';
import { buildCorpus, CORPUS_UNIT, CORPUS_YEAR, validWorkbook, type CorpusEntry } from './corpus';

/** Small cap so the over-cap file stays small; the corpus script uses the real default. */
const UPLOAD_MAX_BYTES = 2 * 1024 * 1024;
/** The test server's parse timeout: no corpus file may need it (none expects PARSE_TIMEOUT). */
const PARSE_TIMEOUT_MS = 5000;
/**
 * Slowest acceptable answer for any single corpus file. Each takes milliseconds unloaded; the bound
 * catches one that is slow outside the parse child (zips are expanded in the server process), with
 * room for a loaded machine.
 */
const ANSWER_WITHIN_MS = PARSE_TIMEOUT_MS + 3000;
const HAS_CHINESE = /[\u4e00-\u9fff]/;

let corpus: CorpusEntry[];
const valids: Buffer[] = [];

beforeAll(async () => {
  corpus = await buildCorpus({ uploadMaxBytes: UPLOAD_MAX_BYTES });
  // Two valid workbooks with different bytes: alternating them makes every upload a new version.
  valids.push(await validWorkbook(1), await validWorkbook(2));
}, 120_000);


const storedCounts = (v: StoreVerification) => ({ submissions: v.counts.submissions, blobs: v.counts.blobs });

interface AuditEntry {
  actor: string;
  action: string;
  detail: { file?: string; reason?: string; declaredBytes?: number; capBytes?: number };
}

/** Refusals of what follows the sheet data: `npm run check` must say exactly what the upload says. */
const TAIL_RULES = ['SHEET_RANGE', 'TOO_MANY_MERGES', 'SHEET_RANGE_CELLS'];

/** What `npm run check` says of a file it refuses outright (checkWorkbook throws), or undefined. */
function checkRefusal(bytes: Buffer): string | undefined {
  try {
    checkWorkbook(bytes);
  } catch (e) {
    if (isAppError(e)) return e.message;
    throw e;
  }
  return undefined;
}

/** POST /api/submissions declaring `bytes` of body and sending none: the total cap answers from the header alone. */
function declareUpload(url: string, headers: Headers, bytes: number, query = ''): Promise<{ status: number; body: { error: { code: string; message: string } } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/submissions${query}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'multipart/form-data; boundary=XYZ', 'content-length': String(bytes) },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

forEachDatabase((db) => {
  let server: TestServer;
  let headers: Headers;
  const upload = (_s: TestServer, files: { name: string; bytes: Buffer }[]) => uploadFiles(server.url, headers, files);
  let version = 0;
  /** Request-level refusals made so far, by code: each one audited. */
  const requestRefusals: Record<string, number> = {};
  let validUploads = 0;

  beforeAll(async () => {
    server = await startTestServer(db, { uploadMaxBytes: UPLOAD_MAX_BYTES, parseTimeoutMs: PARSE_TIMEOUT_MS });
    headers = server.admin.headers;
  });
  afterAll(() => server?.close());
  const refusalsAudited = async (reason: string): Promise<AuditEntry[]> => {
    const found = await fetchJson(`${server.url}/api/audit?action=upload.rejected&limit=1000`, { headers });
    return (found.body.entries as AuditEntry[]).filter((e) => e.detail.reason === reason);
  };

  it('answers every corpus file as its manifest says, stores nothing for it, and accepts a valid upload next', async () => {
    const failures: string[] = [];
    for (const entry of corpus) {
      const before = await server.store.verify();
      const started = Date.now();
      const { status, body } = await upload(server, [{ name: entry.name, bytes: entry.bytes }]);
      const took = Date.now() - started;
      const fail = (why: string) => failures.push(`${entry.name} (${entry.title}): ${why}; got ${status} ${JSON.stringify(body).slice(0, 400)}`);
      if (took > ANSWER_WITHIN_MS) fail(`answered after ${took} ms`);

      const e = entry.expect;
      if (e.answer === 'http') {
        if (status !== e.status || body.error?.code !== e.code) fail(`expected HTTP ${e.status} ${e.code}`);
        else if (!HAS_CHINESE.test(body.error.message)) fail('error message is not Chinese');
        // Refused before any file exists, yet audited: who, the declared size and the cap.
        const audited = await refusalsAudited(e.code);
        const last = audited[audited.length - 1];
        const expected = (requestRefusals[e.code] = (requestRefusals[e.code] ?? 0) + 1);
        if (audited.length !== expected || last?.actor !== 'admin') fail(`expected audit entry ${expected} for ${e.code}, got ${JSON.stringify(audited)}`);
        else if (!(last.detail.declaredBytes! > entry.bytes.length) || last.detail.capBytes !== UPLOAD_MAX_BYTES) fail(`audit detail ${JSON.stringify(last.detail)}`);
      } else if (status !== 200 || body.files?.length !== 1) {
        fail('expected HTTP 200 with one file answer');
      } else if (e.answer === 'rejected') {
        const file = body.files[0];
        const errors: { rule: string; message: string }[] = file.problems.filter((p: { severity: string }) => p.severity === 'error');
        const named = errors.find((p) => e.rules.includes(p.rule));
        if (file.status !== 'rejected') fail(`expected rejected (${e.rules.join('/')})`);
        else if (!named) fail(`expected an error with rule ${e.rules.join(' or ')}`);
        else if (!HAS_CHINESE.test(named.message)) fail('message is not Chinese');
        else {
          const text = errors.map((p) => p.message).join(' ');
          for (const m of e.mentions ?? []) if (!text.includes(m)) fail(`message does not mention “${m}”`);
          if (TAIL_RULES.includes(named.rule) && named.message !== `${entry.name}：${checkRefusal(entry.bytes)}`) {
            fail(`npm run check says otherwise: ${checkRefusal(entry.bytes)}`);
          }
        }
      } else {
        const file = body.files[0];
        if (file.status !== 'accepted') fail(`expected accepted (${e.why})`);
        else {
          version++;
          if (e.file) {
            // The name as the uploader knows it: in the answer, the stored submission, its download and the audit log.
            const detail = await fetchJson(`${server.url}/api/submissions/${file.submissionId}`, { headers });
            const original = await fetch(`${server.url}/api/submissions/${file.submissionId}/original`, { headers });
            await original.arrayBuffer();
            const audited = await fetchJson(`${server.url}/api/audit?action=upload.accepted&limit=1000`, { headers });
            const entryOf = (audited.body.entries as (AuditEntry & { detail: { submissionId?: string } })[]).find((a) => a.detail.submissionId === file.submissionId);
            const names = [file.file, detail.body.fileName, decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(original.headers.get('content-disposition') ?? '')?.[1] ?? ''), entryOf?.detail.file];
            const expected = [e.file, e.file, e.file.split('/').pop(), e.file];
            if (JSON.stringify(names) !== JSON.stringify(expected)) fail(`names ${JSON.stringify(names)}, expected ${JSON.stringify(expected)}`);
          }
          const warned = file.problems.find((p: { rule: string; severity: string; message: string }) => p.rule === e.warning && p.severity === 'warning');
          if (e.warning && !(warned && HAS_CHINESE.test(warned.message))) fail(`expected a Chinese warning ${e.warning}`);
        }
      }

      const after = await server.store.verify();
      if (e.answer !== 'accepted' && JSON.stringify(storedCounts(after)) !== JSON.stringify(storedCounts(before))) {
        fail(`stored something: ${JSON.stringify(storedCounts(before))} → ${JSON.stringify(storedCounts(after))}`);
      }
      if (!after.ok) fail(`store inconsistent: ${JSON.stringify(after)}`);

      // The server still serves, and the next valid upload gets in as the next version.
      const next = await upload(server, [{ name: `${CORPUS_UNIT}.xlsx`, bytes: valids[validUploads++ % 2] }]);
      version++;
      if (next.status !== 200 || next.body.files[0].status !== 'accepted' || next.body.files[0].version !== version) {
        fail(`valid upload after it: ${next.status} ${JSON.stringify(next.body).slice(0, 300)}`);
        version = Number(next.body.files?.[0]?.version ?? version);
      }
    }
    expect(failures).toEqual([]);
    // Each per-file refusal is in the audit log under the file's name. (A request refused as a whole,
    // e.g. over the size cap, is answered before any file exists: its entry, checked above, names none.)
    const audit = await fetchJson(`${server.url}/api/audit?action=upload.rejected&limit=1000`, { headers });
    expect(audit.status).toBe(200);
    const audited = new Set((audit.body.entries as AuditEntry[]).flatMap((e) => (e.detail.file ? [e.detail.file.split('/')[0]] : [])));
    const refused = corpus.filter((e) => e.expect.answer === 'rejected').map((e) => e.name);
    expect(refused.filter((name) => !audited.has(name))).toEqual([]);
    const history = await fetchJson(`${server.url}/api/units/${CORPUS_UNIT}/submissions?year=${CORPUS_YEAR}`, { headers });
    expect(history.body.versions).toHaveLength(version);
    expect(history.body.versions.filter((v: { isCurrent: boolean }) => v.isCurrent)).toHaveLength(1);
  }, 300_000);

  it('request-level faults answer 4xx in Chinese naming the fault, and store nothing', async () => {
    const before = storedCounts(await server.store.verify());
    const none = await fetchJson(`${server.url}/api/submissions`, { method: 'POST', body: new FormData(), headers });
    expect([none.status, none.body.error.code]).toEqual([400, 'FILE_MISSING']);
    const wrongField = new FormData();
    wrongField.append('file', new Blob([new Uint8Array(valids[0])]), 'a.xlsx');
    const wrong = await fetchJson(`${server.url}/api/submissions`, { method: 'POST', body: wrongField, headers });
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'UNEXPECTED_FIELD']);
    // The message names the field this endpoint wants.
    expect(wrong.body.error.message).toContain('“files”');
    const json = await fetchJson(`${server.url}/api/submissions`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"files":' });
    expect(json.status).toBe(400);
    expect(json.body.error.message).toMatch(HAS_CHINESE);
    const cut = await fetch(`${server.url}/api/submissions`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: '--XYZ\r\nContent-Disposition: form-data; name="files"; filename="a.xlsx"\r\n\r\nPK',
    });
    expect(cut.status).toBe(400);
    expect((await cut.json()).error.code).toBe('UPLOAD_INVALID');
    const noBoundary = await fetchJson(`${server.url}/api/submissions`, { method: 'POST', headers: { ...headers, 'content-type': 'multipart/form-data' }, body: 'x' });
    expect([noBoundary.status, noBoundary.body.error.code]).toEqual([400, 'UPLOAD_INVALID']);
    // Over the total cap: refused from the declared length alone, before a byte is read, and audited.
    const cap = server.config.uploadTotalMaxBytes;
    const tooBig = await declareUpload(server.url, headers, cap + 1);
    expect([tooBig.status, tooBig.body.error.code]).toEqual([413, 'UPLOAD_TOO_LARGE']);
    expect(tooBig.body.error.message).toMatch(HAS_CHINESE);
    expect(await refusalsAudited('UPLOAD_TOO_LARGE')).toEqual([
      expect.objectContaining({ actor: 'admin', detail: expect.objectContaining({ declaredBytes: cap + 1, capBytes: cap, errors: ['UPLOAD_TOO_LARGE'] }) }),
    ]);
    // A dry run is audited no more than a dry run's refused files are.
    expect((await declareUpload(server.url, headers, cap + 1, '?dryRun=1')).status).toBe(413);
    expect(await refusalsAudited('UPLOAD_TOO_LARGE')).toHaveLength(1);
    expect(storedCounts(await server.store.verify())).toEqual(before);
    expect((await fetchJson(`${server.url}/api/health`, { headers })).status).toBe(200);
  });

  it('one upload carrying the whole corpus and one valid file: the valid file is accepted, each bad one rejected', async () => {
    const perFile = corpus.filter((e) => e.expect.answer === 'rejected');
    const valid = await validWorkbook(3);
    const files = [...perFile.map((e) => ({ name: e.name, bytes: e.bytes })), { name: 'good.xlsx', bytes: valid }];
    const { status, body } = await upload(server, files);
    expect(status).toBe(200);
    const byName = new Map<string, { status: string; problems: { rule: string }[] }>(body.files.map((f: { file: string }) => [f.file.split('/')[0], f]));
    expect(byName.get('good.xlsx')?.status).toBe('accepted');
    for (const e of perFile) {
      // Zips expand to their entries' paths; the first segment is the uploaded name.
      expect([e.name, byName.get(e.name)?.status]).toEqual([e.name, 'rejected']);
    }
    const health = await fetchJson(`${server.url}/api/health`, { headers });
    expect(health.status).toBe(200);
    expect((await server.store.verify()).ok).toBe(true);
  }, 120_000);
});
