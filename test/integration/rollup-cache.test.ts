// Issue 14 item 6: rollups computed once per change. The data version rises with every write to
// what rollups read (and not with logins); the JSON carries dataVersion and computedAt; unchanged
// data is served from the cache (same computedAt); concurrent requests — and on PostgreSQL two
// instances — compute once; an upload is in the next answer.
import http from 'node:http';
import pino from 'pino';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { startServer, type RunningServer } from '../../aggregator/src/main';
import { forEachDatabase } from '../support/databases';
import { fetchJson, login, startTestServer, TEST_ADMIN, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const YEAR = 2024;
const DISTRICT = '120103';
const UNITS = sampleRegistry().filter((u) => u.districtCode === DISTRICT);

forEachDatabase((db) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(db);
    const extended = await fetchJson(
      `${server.url}/api/years/${YEAR}/status`,
      server.authed({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'open', deadline: '2099-03-01' }) }),
    );
    expect(extended.status).toBe(200);
  });
  afterAll(() => server?.close());

  const rollup = (query = 'level=city', url = server.url, headers = server.admin.headers) => fetchJson(`${url}/api/rollups/${YEAR}?${query}`, { headers });
  const upload = async (unit: (typeof UNITS)[number], overrides: Record<string, number> = {}) => {
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(await filledWorkbookFor(unit, YEAR, overrides))]), `${unit.name}.xlsx`);
    const answer = await fetchJson(`${server.url}/api/submissions`, server.authed({ method: 'POST', body: form }));
    expect(answer.body.files[0]).toMatchObject({ status: 'accepted' });
    return answer.body.files[0].submissionId as string;
  };
  const districtGroup = (body: { groups: { code: string; completeness: { submitted: number } }[] }) => body.groups.find((g) => g.code === DISTRICT)!;

  it('serves unchanged data from the cache and recomputes after an upload, which the next answer shows', async () => {
    const first = await rollup();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ year: YEAR, dataVersion: expect.any(Number), computedAt: expect.any(String) });
    expect(first.body.units).toEqual([]);
    const again = await rollup();
    expect(again.body.computedAt).toBe(first.body.computedAt);
    expect(again.body.dataVersion).toBe(first.body.dataVersion);

    // A login writes sessions and the audit log, neither of which a rollup reads.
    await login(server, TEST_ADMIN.username, TEST_ADMIN.password);
    expect((await rollup()).body.computedAt).toBe(first.body.computedAt);

    const before = districtGroup(first.body).completeness.submitted;
    const id = await upload(UNITS[0]);
    const after = await rollup();
    expect(after.body.dataVersion).toBeGreaterThan(first.body.dataVersion);
    expect(after.body.computedAt).not.toBe(first.body.computedAt);
    expect(districtGroup(after.body).completeness.submitted).toBe(before + 1);

    // A review changes what counts (a returned sheet does not): the version moves again.
    const returned = await fetchJson(
      `${server.url}/api/submissions/${id}/review`,
      server.authed({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'return', reason: '请核对第3行' }) }),
    );
    expect(returned.status).toBe(200);
    const reviewed = await rollup();
    expect(reviewed.body.dataVersion).toBeGreaterThan(after.body.dataVersion);
    // Still submitted (its version is there), but no longer counted in the figures: it stands as 已退回.
    expect(districtGroup(reviewed.body).completeness).toMatchObject({ submitted: before + 1, counted: before, returned: 1 });
  });

  it('answers a district from the same computation, and the same figures as the uncached path', async () => {
    await upload(UNITS[0]);
    const city = await rollup();
    const district = await rollup(`level=district&code=${DISTRICT}`);
    expect(district.body.computedAt).toBe(city.body.computedAt);
    expect(district.body.groups.map((g: { code: string }) => g.code)).toEqual([DISTRICT]);
    // units=1 is never cached and computes from the data: its figures must be the cached ones.
    const full = await rollup(`level=district&code=${DISTRICT}&units=1`);
    expect(full.body.findings).toEqual(district.body.findings);
    // The cached body leaves out the lists naming every unit (and says so); everything else is the same.
    expect(district.body.omitted).toEqual(['units', 'unitCodes', 'completeness.submittedUnits', 'figures.items']);
    expect(full.body.omitted).toBeUndefined();
    // The city body keeps the findings of groups and indicators; one unit's are in its district's body.
    const fullCity = await rollup('level=city&units=1');
    expect(city.body.omitted).toEqual(['units', 'unitCodes', 'completeness.submittedUnits', 'figures.items', 'findings.unitCode']);
    expect(city.body.findings).toEqual(fullCity.body.findings.filter((f: { unitCode: string | null }) => f.unitCode === null));
    type Group = { unitCodes: string[]; completeness: { submittedUnits: string[] }; figures: Record<string, { aggregation: string; items?: unknown[] }> };
    const [cachedGroup, fullGroup] = [district.body.groups[0] as Group, full.body.groups[0] as Group];
    expect([...fullGroup.unitCodes].sort()).toEqual(UNITS.map((u) => u.code).sort());
    expect(fullGroup.completeness.submittedUnits.length).toBeGreaterThan(0);
    const texts = Object.keys(fullGroup.figures).filter((c) => fullGroup.figures[c].aggregation === 'none_text_list');
    expect(texts.some((c) => fullGroup.figures[c].items!.length > 0)).toBe(true);
    const emptied = {
      ...fullGroup,
      unitCodes: [],
      completeness: { ...fullGroup.completeness, submittedUnits: [] },
      figures: Object.fromEntries(Object.entries(fullGroup.figures).map(([c, f]) => [c, texts.includes(c) ? { ...f, items: [] } : f])),
    };
    expect(cachedGroup).toEqual(emptied);
    const unknown = await rollup('level=district&code=129999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('DISTRICT_UNKNOWN');
  });

  it('sends the cached body gzipped to clients that take it, and 304 while it is unchanged', async () => {
    const url = `${server.url}/api/rollups/${YEAR}?level=city`;
    const plain = await fetch(url, { headers: { ...server.admin.headers, 'accept-encoding': 'identity' } });
    const plainText = await plain.text();
    expect(plain.headers.get('content-encoding')).toBeNull();
    const zipped = await fetch(url, { headers: { ...server.admin.headers, 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toContain('Accept-Encoding');
    // fetch inflates it: the same body as the plain answer.
    expect(await zipped.text()).toBe(plainText);
    const etag = zipped.headers.get('etag')!;
    // As a browser revalidates: fetch would add Cache-Control: no-cache to a conditional request.
    const again = await new Promise<number>((resolve, reject) =>
      http.get(url, { headers: { ...server.admin.headers, 'accept-encoding': 'gzip', 'if-none-match': etag } }, (r) => (r.resume(), resolve(r.statusCode!))).on('error', reject),
    );
    expect(again).toBe(304);
    await upload(UNITS[2]);
    const changed = await fetch(url, { headers: { ...server.admin.headers, 'accept-encoding': 'gzip', 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(JSON.parse(await changed.text()).dataVersion).toBeGreaterThan(JSON.parse(plainText).dataVersion);
  });

  it('computes once for ten requests arriving together after a change', async () => {
    await upload(UNITS[1]);
    const answers = await Promise.all(Array.from({ length: 10 }, () => rollup()));
    expect(new Set(answers.map((a) => a.body.computedAt)).size).toBe(1);
  });

  (db.kind === 'postgres' ? it : it.skip)('two instances on one PostgreSQL share the cache and compute once between them', async () => {
    let second: RunningServer | undefined;
    try {
      second = await startServer(server.config, { logger: pino({ level: 'silent' }) });
      const admin = await login(second, TEST_ADMIN.username, TEST_ADMIN.password);
      const cached = await rollup();
      expect((await rollup('level=city', second.url, admin.headers)).body.computedAt).toBe(cached.body.computedAt);
      await upload(UNITS[2]);
      const answers = await Promise.all([
        ...Array.from({ length: 5 }, () => rollup()),
        ...Array.from({ length: 5 }, () => rollup('level=city', second!.url, admin.headers)),
      ]);
      expect(new Set(answers.map((a) => a.body.computedAt)).size).toBe(1);
      expect(answers[0].body.dataVersion).toBeGreaterThan(cached.body.dataVersion);
    } finally {
      await second?.close();
    }
  });
});
