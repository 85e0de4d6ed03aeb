// 催报清单 over HTTP on both databases: GET /api/progress/reminders.xlsx lists exactly the units
// the board counts missing, each with 填报人及联系电话 from its sheet of the year before (blank
// without one), scoped to the caller's district.
import ExcelJS from 'exceljs';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { callerFor, fetchJson, startTestServer, type Caller, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const YEAR = 2024;
const CHASED = sampleRegistry().find((u) => u.code === '120110001')!;
const DONE = sampleRegistry().find((u) => u.code === '120110002')!;
const CONTACT = '张三 法制科 022-23456789';

forEachDatabase((db) => {
  let server: TestServer;
  let coordinator: Caller;

  async function upload(unit: typeof CHASED, year: number, overrides = {}) {
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(await filledWorkbookFor(unit, year, overrides))]), `${unit.name}.xlsx`);
    const stored = await fetchJson(`${server.url}/api/submissions`, { method: 'POST', body: form, headers: server.admin.headers });
    expect(stored.body.files[0].status).toBe('accepted');
  }
  async function rows(who: Caller) {
    const response = await fetch(`${server.url}/api/progress/reminders.xlsx?year=${YEAR}`, { headers: who.headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('催报清单')!;
    const out: string[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 2) out.push([1, 2, 3, 4].map((c) => String(row.getCell(c).value ?? '')));
    });
    return { title: String(sheet.getCell('A1').value), header: [1, 2, 3, 4].map((c) => String(sheet.getRow(2).getCell(c).value)), rows: out };
  }

  beforeAll(async () => {
    server = await startTestServer(db);
    coordinator = await callerFor(server, 'district_admin', { districtCode: CHASED.districtCode! });
    await upload(CHASED, YEAR - 1, { 'meta.contact': CONTACT }); // last year's sheet names the contact
    await upload(DONE, YEAR); // this year: not missing
  }, 60_000);
  afterAll(() => server?.close());

  it('lists the missing units of the caller’s scope with last year’s contact', async () => {
    const mine = await rows(coordinator);
    expect(mine.header).toEqual(['所属区', '单位代码', '单位名称', '填报人及联系电话（上年报表）']);
    // The district has 4 units; one submitted this year: 3 to chase.
    expect(mine.title).toContain('共 3 家');
    expect(mine.rows.map((r) => r[1])).toEqual(['120110000', '120110001', '120110003']);
    expect(mine.rows.find((r) => r[1] === CHASED.code)).toEqual([CHASED.districtName, CHASED.code, CHASED.name, CONTACT]);
    expect(mine.rows.find((r) => r[1] === '120110000')![3]).toBe('');

    // The city's list: every unit the board counts missing (69 units, one submitted).
    const board = await fetchJson(`${server.url}/api/progress?year=${YEAR}`, { headers: server.admin.headers });
    const missing = [...board.body.districts, board.body.cityDepartments].reduce((n: number, r: { missing: number }) => n + r.missing, 0);
    expect(missing).toBe(sampleRegistry().length - 1);
    expect((await rows(server.admin)).rows).toHaveLength(missing);
  }, 60_000);
});
