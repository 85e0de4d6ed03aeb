// Departments without enforcement powers (issue 12 item 2), over HTTP on both databases: the
// registry column 有行政执法职能 = 否 for 天津市和平区市场监管局 makes the 行政执法 indicators not apply to
// it — its template greys and locks them, an upload with a value there is refused naming the cell,
// the template left as it is is accepted, and the enf.* figures of 和平区 do not expect it.
import ExcelJS from 'exceljs';
import { column, INPUT_SHEET, NOT_APPLICABLE } from '../../templates/src/core/contract';
import { currentCatalogue } from '../../templates/src/core/catalogue';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { fillWorkbook, type FillValue } from '../support/fill-workbook';
import { fetchJson, startTestServer, type TestServer } from '../support/server';
import { PREFILLED, seedOf } from '../support/workbooks';
import { sampleValues } from '../support/sample-values';
import { filledWorkbookFor } from '../support/workbooks';

const YEAR = 2024;
const DISTRICT = '120101';
const HEPING = sampleRegistry().filter((u) => u.districtCode === DISTRICT);
const MARKET = HEPING.find((u) => u.code === '120101003')!; // 天津市和平区市场监管局, 否 below
const catalogue = currentCatalogue();
const ENF_INPUTS = catalogue.fields.filter((f) => f.section === 'enf' && !f.derived && catalogue.appliesTo(f, 'department')).map((f) => f.code);

forEachDatabase((db) => {
  let server: TestServer;
  let template: Buffer;

  const upload = async (name: string, bytes: Buffer | string) => {
    const form = new FormData();
    form.append('files', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
    return fetchJson(`${server.url}/api/submissions`, server.authed({ method: 'POST', body: form }));
  };

  beforeAll(async () => {
    server = await startTestServer(db);
    const csv = ['单位代码,单位名称,单位类型,所属区代码,所属区名称,有行政执法职能', `${MARKET.code},${MARKET.name},区级部门,${DISTRICT},和平区,否`].join('\r\n') + '\r\n';
    const form = new FormData();
    form.append('file', new Blob([csv]), '名录.csv');
    const imported = await fetchJson(`${server.url}/api/registry`, server.authed({ method: 'POST', body: form }));
    expect(imported.status).toBe(200);
    const t = await fetch(`${server.url}/api/templates/${YEAR}/units/${MARKET.code}.xlsx`, server.authed());
    expect(t.status).toBe(200);
    template = Buffer.from(await t.arrayBuffer());
  });
  afterAll(() => server?.close());

  it('the registry carries 有行政执法职能 (default 是)', async () => {
    const r = await fetchJson(`${server.url}/api/registry`, server.authed());
    expect(r.status).toBe(200);
    const byCode = new Map(r.body.units.map((u: { code: string; hasEnforcement: boolean }) => [u.code, u.hasEnforcement]));
    expect(byCode.get(MARKET.code)).toBe(false);
    expect(byCode.get('120101002')).toBe(true);
  });

  it('the unit’s template greys and locks every 行政执法 row', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet(INPUT_SHEET)!;
    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row) => rows.set(row.getCell(column('code').letter).text.trim(), row));
    for (const code of ['enf.officers_certified', 'enf.penalty_cases', 'enf.three_systems', 'enf.case_files_reviewed', 'enf.training_rate']) {
      const cell = rows.get(code)!.getCell(column('value').letter);
      expect([code, cell.value]).toEqual([code, NOT_APPLICABLE]);
      expect(cell.protection?.locked).not.toBe(false);
    }
    // Other sections stay open.
    expect(rows.get('reg.ns_issued')!.getCell(column('value').letter).protection?.locked).toBe(false);
  });

  it('a value in a 行政执法 cell is refused, naming the cell; the template left as it is is accepted', async () => {
    const values: Record<string, FillValue> = sampleValues(catalogue, MARKET, YEAR, seedOf(MARKET.code, YEAR));
    for (const code of PREFILLED) delete values[code];
    for (const code of ENF_INPUTS) delete values[code];
    const filled = await fillWorkbook(template, { ...values, 'enf.penalty_cases': 12 });
    const refused = await upload('市场监管局.xlsx', filled);
    expect(refused.status).toBe(200);
    expect(refused.body.files[0].status).toBe('rejected');
    const problem = refused.body.files[0].problems.find((p: { codes: string[] }) => p.codes.includes('enf.penalty_cases'));
    expect(problem).toMatchObject({ rule: 'R27', severity: 'error', cells: [{ sheet: INPUT_SHEET, address: expect.stringMatching(/^E\d+$/) }] });
    expect(problem.message).toContain('登记为无行政执法职能（“有行政执法职能”为“否”），不填报行政执法指标，但这里填了 12。请清空该单元格');

    const asIs = await fillWorkbook(template, values);
    const accepted = await upload('市场监管局.xlsx', asIs);
    expect(accepted.body.files[0]).toMatchObject({ status: 'accepted' });
  });

  it('和平区’s enf.* figures expect the three units with powers, and are complete without the fourth', async () => {
    const form = new FormData();
    for (const unit of HEPING.filter((u) => u.code !== MARKET.code)) {
      form.append('files', new Blob([new Uint8Array(await filledWorkbookFor(unit, YEAR, { 'enf.inspections_reduced': 5 }))]), `${unit.name}.xlsx`);
    }
    const uploaded = await fetchJson(`${server.url}/api/submissions`, server.authed({ method: 'POST', body: form }));
    expect(uploaded.body.files.map((f: { status: string }) => f.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const r = await fetchJson(`${server.url}/api/rollups/${YEAR}?level=district&code=${DISTRICT}`, server.authed());
    const f = r.body.groups[0].figures;
    // By hand: enf.penalty_cases is a department indicator: 办公室 and 司法局 (2), not 市场监管局.
    expect(f['enf.penalty_cases']).toMatchObject({ expected: 2, reported: 2, blank: 0, incomplete: false, reason_zh: null });
    // enf.inspections_reduced applies to all: 区人民政府 + 办公室 + 司法局 = 3 units, 5 each = 15.
    expect(f['enf.inspections_reduced']).toMatchObject({ value: 15, expected: 3, incomplete: false });
    // Other sections still expect all four.
    expect(f['reg.ns_issued']).toMatchObject({ expected: 4, reported: 4 });
    expect(r.body.fields.find((x: { code: string }) => x.code === 'enf.penalty_cases')).toMatchObject({ enforcementPowers: true });
  });
});
