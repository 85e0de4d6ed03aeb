// One completeness, seen the same by every view (issue 12 item 3): in 和平区 one unit's sheet is
// returned and three are waiting for review. The board, the missing list, the rollup JSON (which the
// dashboard draws), the district workbook's 填报情况 and 单位明细 sheets and every figure's reason
// must all say 应报 4, 已报 4, 待审核 3, 已退回 1, 未报送 0 — and "1家已退回", never "1家未报送".
import ExcelJS from 'exceljs';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { callerFor, fetchJson, startTestServer, type Caller, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const YEAR = 2024;
const DISTRICT = '120101';
const HEPING = sampleRegistry().filter((u) => u.districtCode === DISTRICT);
const RETURNED = HEPING.find((u) => u.code === '120101003')!; // 天津市和平区市场监管局
// reg.ns_issued of each unit, in registry order: 11, 12, 13, 14.
const ISSUED = new Map(HEPING.map((u, i) => [u.code, 11 + i]));

forEachDatabase((db) => {
  let server: TestServer;
  let coordinator: Caller;

  beforeAll(async () => {
    server = await startTestServer(db);
    coordinator = await callerFor(server, 'district_admin', { districtCode: DISTRICT });
    expect(HEPING).toHaveLength(4);
    const form = new FormData();
    for (const unit of HEPING) {
      const bytes = await filledWorkbookFor(unit, YEAR, { 'reg.ns_issued': ISSUED.get(unit.code)!, 'reg.ns_filed': ISSUED.get(unit.code)! });
      form.append('files', new Blob([new Uint8Array(bytes)]), `${unit.name}.xlsx`);
    }
    const uploaded = await fetchJson(`${server.url}/api/submissions`, { method: 'POST', body: form, headers: coordinator.headers });
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.files.map((f: { status: string }) => f.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    // Files are answered in the order they were sent (a wrong one would show in returnedUnits below).
    const id = uploaded.body.files[HEPING.indexOf(RETURNED)].submissionId;
    const returned = await fetchJson(`${server.url}/api/submissions/${id}/review`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...coordinator.headers },
      body: JSON.stringify({ action: 'return', reason: '规范性文件数与备案数不一致，请核对后重报。' }),
    });
    expect(returned.status).toBe(200);
  });
  afterAll(() => server?.close());

  it('the board says 应报 4, 已报 4, 待审核 3, 已退回 1, 未报送 0, 计入汇总 3', async () => {
    const board = await fetchJson(`${server.url}/api/progress?year=${YEAR}`, { headers: coordinator.headers });
    expect(board.status).toBe(200);
    const row = board.body.districts.find((d: { code: string }) => d.code === DISTRICT);
    expect(row).toMatchObject({ expected: 4, submitted: 4, counted: 3, accepted: 0, pending: 3, returned: 1, excused: 0, missing: 0, missingUnits: [] });
  });

  it('the missing list does not list the returned unit as 未报送', async () => {
    const response = await fetch(`${server.url}/api/progress/missing.csv?year=${YEAR}`, { headers: coordinator.headers });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(RETURNED.code);
  });

  it('the rollup JSON (and so the dashboard) says the same, and each figure says 1家已退回', async () => {
    const rollup = await fetchJson(`${server.url}/api/rollups/${YEAR}?level=district&code=${DISTRICT}`, { headers: coordinator.headers });
    expect(rollup.status).toBe(200);
    const group = rollup.body.groups.find((g: { code: string }) => g.code === DISTRICT);
    expect(group.completeness).toMatchObject({
      expected: 4,
      submitted: 4,
      counted: 3,
      pending: 3,
      returned: 1,
      missing: 0,
      missingUnits: [],
      returnedUnits: [{ code: RETURNED.code, name: RETURNED.name }],
      byStatus: { pending: 3, returned: 1 },
    });
    // By hand: 11 + 12 + 13 without the returned 市场监管局 (14) = 36; all four units fill it.
    expect(group.figures['reg.ns_issued']).toMatchObject({ value: 36, expected: 4, reported: 3, returned: 1, missing: 0, incomplete: true, reason_zh: '1家已退回' });
    const texts = JSON.stringify(rollup.body);
    expect(texts).not.toContain('1家未报送');
    const missing = rollup.body.findings.find((f: { kind: string; groupCode: string }) => f.kind === 'missing_units' && f.groupCode === DISTRICT);
    expect(missing.message_zh).toBe(`和平区：1家单位的报表已退回、尚未重新报送（${RETURNED.name}），本组各项合计均标为不完整；请督促报送。`);
  });

  it('the district workbook: 填报情况 counts 已退回 1 and 未报 0, 单位明细 shows the unit as 已退回', async () => {
    const response = await fetch(`${server.url}/api/rollups/${YEAR}/districts/${DISTRICT}.xlsx`, { headers: coordinator.headers });
    expect(response.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);

    const status = wb.getWorksheet('填报情况')!;
    const header = (status.getRow(1).values as unknown[]).map(String);
    let heping: unknown[] | undefined;
    status.eachRow((r) => {
      const v = r.values as unknown[];
      if (v.includes('和平区')) heping ??= v;
    });
    expect(heping).toBeDefined();
    const at = (name: string) => heping![header.indexOf(name)];
    expect([at('应报单位数'), at('已报单位数'), at('未报单位数'), at('待审核'), at('已退回')]).toEqual([4, 4, 0, 3, 1]);

    const detail = wb.getWorksheet('单位明细')!;
    let standing: unknown;
    detail.eachRow((r) => {
      const v = (r.values as unknown[]).map((x) => (x && typeof x === 'object' && 'richText' in x ? '' : x));
      if (v.includes(RETURNED.name)) standing = v.find((x) => x === '已退回' || x === '未报送');
    });
    expect(standing).toBe('已退回');
  });
});
