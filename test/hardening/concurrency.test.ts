// Concurrency and scale-out: many simultaneous uploads for one unit, through two server processes
// sharing one PostgreSQL database (started at the same moment, so first-start seeding races too), or
// one process on SQLite. Every upload must be answered accepted with its own version number, the
// numbers must be exactly 1..N, exactly one version current (the highest), every other one in history.
// And a reopening of an accepted sheet, raced by two uploads at once, lets exactly one of them in.
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { CORPUS_UNIT, CORPUS_YEAR, validWorkbookCopies } from './corpus';
import { currentCatalogue } from '../../templates/src/core/catalogue';
import { readWorkbook } from '../../templates/src/xlsx/read-workbook';
import type { ValuesSubmission } from '../../templates/src/core/values-submission';
import { callerFor, fetchJson, startTestServer } from '../support/server';
import { adminHeaders, uploadFiles, type Headers } from './http';
import { startServerProcess, verifyStoreProcess, type ServerProcess } from './process';

const UPLOADS = 40;
const REOPEN_ROUNDS = 12;

/** What the Excel add-in sends for a workbook on hosts without file access: the cells, by code. */
function valuesOf(bytes: Buffer, fileName: string): ValuesSubmission {
  const read = readWorkbook(bytes, currentCatalogue());
  const cells: ValuesSubmission['cells'] = {};
  for (const [code, c] of Object.entries(read.sheet!.cells)) cells[code] = { address: c.ref.address, raw: c.raw };
  return { fileName, stamp: read.stamp, cells };
}

