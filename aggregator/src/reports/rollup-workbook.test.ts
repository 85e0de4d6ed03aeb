import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { goldenInput, scaleInput } from '../../../test/support/rollup-fixtures';
import { computeRollup } from '../rollup/compute';
import type { Rollup, RollupScope } from '../rollup/types';
import { rollupFileName, writeRollupWorkbook } from './rollup-workbook';

async function workbookBuffer(rollup: Rollup, scope: RollupScope): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  await writeRollupWorkbook(rollup, scope, sink);
  return Buffer.concat(chunks);
}

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

/** The raw XML of every worksheet, to check what exceljs's reader might smooth over. */
function sheetXml(buffer: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const xml: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const parts: Buffer[] = [];
          stream.on('data', (c: Buffer) => parts.push(c));
          stream.on('end', () => {
            xml.push(Buffer.concat(parts).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(xml));
      zip.readEntry();
    });
  });
}

/** Row of an indicator in 汇总 (code in column B) as { header text → cell }. */
function summaryRow(wb: ExcelJS.Workbook, code: string): Record<string, ExcelJS.Cell> {
  const sheet = wb.getWorksheet('汇总')!;
  const headers = Array.from(sheet.getRow(3).values as unknown[], (v) => String(v ?? ''));
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (row.getCell(2).value === code) found = row;
  });
  if (!found) throw new Error(`no row for ${code}`);
  const out: Record<string, ExcelJS.Cell> = {};
  headers.forEach((h, i) => h && (out[h] = found!.getCell(i)));
  return out;
}

