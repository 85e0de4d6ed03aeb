// The "done when", over real HTTP on SQLite and PostgreSQL: filled templates for two
// districts and a 市级部门 are uploaded, versions and duplicates behave, faulty files are rejected with
// cell-addressed Chinese messages, and the rollups (JSON, workbook, CSV, trace) match figures
// computed by hand below.
import ExcelJS from 'exceljs';
import { INPUT_SHEET } from '../../templates/src/core/contract';
import { type RegistryUnit } from '../../templates/src/core/registry';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { connect } from '../../aggregator/src/store/connect';
import type { FillValue } from '../support/fill-workbook';
import { forEachDatabase } from '../support/databases';
import { fetchJson, startTestServer, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const YEAR = 2024;
const units = new Map(sampleRegistry().map((u) => [u.code, u]));
const unit = (code: string): RegistryUnit => units.get(code)!;

/** Hand-chosen figures; everything else comes from the seeded sample values (valid sheets). */
const exam = (required: number, passed: number) => ({
  'learn.exam_required': required,
  'learn.exam_participants': required,
  'learn.exam_passed': passed,
  'learn.online_all_completed': '是',
});
const GOLDEN: Record<string, Record<string, FillValue>> = {
  // 和平区: all four sheets.
  '120101000': {
    'reg.ns_issued': 12, 'reg.ns_filed': 12, ...exam(10000, 9000), 'leader.lectured': '是',
    'recon.accepted': 30, 'recon.carried_over': 0, 'recon.closed': 20,
    'recon.revoked_changed': 2, 'recon.confirmed_illegal': 1, 'recon.ordered_perform': 0, 'recon.mediated': 3,
  },
  '120101001': { 'reg.ns_issued': 3, 'reg.ns_filed': 3, ...exam(50, 50), 'leader.lectured': '否' },
  '120101002': { 'reg.ns_issued': 0, 'reg.ns_filed': 0, ...exam(0, 0), 'leader.lectured': null },
  '120101003': { 'reg.ns_issued': 5, 'reg.ns_filed': 5, ...exam(20, 10), 'leader.lectured': '是' },
  // 河东区: 120102003 never reports.
  '120102000': {
    'reg.ns_issued': 7, 'reg.ns_filed': 7, 'recon.accepted': 7, 'recon.carried_over': 0, 'recon.closed': 5,
    'recon.revoked_changed': 1, 'recon.confirmed_illegal': 0, 'recon.ordered_perform': 0, 'recon.mediated': 0,
  },
  '120102001': { 'reg.ns_issued': 1, 'reg.ns_filed': 1 },
  '120102002': { 'reg.ns_issued': 2, 'reg.ns_filed': 0 },
  // 市级部门: rolls up to the city only.
  '120000001': { 'reg.ns_issued': 40, 'reg.ns_filed': 40 },
};

async function upload(server: TestServer, files: { name: string; bytes: Buffer }[], query = '') {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
  return fetchJson(`${server.url}/api/submissions${query}`, server.authed({ method: 'POST', body: form }));
}

forEachDatabase((db) => {
  let server: TestServer;
  const workbooks = new Map<string, Buffer>();

  beforeAll(async () => {
    server = await startTestServer(db);
    for (const [code, overrides] of Object.entries(GOLDEN)) workbooks.set(code, await filledWorkbookFor(unit(code), YEAR, overrides));
  });
  afterAll(() => server?.close());

  it('a dry run checks every file and stores nothing', async () => {
    const { status, body } = await upload(server, [{ name: 'a.xlsx', bytes: workbooks.get('120101001')! }], '?dryRun=1');
    expect(status).toBe(200);
    expect(body.dryRun).toBe(true);
    expect(body.files[0]).toMatchObject({ status: 'accepted', unit: '120101001', year: YEAR, submissionId: null, version: null });
    const list = await fetchJson(`${server.url}/api/submissions?year=${YEAR}`, server.authed());
    expect(list.body.submissions).toHaveLength(0);
  });

  it('accepts the golden set in one upload, each file with unit, year and version 1', async () => {
    const files = [...workbooks].map(([code, bytes]) => ({ name: `${code}.xlsx`, bytes }));
    const { status, body } = await upload(server, files);
    expect(status).toBe(200);
    const errors = body.files.flatMap((f: { problems: { severity: string; message: string }[] }) => f.problems.filter((p) => p.severity === 'error'));
    expect(errors).toEqual([]);
    expect(body.summary).toEqual({ accepted: 8, rejected: 0, duplicate: 0 });
    for (const f of body.files) {
      expect(f.status).toBe('accepted');
      expect(f.version).toBe(1);
      expect(f.unit).toBe(f.file.replace('.xlsx', ''));
      expect(f.submissionId).toEqual(expect.any(String));
    }
  });

  it('district rollup: sums, a ratio from summed parts, count_true, a district_gov figure', async () => {
    const { status, body } = await fetchJson(`${server.url}/api/rollups/${YEAR}?level=district&code=120101`, server.authed());
    expect(status).toBe(200);
    const heping = body.groups.find((g: { code: string }) => g.code === '120101');
    const f = heping.figures;
    // 12 + 3 + 0 + 5, every sheet in: complete.
    expect(f['reg.ns_issued']).toMatchObject({ value: 20, incomplete: false, expected: 4, reported: 4 });
    // (9000 + 50 + 0 + 10) / (10000 + 50 + 0 + 20) × 100 = 89.9702…% (the engine keeps 4 decimals),
    // not the 80% an average of the unit rates (90, 100, –, 50) gives.
    expect(f['learn.exam_pass_rate'].value).toBeCloseTo((9060 / 10070) * 100, 4);
    expect(f['learn.exam_pass_rate'].numerator.value).toBe(9060);
    expect(f['learn.exam_pass_rate'].denominator.value).toBe(10070);
    // 是 at the government and 003, 否 at 001, blank at 002: 2 of 4, the blank is not 否.
    expect(f['leader.lectured']).toMatchObject({ trueCount: 2, falseCount: 1, blankCount: 1, expected: 4 });
    // Only the 区人民政府 sheet carries 行政复议: counted once.
    expect(f['recon.accepted']).toMatchObject({ value: 30, expected: 1 });
    // Derived on derived: corrected = 2 + 1 + 0 = 3; rate = 3 / 20 × 100.
    expect(f['recon.correction_rate'].value).toBeCloseTo(15, 6);
  });

  it('a missing unit makes the district total incomplete; 市级部门 count in the city only', async () => {
    const { body } = await fetchJson(`${server.url}/api/rollups/${YEAR}?level=city`, server.authed());
    const group = (code: string) => body.groups.find((g: { code: string }) => g.code === code);
    const hedong = group('120102');
    // 7 + 1 + 2, and 120102003 has not reported.
    expect(hedong.figures['reg.ns_issued']).toMatchObject({ value: 10, incomplete: true, missing: 1 });
    expect(hedong.completeness.missingUnits.map((u: { code: string }) => u.code)).toEqual(['120102003']);
    expect(group('city_departments').figures['reg.ns_issued'].value).toBe(40);
    // City: 20 + 10 + 40 = 70, and incomplete (most sample units have not reported).
    expect(group('city').figures['reg.ns_issued']).toMatchObject({ value: 70, incomplete: true });
    expect(group('city').figures['recon.accepted'].value).toBe(37);
    // Which units a group holds is listed only with units=1 (the cached body leaves the lists out).
    const full = (await fetchJson(`${server.url}/api/rollups/${YEAR}?level=city&units=1`, server.authed())).body;
    expect(full.groups.find((g: { code: string }) => g.code === 'city').unitCodes).toContain('120000001');
    for (const g of full.groups.filter((x: { kind: string }) => x.kind === 'district')) {
      expect(g.unitCodes).not.toContain('120000001');
    }
  });

  it('the city rollup workbook reads back with the hand-computed figures', async () => {
    const response = await fetch(`${server.url}/api/rollups/${YEAR}/city.xlsx`, server.authed());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await response.arrayBuffer());
    expect(wb.worksheets.map((s) => s.name)).toEqual(['汇总', '单位明细', '填报情况', '文字汇编', '问题清单']);
    const summary = wb.getWorksheet('汇总')!;
    const header = summary.getRow(3).values as unknown[];
    const totalCol = header.indexOf('全市合计');
    const hepingCol = header.findIndex((v) => typeof v === 'string' && v.includes('和平区'));
    let row: ExcelJS.Row | undefined;
    summary.eachRow((r) => {
      if (r.getCell(2).value === 'reg.ns_issued') row = r;
    });
    expect(row!.getCell(totalCol).value).toBe(70);
    expect(row!.getCell(hepingCol).value).toBe(20);

    const district = await fetch(`${server.url}/api/rollups/${YEAR}/districts/120101.xlsx`, server.authed());
    expect(district.status).toBe(200);
    const dwb = new ExcelJS.Workbook();
    await dwb.xlsx.load(await district.arrayBuffer());
    expect(dwb.getWorksheet('单位明细')!.rowCount).toBeGreaterThanOrEqual(4);
  });

  it('the trace leads from a figure to units, versions and cells', async () => {
    const { status, body } = await fetchJson(`${server.url}/api/rollups/${YEAR}/trace?indicator=reg.ns_issued&code=120101`, server.authed());
    expect(status).toBe(200);
    expect(body.entries.map((e: { unitCode: string }) => e.unitCode).sort()).toEqual(['120101000', '120101001', '120101002', '120101003']);
    const gov = body.entries.find((e: { unitCode: string }) => e.unitCode === '120101000');
    expect(gov).toMatchObject({ value: 12, version: 1, state: 'counted', cell: expect.stringMatching(/^指标填报!E\d+$/) });
  });

  it('derived values are computed at upload, stored and served with the submission, and rollups read the stored ones', async () => {
    const list = await fetchJson(`${server.url}/api/submissions?year=${YEAR}&unit=120101003`, server.authed());
    const id = list.body.submissions[0].id;
    const detail = await fetchJson(`${server.url}/api/submissions/${id}`, server.authed());
    // 10 of 20 passed = 50 %; all 20 sat the exam = 100 %; 5 of 5 filed = 100 %.
    expect(detail.body.derived).toMatchObject({ 'learn.exam_pass_rate': 50, 'learn.exam_participation_rate': 100, 'reg.ns_filing_rate': 100 });
    const rates = async () => {
      const trace = await fetchJson(`${server.url}/api/rollups/${YEAR}/trace?indicator=learn.exam_pass_rate&code=120101`, server.authed());
      return Object.fromEntries(trace.body.entries.map((e: { unitCode: string; value: number | null }) => [e.unitCode, e.value]));
    };
    // Each unit's own rate: 9000/10000, 50/50, 0/0 (blank: no denominator), 10/20.
    expect(await rates()).toEqual({ '120101000': 90, '120101001': 100, '120101002': null, '120101003': 50 });
    // The rollup reads the stored rate, not one of its own: a stored value changed behind its back shows.
    const conn = connect(server.target);
    const stored = await conn.db.selectFrom('submissions').select('derived_json').where('id', '=', id).executeTakeFirstOrThrow();
    try {
      await conn.db.updateTable('submissions').set({ derived_json: JSON.stringify({ ...JSON.parse(stored.derived_json), 'learn.exam_pass_rate': 51 }) }).where('id', '=', id).execute();
      expect((await rates())['120101003']).toBe(51);
    } finally {
      await conn.db.updateTable('submissions').set({ derived_json: stored.derived_json }).where('id', '=', id).execute();
      await conn.db.destroy();
    }
    expect((await rates())['120101003']).toBe(50);
  });

  it('versions: changed bytes supersede, same bytes are a duplicate, old bytes roll back', async () => {
    const v1 = workbooks.get('120101001')!;
    const v2 = await filledWorkbookFor(unit('120101001'), YEAR, { ...GOLDEN['120101001'], 'reg.ns_issued': 9, 'reg.ns_filed': 9 });
    const second = await upload(server, [{ name: 'v2.xlsx', bytes: v2 }]);
    expect(second.body.files[0]).toMatchObject({ status: 'accepted', version: 2 });
    const again = await upload(server, [{ name: 'v2-again.xlsx', bytes: v2 }]);
    expect(again.body.files[0]).toMatchObject({ status: 'duplicate', version: 2, submissionId: second.body.files[0].submissionId });

    let rollup = await fetchJson(`${server.url}/api/rollups/${YEAR}?level=district&code=120101`, server.authed());
    expect(rollup.body.groups.find((g: { code: string }) => g.code === '120101').figures['reg.ns_issued'].value).toBe(26);

    const back = await upload(server, [{ name: 'v1-again.xlsx', bytes: v1 }]);
    expect(back.body.files[0]).toMatchObject({ status: 'accepted', version: 3 });
    rollup = await fetchJson(`${server.url}/api/rollups/${YEAR}?level=district&code=120101`, server.authed());
    expect(rollup.body.groups.find((g: { code: string }) => g.code === '120101').figures['reg.ns_issued'].value).toBe(20);

    const history = await fetchJson(`${server.url}/api/units/120101001/submissions?year=${YEAR}`, server.authed());
    expect(history.body.versions.map((v: { version: number; isCurrent: boolean }) => [v.version, v.isCurrent])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    // Every version keeps its original bytes.
    const original = await fetch(`${server.url}/api/submissions/${second.body.files[0].submissionId}/original`, server.authed());
    expect(Buffer.from(await original.arrayBuffer()).equals(v2)).toBe(true);
  });

  it('rejects faulty files with cell-addressed Chinese messages and stores nothing for them', async () => {
    const faulty = await filledWorkbookFor(unit('120102003'), YEAR, { 'litig.lost': 9, 'litig.concluded': 2, 'reg.ns_issued': '约100' });
    const wrongYear = await filledWorkbookFor(unit('120103001'), 2023);
    const { body } = await upload(server, [
      { name: '河东区市场监管局.xlsx', bytes: faulty },
      { name: 'notes.xlsx', bytes: Buffer.from('单位,数值\n和平区,12\n') },
      { name: 'old.xlsx', bytes: wrongYear },
    ]);
    const [bad, text, old] = body.files;
    expect(bad.status).toBe('rejected');
    const messages = bad.problems.map((p: { rule: string; message: string }) => `${p.rule} ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/^R04 指标填报!E\d+【其中：一审败诉案件数】/), expect.stringMatching(/^TYPE 指标填报!E\d+【本年度制发行政规范性文件数】填报值“约100”/)]),
    );
    expect(text).toMatchObject({ status: 'rejected', problems: [expect.objectContaining({ rule: 'NOT_XLSX' })] });
    // Two files say 2024, one says 2023: R31 rejects the odd one out.
    expect(old.status).toBe('rejected');
    expect(old.problems.map((p: { rule: string }) => p.rule)).toContain('R31');
    const list = await fetchJson(`${server.url}/api/submissions?year=${YEAR}`, server.authed());
    expect(list.body.submissions.map((s: { unitCode: string }) => s.unitCode)).not.toContain('120102003');
  });

  it('R31 rejects the file with the odd year, even when another file\'s name is part of its name', async () => {
    const { body } = await upload(
      server,
      [
        { name: '司法局.xlsx', bytes: await filledWorkbookFor(unit('120104001'), YEAR) },
        { name: '和平区司法局.xlsx', bytes: await filledWorkbookFor(unit('120101001'), YEAR) },
        { name: '南开区司法局.xlsx', bytes: await filledWorkbookFor(unit('120104002'), YEAR - 1) },
      ],
      '?dryRun=1',
    );
    const r31 = (f: { problems: { rule: string }[] }) => f.problems.filter((p) => p.rule === 'R31').length;
    expect(body.files.map((f: { file: string; status: string }) => [f.file, f.status === 'rejected', r31(f as never)])).toEqual([
      ['司法局.xlsx', false, 0],
      ['和平区司法局.xlsx', false, 0],
      ['南开区司法局.xlsx', true, 1],
    ]);
  });

  it('rejects a unit that is not in the registry, naming it', async () => {
    const stranger: RegistryUnit = { ...unit('120101001'), code: '999999001', name: '不存在的单位' };
    const bytes = await filledWorkbookFor(stranger, YEAR);
    const { body } = await upload(server, [{ name: 'x.xlsx', bytes }]);
    expect(body.files[0].status).toBe('rejected');
    expect(body.files[0].problems[0]).toMatchObject({ rule: 'UNIT_UNKNOWN', codes: ['meta.unit_code'], message: expect.stringContaining('999999001') });
    // The message points at the cell that holds the code, found here by reading the workbook back.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    let address = '';
    book.getWorksheet(INPUT_SHEET)!.eachRow((row) => row.eachCell((cell) => {
      if (String(cell.value) === '999999001') address = cell.address;
    }));
    expect(address).not.toBe('');
    expect(body.files[0].problems[0].message).toContain(`${INPUT_SHEET}!${address}【单位代码】`);

    // A 区人民政府 template filled for a 区级部门: the message points at the sheet's 单位类型 cell.
    const mistyped = await filledWorkbookFor({ ...unit('120101001'), unitType: 'district_gov', typeLabel: '区人民政府' }, YEAR);
    const typed = (await upload(server, [{ name: 'y.xlsx', bytes: mistyped }], '?dryRun=1')).body.files[0];
    const mismatch = typed.problems.find((p: { rule: string }) => p.rule === 'UNIT_TYPE_MISMATCH');
    expect(mismatch).toMatchObject({ codes: ['meta.unit_type'], message: expect.stringMatching(new RegExp(`^${INPUT_SHEET}!E\\d+【单位类型】：单位名录中“${unit('120101001').name}”的类型是“区级部门”`)) });
  });

  it('flags a swing against the unit\'s own last year at upload, softened when the 备注 explains it', async () => {
    const hexi = unit('120103000');
    const last = await filledWorkbookFor(hexi, YEAR - 1, { 'reg.ns_issued': 10, 'reg.ns_filed': 10 });
    expect((await upload(server, [{ name: 'last.xlsx', bytes: last }])).body.files[0].status).toBe('accepted');
    const now = await filledWorkbookFor(hexi, YEAR, { 'reg.ns_issued': 30, 'reg.ns_filed': 30 });
    const dry = await upload(server, [{ name: 'now.xlsx', bytes: now }], '?dryRun=1');
    const swing = dry.body.files[0].problems.find((p: { rule: string; codes: string[] }) => p.rule === 'YOY' && p.codes[0] === 'reg.ns_issued');
    expect(dry.body.files[0].status).toBe('accepted');
    expect(swing).toMatchObject({ severity: 'warning', message: expect.stringContaining('备注') });
    const explained = await filledWorkbookFor(hexi, YEAR, { 'reg.ns_issued': 30, 'reg.ns_filed': 30 }, undefined, { 'reg.ns_issued': '本年集中清理修订' });
    const answer = await upload(server, [{ name: 'explained.xlsx', bytes: explained }], '?dryRun=1');
    const soft = answer.body.files[0].problems.find((p: { rule: string; codes: string[] }) => p.rule === 'YOY' && p.codes[0] === 'reg.ns_issued');
    expect(soft.severity).toBe('info');
  });

  it('a CSV of the unit detail escapes formula prefixes and opens in Chinese Excel', async () => {
    const response = await fetch(`${server.url}/api/rollups/${YEAR}/units.csv?level=district&code=120101`, server.authed());
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('天津市和平区人民政府');
    expect(text.split('\n').some((line) => /(^|,)"?[=+@]/.test(line))).toBe(false);
  });
});
