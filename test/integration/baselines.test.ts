// 上年数据摘录 end to end over HTTP on both databases: a coordinator uploads last year's reports,
// gets candidates per unit with quotes, confirms/corrects/drops them; the baseline is stored with
// the report as an original and an audit entry; bad input stores nothing; scope is enforced.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import { baselineAnswerSchema, extractAnswerSchema } from '../../aggregator/src/contract/baselines';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { filledWorkbookFor } from '../support/workbooks';
import { pdfWithoutText } from '../support/report-files';
import { callerFor, fetchJson, startTestServer, type Caller, type TestServer } from '../support/server';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'baseline');
const DISTRICT_REPORT = readFileSync(path.join(FIXTURES, 'district-government-2023.txt'));
const CITY_REPORT = readFileSync(path.join(FIXTURES, 'city-department-2023.txt'));
const HEBEI_GOV = '120105000';
const DISTRICT_FILE = '2023年河北区法治政府建设情况报告.txt';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

forEachDatabase((db) => {
  let server: TestServer;
  let coordinator: Caller;
  let otherUnit: Caller;
  let leader: Caller;

  beforeAll(async () => {
    server = await startTestServer(db);
    coordinator = await callerFor(server, 'district_admin', { districtCode: '120105' }, 'cookie');
    otherUnit = await callerFor(server, 'unit', { unitCode: '120101002' });
    leader = await callerFor(server, 'leader', {});
  });
  afterAll(() => server?.close());

  const extract = (who: Caller, files: [string, Buffer][], unit?: string) => {
    const form = new FormData();
    for (const [name, bytes] of files) form.append('files', new Blob([new Uint8Array(bytes)]), name);
    if (unit) form.append('unit', unit);
    return fetchJson(`${server.url}/api/baselines/extract`, { method: 'POST', body: form, headers: who.headers });
  };
  const confirm = (who: Caller, code: string, values: unknown, file: [string, Buffer] = [DISTRICT_FILE, DISTRICT_REPORT]) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file[1])]), file[0]);
    form.append('values', JSON.stringify(values));
    return fetchJson(`${server.url}/api/baselines/2023/units/${code}`, { method: 'PUT', body: form, headers: who.headers });
  };
  const current = (who: Caller, code = HEBEI_GOV) => fetchJson(`${server.url}/api/baselines/2023/units/${code}`, { headers: who.headers });

  it('extracts candidates per report, matched to the unit by file name, within the account scope', async () => {
    const answer = await extract(coordinator, [
      [DISTRICT_FILE, DISTRICT_REPORT],
      ['市政务服务办2023年法治政府建设情况报告.txt', CITY_REPORT],
      ['扫描件.pdf', pdfWithoutText()],
    ]);
    expect(answer.status).toBe(200);
    // The answer is exactly the contract's shape (nothing missing, nothing undocumented).
    expect(extractAnswerSchema.parse(answer.body)).toEqual(answer.body);
    const [district, city, scanned] = answer.body.reports as Json[];
    expect(district).toMatchObject({ file: DISTRICT_FILE, format: 'txt', matchedBy: 'name', reportYear: 2023, unit: { code: HEBEI_GOV, unitType: 'district_gov' } });
    const closed = district.candidates.find((c: Json) => c.code === 'recon.closed');
    expect(closed).toMatchObject({ value: 60, quote: { text: '全区共审结行政复议案件60 件' } });
    expect(DISTRICT_REPORT.toString('utf8').slice(closed.quote.start, closed.quote.end)).toBe(closed.quote.text);
    // The city department is no unit of this coordinator's district: named, not extracted.
    expect(city).toMatchObject({ unit: null, candidates: [], error: { code: 'UNIT_NOT_MATCHED' } });
    // The scan is read in the server's PDF child and refused with advice; the server stays up.
    expect(scanned).toMatchObject({ unit: null, error: { code: 'PDF_NO_TEXT', message: expect.stringContaining('扫描件') } });
    expect((await fetchJson(`${server.url}/api/health`)).status).toBe(200);
  });

  it('refuses a chosen unit outside the scope, and a leader altogether', async () => {
    const outside = await extract(coordinator, [[DISTRICT_FILE, DISTRICT_REPORT]], '120101002');
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe('FORBIDDEN_SCOPE');
    expect((await extract(leader, [[DISTRICT_FILE, DISTRICT_REPORT]])).status).toBe(403);
  });

  it('takes a unit account’s report as its own unit’s, whatever the file is called', async () => {
    const answer = await extract(otherUnit, [['报告.txt', DISTRICT_REPORT]]);
    expect(answer.status).toBe(200);
    expect(answer.body.reports[0]).toMatchObject({ matchedBy: 'chosen', unit: { code: '120101002', unitType: 'department' } });
    expect(answer.body.reports[0].candidates.map((c: Json) => c.code)).not.toContain('recon.closed');
  });

  it('stores nothing for bad input and names the indicator', async () => {
    const wrongQuote = await confirm(coordinator, HEBEI_GOV, {
      items: [{ code: 'recon.closed', decision: 'confirmed', value: 60, quote: { text: '审结70件', start: 10, end: 15 } }],
    });
    expect(wrongQuote.status).toBe(400);
    expect(wrongQuote.body.error.message).toContain('recon.closed【本年度审结（办结）行政复议案件数】：摘录的原文与报告');
    const partOverWhole = await confirm(coordinator, HEBEI_GOV, {
      items: [
        { code: 'recon.closed', decision: 'confirmed', value: 1 },
        { code: 'recon.ordered_perform', decision: 'confirmed', value: 4 },
      ],
    });
    expect(partOverWhole.status).toBe(400);
    expect(partOverWhole.body.error.message).toContain('各类结案方式之和不得大于审结数');
    const notJson = await fetchJson(`${server.url}/api/baselines/2023/units/${HEBEI_GOV}`, {
      method: 'PUT',
      body: (() => {
        const f = new FormData();
        f.append('file', new Blob([new Uint8Array(DISTRICT_REPORT)]), DISTRICT_FILE);
        f.append('values', '{');
        return f;
      })(),
      headers: coordinator.headers,
    });
    expect(notJson.status).toBe(400);
    expect((await current(coordinator)).status).toBe(404);
    const verify = await server.store.verify();
    expect(verify.orphanBlobs).toEqual([]);
  });

  it('stores confirmed, corrected and dropped values with the report as original and an audit entry; a new confirmation is a new version', async () => {
    const extracted = (await extract(coordinator, [[DISTRICT_FILE, DISTRICT_REPORT]])).body.reports[0].candidates as Json[];
    const pick = (code: string) => extracted.find((c) => c.code === code);
    const items = [
      { code: 'recon.closed', decision: 'confirmed', value: pick('recon.closed').value, extracted: 60, quote: pick('recon.closed').quote },
      { code: 'emer.rescue_personnel', decision: 'corrected', value: 2912, extracted: pick('emer.rescue_personnel').value, quote: pick('emer.rescue_personnel').quote },
      { code: 'learn.trainings_held', decision: 'dropped', extracted: 3 },
      { code: 'leader.lectured', decision: 'confirmed', value: true, quote: pick('leader.lectured').quote },
    ];
    const saved = await confirm(coordinator, HEBEI_GOV, { items });
    expect(saved.status).toBe(200);
    expect(saved.body.baseline).toMatchObject({ unitCode: HEBEI_GOV, year: 2023, version: 1, format: 'txt', values: { 'recon.closed': 60, 'emer.rescue_personnel': 2912, 'leader.lectured': true } });
    expect(saved.body.baseline.values).not.toHaveProperty('learn.trainings_held');
    expect(saved.body.baseline.confirmedBy).toContain('区级管理员');

    const got = await current(coordinator);
    expect(baselineAnswerSchema.parse(saved.body)).toEqual(saved.body);
    expect(baselineAnswerSchema.parse(got.body)).toEqual(got.body);
    expect(got.body.baseline).toMatchObject({ version: 1, values: saved.body.baseline.values });
    const blob = await server.store.getBlob(got.body.baseline.sha256);
    expect(blob!.bytes.equals(DISTRICT_REPORT)).toBe(true);
    expect((await server.store.verify()).orphanBlobs).toEqual([]);

    const log = await fetchJson(`${server.url}/api/audit?action=baseline.confirm`, server.authed());
    expect(log.body.entries).toEqual([
      expect.objectContaining({ action: 'baseline.confirm', unitCode: HEBEI_GOV, year: 2023, detail: expect.objectContaining({ version: 1, confirmed: 2, corrected: 1, dropped: 1 }) }),
    ]);

    const again = await confirm(coordinator, HEBEI_GOV, { items: [{ code: 'recon.closed', decision: 'corrected', value: 61, extracted: 60 }] });
    expect(again.body.baseline.version).toBe(2);
    expect((await current(coordinator)).body.baseline).toMatchObject({ version: 2, values: { 'recon.closed': 61 } });
    expect((await server.store.baselines.valuesForYear(2023)).get(HEBEI_GOV)).toEqual({ 'recon.closed': 61 });
  });

  it('confirms a report that came in a zip, keeping the entry itself as the original', async () => {
    const zip = new yazl.ZipFile();
    zip.addBuffer(DISTRICT_REPORT, `河北区/${DISTRICT_FILE}`);
    zip.end();
    const chunks: Buffer[] = [];
    for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c);
    const bytes = Buffer.concat(chunks);
    const [report] = (await extract(coordinator, [['河北区.zip', bytes]])).body.reports;
    expect(report).toMatchObject({ file: `河北区.zip/河北区/${DISTRICT_FILE}`, unit: { code: HEBEI_GOV } });
    const closed = report.candidates.find((c: Json) => c.code === 'recon.closed');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), '河北区.zip');
    form.append('entry', report.file);
    form.append('values', JSON.stringify({ items: [{ code: 'recon.closed', decision: 'confirmed', value: 60, quote: closed.quote }] }));
    const saved = await fetchJson(`${server.url}/api/baselines/2023/units/${HEBEI_GOV}`, { method: 'PUT', body: form, headers: coordinator.headers });
    expect(saved.status).toBe(200);
    expect(saved.body.baseline).toMatchObject({ fileName: DISTRICT_FILE, format: 'txt', version: 3 });
    expect((await server.store.getBlob(saved.body.baseline.sha256))!.bytes.equals(DISTRICT_REPORT)).toBe(true);
  });

  it('serves as last year in the upload’s 同比 until a real submission for last year arrives, labelled as such', async () => {
    // The baseline now holds recon.closed = 60 (version 3 above). 2024's sheet says 200: +140, +233.3 %.
    const unit = sampleRegistry().find((u) => u.code === HEBEI_GOV)!;
    const upload = async () => {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(await filledWorkbookFor(unit, 2024, { 'recon.closed': 200, 'recon.accepted': 200 }))]), `${unit.name}.xlsx`);
      return (await fetchJson(`${server.url}/api/submissions?dryRun=1`, server.authed({ method: 'POST', body: form }))).body.files[0];
    };
    const file = await upload();
    const yoy = file.problems.find((p: Json) => p.rule === 'YOY' && p.codes.includes('recon.closed'));
    expect(yoy.message).toContain('增加 140 件（+233.3%）');
    expect(yoy.message).toContain('来源：年度报告摘录');

    // A real 2023 submission replaces the baseline: 200 against its 100 is +100 %, unlabelled.
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(await filledWorkbookFor(unit, 2023, { 'recon.closed': 100, 'recon.accepted': 100, 'recon.revoked_changed': 5, 'recon.confirmed_illegal': 2, 'recon.ordered_perform': 4, 'recon.mediated': 3 }))]), `${unit.name}2023.xlsx`);
    const stored = await fetchJson(`${server.url}/api/submissions`, server.authed({ method: 'POST', body: form }));
    expect(stored.body.files[0].problems.filter((p: Json) => p.severity === 'error')).toEqual([]);
    const after = (await upload()).problems.find((p: Json) => p.rule === 'YOY' && p.codes.includes('recon.closed'));
    expect(after.message).toContain('增加 100 件（+100%）');
    expect(after.message).not.toContain('年度报告摘录');
  });

  it('keeps other accounts out of the unit’s baseline', async () => {
    expect((await confirm(otherUnit, HEBEI_GOV, { items: [{ code: 'recon.closed', decision: 'confirmed', value: 60 }] })).status).toBe(403);
    expect((await current(otherUnit)).status).toBe(403);
    expect((await confirm(leader, HEBEI_GOV, { items: [{ code: 'recon.closed', decision: 'confirmed', value: 60 }] })).status).toBe(403);
  });
});
