import { parse } from 'csv-parse/sync';
import { goldenInput } from '../../../test/support/rollup-fixtures';
import { computeRollup } from '../rollup/compute';
import { rollupCsv, rollupCsvStream } from './rollup-csv';
import { CELL_TEXT_MAX } from '../../../templates/src/core/contract';
import { csvSafe, safeText } from './text';

describe('rollupCsv', () => {
  const rollup = computeRollup(goldenInput({ omit: ['B2'] }));
  const csv = rollupCsv(rollup, { level: 'city' });
  const records = parse(csv, { bom: true, relax_column_count: false }) as string[][];
  const col = (code: string) => records[1].findIndex((h) => h.startsWith(`${code}（`));
  const row = (unit: string) => records.find((r) => r[2] === unit)!;

  it('starts with a UTF-8 BOM and has two header rows and one row per unit', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(records[0].slice(0, 4)).toEqual(['序号', '所属区', '单位代码', '单位名称']);
    expect(records).toHaveLength(2 + 8);
    expect(row('B2').slice(1, 6)).toEqual(['南开区', 'B2', '南开区政府研究室', '区级部门', '未报送']);
  });

  it('neutralises text that Excel would run as a formula, and leaves numbers alone', () => {
    expect(row('A0')[col('narr.summary')]).toBe("'=1+1 和平区全年推进法治政府建设");
    expect(row('A1')[col('narr.summary')]).toBe("'@SUM(A1) 司法局综述");
    expect(row('A2')[col('narr.summary')]).toBe("'-2");
    expect(row('A0')[col('reg.ns_issued')]).toBe('5');
    expect(row('A0')[col('learn.exam_pass_rate')]).toBe('90');
    expect(row('A1')[col('recon.accepted')]).toBe('不适用');
  });

  it('streams the same bytes', async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of rollupCsvStream(rollup, { level: 'city' })) chunks.push(Buffer.from(chunk as string));
    expect(Buffer.concat(chunks).toString('utf8')).toBe(csv);
  });

  it('limits a district scope to its units', () => {
    const district = parse(rollupCsv(rollup, { level: 'district', code: '120101' }), { bom: true }) as string[][];
    expect(district.slice(2).map((r) => r[2])).toEqual(['A0', 'A1', 'A2']);
  });
});

describe('csvSafe and safeText', () => {
  it('prefixes every formula trigger, at the start of the field or of any line in it, with an apostrophe', () => {
    expect(['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx', '1-2', '区=1', '无。\n=1', 'a\r\n－1', 'b\r@x'].map(csvSafe)).toEqual([
      "'=1+1",
      "'+1",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      '1-2',
      '区=1',
      "无。\n'=1",
      "a\r\n'－1",
      "b\r'@x",
    ]);
  });

  it('drops lone surrogates and truncates to what an Excel cell holds', () => {
    expect(safeText('a\uD800b😀')).toBe('ab😀');
    const long = safeText('字'.repeat(CELL_TEXT_MAX + 10));
    expect(long.length).toBe(CELL_TEXT_MAX);
    expect(long.endsWith('已截断，全文请见原报表）')).toBe(true);
  });
});
