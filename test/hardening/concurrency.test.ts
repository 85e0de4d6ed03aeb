// Concurrency and scale-out: many simultaneous uploads for one unit, through two server processes
// sharing one PostgreSQL database (started at the same moment, so first-start seeding races too), or
// one process on SQLite. Every upload must be answered accepted with its own version number, the
// numbers must be exactly 1..N, exactly one version current (the highest), every other one in history.
import { sampleRegistry } from '../../templates/src/registry';
import { forEachDatabase } from '../support/databases';
import { rewriteParts } from '../support/hostile';
import { CORPUS_UNIT, CORPUS_YEAR, validWorkbook } from './corpus';
import { adminHeaders, uploadFiles, type Headers } from './http';
import { startServerProcess, verifyStoreProcess, type ServerProcess } from './process';

const UPLOADS = 40;

/** N workbooks with the same figures and different bytes (a comment in a part the reader never reads). */
async function distinctWorkbooks(n: number): Promise<Buffer[]> {
  const base = await validWorkbook(5);
  return Promise.all(Array.from({ length: n }, (_, i) => rewriteParts(base, (name, text) => (name === 'docProps/app.xml' ? `${text}<!-- copy ${i} -->` : text))));
}

forEachDatabase((db) => {
  const instances = db.kind === 'postgres' ? 2 : 1;

  it(`${UPLOADS} simultaneous uploads for one unit through ${instances} process(es): versions 1..${UPLOADS}, one current, none lost`, async () => {
    const target = await db.fresh();
    const books = await distinctWorkbooks(UPLOADS);
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
});