describe('writeRollupWorkbook, city scope', () => {
  let wb: ExcelJS.Workbook;
  let buffer: Buffer;
  beforeAll(async () => {
    buffer = await workbookBuffer(computeRollup(goldenInput({ withLastYear: true })), { level: 'city' });
    wb = await load(buffer);
  });

  it('has the five sheets, A4 landscape with frozen headers', () => {
    expect(wb.worksheets.map((s) => s.name)).toEqual(['汇总', '单位明细', '填报情况', '文字汇编', '问题清单']);
    const summary = wb.getWorksheet('汇总')!;
    expect(summary.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9 });
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(wb.getWorksheet('单位明细')!.views[0]).toMatchObject({ state: 'frozen', ySplit: 2, xSplit: 4 });
    expect(summary.getColumn(3).width).toBe(40);
  });

  it('writes totals, a column per district and the 市级部门, last year and the change as numbers', () => {
    const row = summaryRow(wb, 'reg.ns_issued');
    // Hand-computed in compute.test.ts: 8 + 7 + 17 = 32; last year 8 + 4 + 17 = 29.
    expect(row['全市合计'].value).toBe(32);
    expect(row['全市合计'].numFmt).toBe('#,##0');
    expect([row['和平区'].value, row['南开区'].value, row['市级部门'].value]).toEqual([8, 7, 17]);
    expect(row['上年（2023年度）'].value).toBe(29);
    expect(row['同比增减'].value).toBe(3);
    expect(row['同比增减%'].value).toBeCloseTo(0.1034, 4);
    expect(row['同比增减%'].numFmt).toBe('0.00%');
    // City rescue teams: last 0 + 2 = 2, now 3 + 2 = 5 → +150%, beyond ±50%: highlighted.
    const rescue = summaryRow(wb, 'emer.rescue_teams')['同比增减%'];
    expect(rescue.value).toBeCloseTo(1.5, 4);
    expect(rescue.fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
    expect(row['同比增减%'].fill?.type === 'pattern' && row['同比增减%'].fill.pattern).not.toBe('solid');
  });

  it('writes rates with two decimals, 是/否 as x/y, n/a as —, dates as dates, and says why a total is incomplete', () => {
    const rate = summaryRow(wb, 'learn.exam_pass_rate')['全市合计'];
    expect(rate.value).toBeCloseTo((10510 / 11750) * 100, 3);
    expect(rate.numFmt).toBe('0.00');
    const lectured = summaryRow(wb, 'leader.lectured');
    expect([lectured['全市合计'].value, lectured['和平区'].value]).toEqual(['4/8', '1/3']);
    // A2 left it blank in both years.
    expect(lectured['不完整说明'].value).toBe('不完整：1家空白；上年合计不完整');
    expect(summaryRow(wb, 'recon.accepted')['市级部门'].value).toBe('—');
    // A date with a deadline rule is counted, not maxed: all 8 golden units sent by R29's 2025-03-01.
    const sent = summaryRow(wb, 'meta.report_submitted_date');
    expect([sent['全市合计'].value, sent['和平区'].value, sent['汇总方式'].value]).toEqual(['8/8', '3/3', '按期单位数']);
    expect(sent['不完整说明'].value).toBe('8/8家按期（2025年3月1日前）');
  });

  it('writes one row per unit in 单位明细, user text as plain strings even when it looks like a formula', () => {
    const sheet = wb.getWorksheet('单位明细')!;
    expect(sheet.rowCount).toBe(2 + 8);
    const headers = Array.from(sheet.getRow(2).values as unknown[], (v) => String(v ?? ''));
    const col = (code: string) => headers.findIndex((h) => h.startsWith(`${code}（`));
    const rowOf = (unit: string) => [...Array(8).keys()].map((i) => sheet.getRow(3 + i)).find((r) => r.getCell(3).value === unit)!;
    const a0 = rowOf('A0').getCell(col('narr.summary'));
    expect(a0.value).toBe('=1+1 和平区全年推进法治政府建设');
    expect(a0.type).toBe(ExcelJS.ValueType.String);
    expect(rowOf('A2').getCell(col('narr.summary')).value).toBe('-2');
    expect(rowOf('A0').getCell(col('reg.ns_issued')).value).toBe(5);
    expect(rowOf('A1').getCell(col('recon.accepted')).value).toBe('不适用');
    expect(rowOf('A1').getCell(col('leader.lectured')).value).toBe('否');
  });

  it('contains no formula anywhere', async () => {
    const xml = await sheetXml(buffer);
    expect(xml).toHaveLength(5);
    for (const sheet of xml) expect(sheet).not.toMatch(/<f[ >]/);
  });

  it('compiles narratives by section and the findings', () => {
    const texts = wb.getWorksheet('文字汇编')!;
    const values: unknown[][] = [];
    texts.eachRow((r) => values.push((r.values as unknown[]).slice(1)));
    expect(values).toContainEqual([expect.any(Number), '主要举措和成效（综述）', '和平区', '和平区司法局', '区级部门', '@SUM(A1) 司法局综述']);
    expect(values.some((r) => r[1] === '主要举措和成效（综述）及其他需要报告的情况')).toBe(true);
    const findings: string[] = [];
    wb.getWorksheet('问题清单')!.eachRow((r) => findings.push(String(r.getCell(6).value)));
    // City rescue teams 2 → 5 支 (+150 %, 3 支 ≥ the minimum of 1); 南开区's 4 → 7 件 is under the 件 minimum of 5.
    expect(findings).toContain('全市“专业应急救援队伍数”（emer.rescue_teams）同比变化较大：上年2支，本年5支，同比+150.00%；请核实数据口径或在报告中说明原因。');
    expect(findings.some((f) => f.includes('（reg.ns_issued）同比变化较大'))).toBe(false);
  });
});

