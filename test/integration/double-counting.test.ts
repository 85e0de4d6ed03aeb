// No double counting (issue 12 item 1, erratum 2024.1-E1), over HTTP on both databases: the rollup
// JSON, the district and city workbooks' 汇总 and the district draft read one rule per indicator.
// Expectations are computed by hand below from the values typed into the sheets.
import ExcelJS from 'exceljs';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { paragraphsOf, docxParts } from '../support/docx-parts';
import { fetchJson, startTestServer, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';
import type { FillValue } from '../support/fill-workbook';

const YEAR = 2024;
const DISTRICT = '120101';
const registry = sampleRegistry();
const unit = (code: string) => registry.find((u) => u.code === code)!;
const GOV = unit('120101000'); // 天津市和平区人民政府
const OFFICE = unit('120101001'); // 天津市和平区人民政府办公室
const JUSTICE = unit('120101002'); // 天津市和平区司法局
const MARKET = unit('120101003'); // 天津市和平区市场监管局
const SERVICE = unit('120000002'); // 天津市政务服务办公室 (市级部门)

const CODES = [
  'func.powers_published',
  'func.powers_adjusted',
  'func.one_thing_scenarios',
  'func.license_items',
  'func.service_items_total',
  'func.online_items',
  'enf.case_files_reviewed',
] as const;
// Per unit, in CODES order (null = left blank).
const TYPED: [typeof GOV, (number | null)[]][] = [
  [GOV, [218, 12, 9, 600, 1000, 900, 120]],
  [OFFICE, [10, 0, 2, null, null, null, 8]],
  [JUSTICE, [10, 3, null, 40, 60, 30, 15]],
  [MARKET, [null, null, 0, null, null, null, 0]],
  [SERVICE, [300, 20, 5, 1088, 1500, 1350, 40]],
];

forEachDatabase((db) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(db);
    const form = new FormData();
    for (const [u, values] of TYPED) {
      const overrides: Record<string, FillValue> = { 'enf.case_review_done': '是' };
      CODES.forEach((code, i) => (overrides[code] = values[i]));
      const bytes = await filledWorkbookFor(u, YEAR, overrides);
      form.append('files', new Blob([new Uint8Array(bytes)]), `${u.name}.xlsx`);
    }
    const uploaded = await fetchJson(`${server.url}/api/submissions`, server.authed({ method: 'POST', body: form }));
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.files.map((f: { status: string }) => f.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
  });
  afterAll(() => server?.close());

  const rollupOf = async (query: string) => {
    const r = await fetchJson(`${server.url}/api/rollups/${YEAR}?${query}`, server.authed());
    expect(r.status).toBe(200);
    return r.body;
  };

  it('和平区 counts the 区人民政府’s whole-district figure once and lists the departments’ values as a warning', async () => {
    const body = await rollupOf(`level=district&code=${DISTRICT}`);
    const f = body.groups[0].figures;
    // Before the erratum: 218 + 10 + 10 = 238. By hand now: the 区人民政府's 218, the 区级部门 not expected.
    expect(f['func.powers_published']).toMatchObject({ value: 218, expected: 1, reported: 1, incomplete: false, reason_zh: null });
    expect(f['func.powers_published'].notCounted).toEqual({
      units: [
        { code: OFFICE.code, name: OFFICE.name, value: 10 },
        { code: JUSTICE.code, name: JUSTICE.name, value: 10 },
      ],
      total: 20,
    });
    // 12, not 12 + 0 + 3; the office's 0 counts nothing twice and is not listed.
    expect(f['func.powers_adjusted']).toMatchObject({ value: 12, expected: 1, notCounted: { units: [{ code: JUSTICE.code, value: 3 }], total: 3 } });
    // 9, not 9 + 2 + 0 (牵头部门不重复填报).
    expect(f['func.one_thing_scenarios']).toMatchObject({ value: 9, notCounted: { units: [{ code: OFFICE.code, value: 2 }], total: 2 } });

    const warning = body.findings.find((x: { kind: string; indicatorCode: string }) => x.kind === 'not_counted' && x.indicatorCode === 'func.powers_published');
    expect(warning).toMatchObject({ severity: 'warning', groupCode: DISTRICT });
    expect(warning.message_zh).toBe(
      `和平区“向社会公布的权责清单（行政职权）事项数”（func.powers_published）：按填报说明由区人民政府填全区汇总数、区级部门不再重复填报，区的数取区人民政府填报的218项；` +
        `2家区级部门另填了本部门的数（${OFFICE.name}10项、${JUSTICE.name}10项，共20项），未计入汇总。请核实区人民政府的全区数已包含这些事项，并提醒区级部门不再重复填报。`,
    );
  });

  it('lists are read, not added: 和平区 takes its 区人民政府’s lists and its rate is that sheet’s own', async () => {
    const f = (await rollupOf(`level=district&code=${DISTRICT}`)).groups[0].figures;
    // Before: 1000 + 60 = 1060 items, 900 + 30 = 930 online, 87.74 %. By hand: 1000, 900, 900/1000 = 90 %.
    expect(f['func.service_items_total']).toMatchObject({ aggregation: 'max', value: 1000, fromUnits: [GOV.code], expected: 1, incomplete: false });
    expect(f['func.online_items']).toMatchObject({ aggregation: 'max', value: 900, fromUnits: [GOV.code] });
    expect(f['func.license_items']).toMatchObject({ value: 600, notCounted: { units: [{ code: JUSTICE.code, value: 40 }], total: 40 } });
    expect(f['tech.online_service_rate']).toMatchObject({ value: 90, numerator: { value: 900 }, denominator: { value: 1000 } });
  });

  it('the city adds the districts and the 市级部门, takes the city-wide list, and 分列 the case files', async () => {
    const body = await rollupOf('level=city');
    const city = body.groups.find((g: { kind: string }) => g.kind === 'city').figures;
    // 218 (和平区人民政府) + 300 (政务服务办) = 518; other units have not reported, so incomplete.
    expect(city['func.powers_published']).toMatchObject({ value: 518, incomplete: true });
    // Before: 1000 + 60 + 1500 = 2560 items and 900 + 30 + 1350 = 2280 online (89.06 %). By hand:
    // the city-wide list of 1,500 with its 1,350 online items, 90 %; 许可 1,088, not 600 + 40 + 1088.
    expect(city['func.service_items_total']).toMatchObject({ value: 1500, fromUnits: [SERVICE.code] });
    expect(city['func.online_items']).toMatchObject({ value: 1350, fromUnits: [SERVICE.code] });
    expect(city['func.license_items']).toMatchObject({ value: 1088 });
    expect(city['tech.online_service_rate']).toMatchObject({ value: 90 });
    // 二者口径不同，汇总时分列: 区政府组织评查 120; 部门自查 8 + 15 + 0 + 40 = 63 (not one figure of 183).
    expect(city['enf.case_files_reviewed']).toBeUndefined();
    expect(city['enf.case_files_reviewed:district_gov']).toMatchObject({ value: 120, name_zh: '评查行政执法案卷数（区政府组织全区评查）' });
    expect(city['enf.case_files_reviewed:department']).toMatchObject({ value: 63, name_zh: '评查行政执法案卷数（部门自查）' });
    const heping = body.groups.find((g: { code: string }) => g.code === DISTRICT).figures;
    expect(heping['enf.case_files_reviewed:district_gov']).toMatchObject({ value: 120, expected: 1 });
    expect(heping['enf.case_files_reviewed:department']).toMatchObject({ value: 23, expected: 3 });
    // The rows say their rule.
    const row = body.fields.find((x: { code: string }) => x.code === 'func.powers_published');
    expect(row).toMatchObject({ aggregation: 'sum', rule: { kind: 'whole_district' }, districtDepartmentsLeftOut: true, source: 'func.powers_published' });
    expect(body.catalogueErrata.map((e: { id: string }) => e.id)).toEqual(['2024.1-E1']);
  });

  it('the trace lists the 区人民政府 alone for a whole-district figure', async () => {
    const r = await fetchJson(`${server.url}/api/rollups/${YEAR}/trace?indicator=func.powers_published&code=${DISTRICT}`, server.authed());
    expect(r.status).toBe(200);
    expect(r.body.entries.map((e: { unitCode: string; value: number }) => [e.unitCode, e.value])).toEqual([[GOV.code, 218]]);
  });

  it('the workbooks’ 汇总 shows the same figures and says how each adds up', async () => {
    const rows = async (path: string) => {
      const response = await fetch(`${server.url}/api/rollups/${YEAR}/${path}`, server.authed());
      expect(response.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
      const sheet = wb.getWorksheet('汇总')!;
      const header = (sheet.getRow(3).values as unknown[]).map((v) => String(v ?? ''));
      const byCode = new Map<string, unknown[]>();
      sheet.eachRow((r) => {
        const v = r.values as unknown[];
        if (typeof v[2] === 'string') byCode.set(v[2], v);
      });
      return { header, byCode, at: (code: string, column: string) => byCode.get(code)?.[header.indexOf(column)] };
    };
    const district = await rows(`districts/${DISTRICT}.xlsx`);
    expect(district.at('func.powers_published', '和平区合计')).toBe(218);
    expect(district.at('func.powers_published', '汇总方式')).toBe('全区数（取区人民政府，区级部门不相加）');
    expect(district.at('func.powers_published', JUSTICE.name)).toBe('10（未计入）');
    expect(district.at('func.powers_published', '不完整说明')).toBe('2家区级部门另填20项，未计入（避免重复）');
    expect(district.at('func.service_items_total', '和平区合计')).toBe(1000);
    expect(district.at('func.service_items_total', '汇总方式')).toBe('清单（不跨层级相加）');
    expect(district.at('tech.online_service_rate', '和平区合计')).toBe(90);
    expect(district.at('enf.case_files_reviewed:department', '和平区合计')).toBe(23);

    const city = await rows('city.xlsx');
    expect(city.at('func.powers_published', '全市合计')).toBe(518);
    expect(city.at('func.powers_published', '和平区')).toBe(218);
    expect(city.at('func.service_items_total', '全市合计')).toBe(1500);
    expect(city.at('enf.case_files_reviewed:district_gov', '全市合计')).toBe(120);
    expect(city.at('enf.case_files_reviewed:department', '全市合计')).toBe(63);
    expect(city.at('enf.case_files_reviewed:department', '汇总方式')).toBe('分列（不相加）');
  });

  it('the district draft writes the counted figures', async () => {
    const response = await fetch(`${server.url}/api/reports/${YEAR}/draft.docx?level=district&code=${DISTRICT}`, server.authed());
    expect(response.status).toBe(200);
    const text = paragraphsOf((await docxParts(Buffer.from(await response.arrayBuffer()))).get('word/document.xml')!).map((p) => p.text).join('\n');
    expect(text).toContain('向社会公布权责清单事项218项');
    expect(text).not.toContain('238项');
    expect(text).toContain('政务服务事项共1000项');
    expect(text).toContain('组织评查行政执法案卷120件');
    expect(text).toContain('部门自查行政执法案卷23件');
  });
});
