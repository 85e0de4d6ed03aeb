// Timeliness (issue 12, 报送 by 3月1日 and 公开 by 4月1日 of the next year; rules R29/R30 of the
// catalogue hold the deadlines): the rollup JSON, the district workbook's 汇总 and the district
// draft count the units that met each deadline instead of showing the latest date. Hand-computed.
import ExcelJS from 'exceljs';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { docxParts, paragraphsOf } from '../support/docx-parts';
import { fetchJson, startTestServer, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const YEAR = 2024;
const DISTRICT = '120101';
const HEPING = sampleRegistry().filter((u) => u.districtCode === DISTRICT);
// [报送日期, 已公开, 公开日期] per unit, in registry order (区人民政府, 办公室, 司法局, 市场监管局).
const DATES: [string, string, string | null][] = [
  ['2025-02-20', '是', '2025-03-15'], // both on time
  ['2025-03-01', '是', '2025-04-01'], // both on the deadline day itself: on time
  ['2025-03-02', '是', '2025-04-10'], // both one day or more late
  ['2025-02-10', '否', null], // sent on time, not published
];

forEachDatabase((db) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(db);
    const form = new FormData();
    for (const [i, unit] of HEPING.entries()) {
      const [sent, published, publishedOn] = DATES[i];
      const bytes = await filledWorkbookFor(unit, YEAR, {
        'meta.report_submitted_date': sent,
        'meta.report_published': published,
        'meta.report_published_date': publishedOn,
      });
      form.append('files', new Blob([new Uint8Array(bytes)]), `${unit.name}.xlsx`);
    }
    const uploaded = await fetchJson(`${server.url}/api/submissions`, server.authed({ method: 'POST', body: form }));
    expect(uploaded.status).toBe(200);
    // Late dates are warnings (R29, R30), not refusals.
    expect(uploaded.body.files.map((f: { status: string }) => f.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
  });
  afterAll(() => server?.close());

  it('the rollup JSON says x of y units by the statutory date', async () => {
    const r = await fetchJson(`${server.url}/api/rollups/${YEAR}?level=district&code=${DISTRICT}`, server.authed());
    expect(r.status).toBe(200);
    const f = r.body.groups[0].figures;
    // 报送: 02-20, 03-01, 02-10 by 2025-03-01 → 3 of 4; 03-02 is late.
    expect(f['meta.report_submitted_date']).toMatchObject({
      aggregation: 'on_time',
      ruleId: 'R29',
      deadline: '2025-03-01',
      value: 3,
      onTime: 3,
      late: 1,
      notDone: 0,
      expected: 4,
      incomplete: false,
      text_zh: '3/4家按期（2025年3月1日前）（1家逾期）',
    });
    // 公开: 03-15 and 04-01 by 2025-04-01 → 2 of 4; 04-10 late; one unit has not published.
    expect(f['meta.report_published_date']).toMatchObject({
      ruleId: 'R30',
      deadline: '2025-04-01',
      value: 2,
      late: 1,
      notDone: 1,
      blankCount: 0,
      expected: 4,
      incomplete: false,
      text_zh: '2/4家按期（2025年4月1日前）（1家逾期、1家未公开）',
    });
    expect(r.body.fields.find((x: { code: string }) => x.code === 'meta.report_submitted_date')).toMatchObject({ aggregation: 'on_time', rule: { kind: 'on_time' } });
  });

  it('the district workbook’s 汇总 shows 3/4 and 2/4 with the reason', async () => {
    const response = await fetch(`${server.url}/api/rollups/${YEAR}/districts/${DISTRICT}.xlsx`, server.authed());
    expect(response.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('汇总')!;
    const header = (sheet.getRow(3).values as unknown[]).map((v) => String(v ?? ''));
    const rows = new Map<string, unknown[]>();
    sheet.eachRow((row) => {
      const v = row.values as unknown[];
      if (typeof v[2] === 'string') rows.set(v[2], v);
    });
    const at = (code: string, column: string) => rows.get(code)?.[header.indexOf(column)];
    expect(at('meta.report_submitted_date', '和平区合计')).toBe('3/4');
    expect(at('meta.report_submitted_date', '汇总方式')).toBe('按期单位数');
    expect(at('meta.report_submitted_date', '不完整说明')).toBe('3/4家按期（2025年3月1日前）（1家逾期）');
    expect(at('meta.report_published_date', '和平区合计')).toBe('2/4');
  });

  it('the district draft says how many units sent and published on time', async () => {
    const response = await fetch(`${server.url}/api/reports/${YEAR}/draft.docx?level=district&code=${DISTRICT}`, server.authed());
    expect(response.status).toBe(200);
    const text = paragraphsOf((await docxParts(Buffer.from(await response.arrayBuffer()))).get('word/document.xml')!).map((p) => p.text).join('\n');
    expect(text).toContain('全区4家单位中3家按期（次年3月1日前）报送年度报告，2家按期（次年4月1日前）向社会公开年度报告');
  });
});