forEachDatabase((db) => {
  const instances = db.kind === 'postgres' ? 2 : 1;

  it(`${UPLOADS} simultaneous uploads for one unit through ${instances} process(es): versions 1..${UPLOADS}, one current, none lost`, async () => {
    const target = await db.fresh();
    const books = await validWorkbookCopies(UPLOADS, 5);
    const servers: ServerProcess[] = await Promise.all(Array.from({ length: instances }, () => startServerProcess(target)));
    try {
      const headers: Headers[] = await Promise.all(servers.map((s) => adminHeaders(s.url)));
      const answers = await Promise.all(
        books.map((bytes, i) => uploadFiles(servers[i % instances].url, headers[i % instances], [{ name: `copy-${i}.xlsx`, bytes }])),
      );
      const files = answers.map((a) => {
        expect(a.status).toBe(200);
        return a.body.files[0] as { status: string; version: number; submissionId: string };
      });
      expect(files.filter((f) => f.status !== 'accepted')).toEqual([]);
      expect(files.map((f) => f.version).sort((a, b) => a - b)).toEqual(Array.from({ length: UPLOADS }, (_, i) => i + 1));

      const history = await fetch(`${servers[0].url}/api/units/${CORPUS_UNIT}/submissions?year=${CORPUS_YEAR}`, { headers: headers[0] }).then((r) => r.json());
      const versions = history.versions as { id: string; version: number; isCurrent: boolean }[];
      expect(versions).toHaveLength(UPLOADS);
      expect(versions.filter((v) => v.isCurrent).map((v) => v.version)).toEqual([UPLOADS]);
      expect(new Set(versions.map((v) => v.id))).toEqual(new Set(files.map((f) => f.submissionId)));

      // Both instances see the same state: the registry was seeded once, the current version agrees.
      for (const [k, server] of servers.entries()) {
        const list = await fetch(`${server.url}/api/submissions?year=${CORPUS_YEAR}&unit=${CORPUS_UNIT}`, { headers: headers[k] }).then((r) => r.json());
        expect(list.submissions.map((s: { version: number }) => s.version)).toEqual([UPLOADS]);
        const registry = await fetch(`${server.url}/api/registry`, { headers: headers[k] }).then((r) => r.json());
        expect(registry.units).toHaveLength(sampleRegistry().length);
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
    const check = await verifyStoreProcess(target);
    expect(check.report).toMatchObject({ ok: true, counts: { submissions: UPLOADS } });
  }, 120_000);

  // Two processes on SQLite too: within one process the SQLite calls are synchronous, so one upload's
  // check and write never interleave with another's; two processes on one file (or a CLI) can.
  it(`a reopening raced by two uploads at once through two processes lets exactly one in (${REOPEN_ROUNDS} rounds)`, async () => {
    const target = await db.fresh();
    const books = await validWorkbookCopies(1 + 2 * REOPEN_ROUNDS, 6);
    const servers: ServerProcess[] = [await startServerProcess(target)];
    servers.push(await startServerProcess(target));
    const json = (body: unknown, headers: Headers) => ({ method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const refusals: string[] = [];
    try {
      const admin = await adminHeaders(servers[0].url);
      // A unit account: the seeded year's deadline has passed, so each of its uploads needs the reopening.
      const unit = await callerFor(servers[0], 'unit', { unitCode: CORPUS_UNIT });
      const accept = async (id: string) => {
        const answer = await fetchJson(`${servers[0].url}/api/submissions/${id}/review`, json({ action: 'accept' }, admin));
        expect([answer.status, answer.body.submission?.reviewStatus]).toEqual([200, 'accepted']);
      };
      const first = await uploadFiles(servers[0].url, admin, [{ name: 'v1.xlsx', bytes: books[0] }]);
      await accept(first.body.files[0].submissionId);

      for (let round = 0; round < REOPEN_ROUNDS; round++) {
        const reopened = await fetchJson(`${servers[0].url}/api/units/${CORPUS_UNIT}/reopen`, json({ year: CORPUS_YEAR, reason: '单位申请更正' }, admin));
        expect(reopened.status).toBe(201);
        // Both upload paths: workbooks in even rounds, the add-in's values in odd ones.
        const send = (k: number) => {
          const bytes = books[1 + 2 * round + k];
          const url = servers[k].url;
          if (round % 2 === 0) return uploadFiles(url, unit.headers, [{ name: `round-${round}-${k}.xlsx`, bytes }]);
          return fetchJson(`${url}/api/submissions/values`, json(valuesOf(bytes, `round-${round}-${k}`), unit.headers));
        };
        const answers = await Promise.all([send(0), send(1)]);
        const files = answers.map((a) => {
          expect(a.status).toBe(200);
          return a.body.files[0] as { status: string; submissionId: string | null; version: number | null; problems: { rule: string; message: string }[] };
        });
        const accepted = files.filter((f) => f.status === 'accepted');
        expect(accepted).toHaveLength(1);
        expect(accepted[0].version).toBe(round + 2);
        const refused = files.find((f) => f !== accepted[0])!;
        expect(refused).toMatchObject({ status: 'rejected', submissionId: null, version: null });
        // Judged while the reopening was still open, the write finds it used up: the write's refusal.
        // Judged (even half-way) after the other upload was stored: the guard's lock or deadline
        // refusal. Either way it is the lock rule and names the reopening.
        expect(['SUBMISSION_LOCKED', 'DEADLINE_PASSED']).toContain(refused.problems[0].rule);
        expect(refused.problems[0].message).toMatch(/[\u4e00-\u9fff].*重新开放/);
        const byWrite = refused.problems[0].message.includes('已被同时上传的另一份文件用掉');
        if (byWrite) expect(refused.problems[0]).toMatchObject({ rule: 'SUBMISSION_LOCKED', message: expect.stringContaining(`（该单位现为第 ${round + 2} 版）`) });
        refusals.push(byWrite ? 'write' : refused.problems[0].rule);
        await accept(accepted[0].submissionId!);
      }
      const history = await fetchJson(`${servers[0].url}/api/units/${CORPUS_UNIT}/submissions?year=${CORPUS_YEAR}`, { headers: admin });
      expect(history.body.versions).toHaveLength(1 + REOPEN_ROUNDS);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
    const check = await verifyStoreProcess(target);
    expect(check.report).toMatchObject({ ok: true, counts: { submissions: 1 + REOPEN_ROUNDS } });
    // The two really raced for the reopening in most rounds (8–10 of 12 when measured): else this proves nothing.
    expect(refusals).toContain('write');
  }, 240_000);

  it('one upload carrying two new versions of a reopened unit: the first gets in, the second is refused', async () => {
    const server = await startTestServer(db);
    try {
      const [v1, a, b] = await validWorkbookCopies(3, 7);
      const unit = await callerFor(server, 'unit', { unitCode: CORPUS_UNIT });
      const first = await uploadFiles(server.url, server.admin.headers, [{ name: 'v1.xlsx', bytes: v1 }]);
      const id = first.body.files[0].submissionId;
      expect((await fetchJson(`${server.url}/api/submissions/${id}/review`, server.authed({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"accept"}' }))).status).toBe(200);
      const reopen = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ year: CORPUS_YEAR, reason: '单位申请更正' }) };
      expect((await fetchJson(`${server.url}/api/units/${CORPUS_UNIT}/reopen`, server.authed(reopen))).status).toBe(201);

      const answer = await uploadFiles(server.url, unit.headers, [
        { name: 'a.xlsx', bytes: a },
        { name: 'b.xlsx', bytes: b },
      ]);
      expect(answer.body.files[0]).toMatchObject({ status: 'accepted', version: 2 });
      expect(answer.body.files[1]).toMatchObject({ status: 'rejected', submissionId: null });
      expect(answer.body.files[1].problems[0]).toMatchObject({ rule: 'SUBMISSION_LOCKED', message: expect.stringMatching(/^b\.xlsx：.*重新开放只允许再上传一次.*未保存/) });
      expect(await server.store.verify()).toMatchObject({ ok: true, counts: { submissions: 2 } });
      // The reopening is used up: the unit's next upload waits for another one.
      const later = await uploadFiles(server.url, unit.headers, [{ name: 'b.xlsx', bytes: b }]);
      expect(later.body.files[0]).toMatchObject({ status: 'rejected', problems: [expect.objectContaining({ rule: 'DEADLINE_PASSED' })] });
    } finally {
      await server.close();
    }
  }, 60_000);
});