describe('writeRollupWorkbook, district scope with a missing unit', () => {
  const rollup = computeRollup(goldenInput({ withLastYear: true, omit: ['B2'] }));
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    wb = await load(await workbookBuffer(rollup, { level: 'district', code: '120104' }));
  });

  it('shows a column per unit of the district, the missing one marked', () => {
    const row = summaryRow(wb, 'reg.ns_issued');
    expect(row['南开区合计'].value).toBe(6);
    expect(row['天津市南开区人民政府'].value).toBe(4);
    expect(row['南开区司法局'].value).toBe(2);
    expect(row['南开区政府研究室（未报送）'].value).toBeNull();
    expect(row['不完整说明'].value).toBe('不完整：1家未报送');
    // Last year 4, now 6: +50% is not beyond ±50%.
    expect(row['同比增减%'].value).toBeCloseTo(0.5, 4);
  });

  it('marks a rise from 0 as a swing without a percentage', async () => {
    const heping = await load(await workbookBuffer(rollup, { level: 'district', code: '120101' }));
    // 和平区 rescue teams: A0 0 → 3.
    const rescue = summaryRow(heping, 'emer.rescue_teams');
    expect([rescue['和平区合计'].value, rescue['上年（2023年度）'].value, rescue['同比增减'].value]).toEqual([3, 0, 3]);
    expect(rescue['同比增减%'].value).toBe('上年为0');
    expect(rescue['同比增减%'].fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
  });

  it('lists the district’s completeness and each unit’s status', () => {
    const sheet = wb.getWorksheet('填报情况')!;
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(
      [1, '南开区', 3, 2, 1, 2 / 3, 2, 0, 0, 0, '南开区政府研究室'],
    );
    const statuses: unknown[] = [];
    sheet.eachRow((r, n) => n > 4 && statuses.push(r.getCell(5).value));
    expect(statuses).toEqual(['已通过', '已通过', '未报送']);
    expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual(['序号', '单位名称', '单位代码', '单位类型', '填报状态', '版本', '报表编号']);
    const missing = sheet.getRow(7);
    expect((missing.values as unknown[]).slice(1)).toEqual([3, '南开区政府研究室', 'B2', '区级部门', '未报送']);
    expect(missing.getCell(5).font?.color).toMatchObject({ argb: 'FF9C0006' });
    expect(sheet.getRow(5).getCell(5).font?.color).toBeUndefined();
    expect(wb.getWorksheet('单位明细')!.rowCount).toBe(2 + 3);
  });

  it('refuses an unknown district before writing anything', async () => {
    let written = 0;
    const sink = new Writable({ write: (c: Buffer, _e, done) => ((written += c.length), done()) });
    await expect(writeRollupWorkbook(rollup, { level: 'district', code: '999' }, sink)).rejects.toMatchObject({ code: 'ROLLUP_DISTRICT_UNKNOWN' });
    expect(written).toBe(0);
    expect(rollupFileName(rollup, { level: 'district', code: '120104' }, 'xlsx')).toBe('2024年度法治政府建设指标汇总_南开区.xlsx');
  });
});

describe('writeRollupWorkbook 填报情况 by status', () => {
  it('counts each group’s units by status, approved as accepted, and totals the city last', async () => {
    const rollup = computeRollup(goldenInput({ omit: ['A2'], statuses: { C1: 'pending', C2: 'approved', B1: 'returned' } }));
    const sheet = (await load(await workbookBuffer(rollup, { level: 'city' }))).getWorksheet('填报情况')!;
    const rows: unknown[][] = [];
    sheet.eachRow((r, n) => n > 1 && rows.push((r.values as unknown[]).slice(1)));
    // Columns: 序号 区 应报 已报 未报 报送率 已通过 待审核 已退回 其他 未报送单位.
    expect(rows).toEqual([
      [1, '和平区', 3, 2, 1, 2 / 3, 2, 0, 0, 0, '和平区市场监管局'],
      [2, '南开区', 3, 3, 0, 1, 2, 0, 1, 0],
      [3, '市级部门', 2, 2, 0, 1, 1, 1, 0, 0],
      [4, '合计（全市）', 8, 7, 1, 7 / 8, 5, 1, 1, 0, '和平区市场监管局'],
    ]);
  });
});

describe('writeRollupWorkbook when the download is aborted', () => {
  it('stops with OUTPUT_CLOSED instead of hanging', async () => {
    // 4 districts of 50 units and 20 市级部门: enough rows for the writer to check the destination.
    const rollup = computeRollup(scaleInput(4, 50, 20));
    const sink: Writable = new Writable({
      write(_chunk: Buffer, _enc, done) {
        done();
        sink.destroy();
      },
    });
    await expect(writeRollupWorkbook(rollup, { level: 'city' }, sink)).rejects.toMatchObject({ code: 'OUTPUT_CLOSED' });
  });
});
