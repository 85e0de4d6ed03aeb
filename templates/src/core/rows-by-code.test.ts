import { currentCatalogue } from './catalogue';
import { HEADER_SEARCH_ROWS } from './contract';
import type { RawCell } from './model';
import { HEADER_REMEDY, findHeaderColumns, rowsByCode, sheetRows, type RowCell } from './rows-by-code';

const catalogue = currentCatalogue();
const SHEET = '指标填报';
const text = (value: string): RawCell => ({ kind: 'string', value });
const num = (value: number): RawCell => ({ kind: 'number', value });

/** A sheet written as rows of [column, content]: the way a sheet part lists its non-blank cells. */
function read(rows: Record<number, [number, RawCell, string?][]>, remedy: string = HEADER_REMEDY.workbook) {
  const sheet = sheetRows(SHEET, catalogue, remedy);
  for (const [row, cells] of Object.entries(rows)) {
    sheet.row(Number(row), cells.map(([col, raw, formula]): RowCell => (formula === undefined ? { col, raw } : { col, raw, formula })));
  }
  return sheet.finish();
}

// The template's header (B 指标代码, E 填报值, G 备注) moved one row down and one column right, as a
// user who inserted a row and a column would leave it.
const HEADER: [number, RawCell][] = [[3, text('指标代码')], [4, text('指标名称')], [6, text('填报值（单位见D列）')], [8, text(' 备 注 ')]];

describe('findHeaderColumns', () => {
  it('finds the columns by header text, a bracketed note and spaces allowed', () => {
    expect(findHeaderColumns(HEADER.map(([col, raw]) => ({ col, raw })))).toEqual({ code: 3, value: 6, remark: 8 });
  });
  it('needs 指标代码 and 填报值; 备注 is optional', () => {
    expect(findHeaderColumns([{ col: 2, raw: text('指标代码') }, { col: 5, raw: text('填报值(万元)') }])).toEqual({ code: 2, value: 5 });
    expect(findHeaderColumns([{ col: 2, raw: text('指标代码') }, { col: 5, raw: text('填报数值') }])).toBeNull();
    // A number that happens to be in the header row is never a header.
    expect(findHeaderColumns([{ col: 2, raw: text('指标代码') }, { col: 5, raw: num(1) }])).toBeNull();
  });
});

describe('sheetRows', () => {
  it('reads rows below the header by code, with value and code addresses, formula and trimmed remark', () => {
    const { cells, codeCells, problems } = read({
      1: [[3, text('reg.ns_issued')], [6, num(99)]], // above the header: a title row, never data
      4: HEADER,
      5: [[3, text(' REG.NS_ISSUED ')], [6, num(12)], [8, text('  含转发文件  ')]],
      6: [[3, text('reg.ns_filed')], [6, num(10), 'F5-2']],
    });
    expect(cells['reg.ns_issued']).toEqual({ ref: { sheet: SHEET, address: 'F5' }, raw: num(12), remark: '含转发文件' });
    expect(cells['reg.ns_filed']).toEqual({ ref: { sheet: SHEET, address: 'F6' }, raw: num(10), formula: 'F5-2' });
    expect(codeCells['reg.ns_issued']).toEqual({ sheet: SHEET, address: 'C5' });
    // Every other catalogue row is missing: one problem listing them (more than five).
    expect(problems).toHaveLength(1);
    expect(problems[0].codes).toHaveLength(catalogue.fields.length - 2);
    expect(problems[0].message).toBe(`工作表“${SHEET}”缺少 ${catalogue.fields.length - 2} 个指标行（${catalogue.fields.filter((f) => !cells[f.code]).slice(0, 5).map((f) => `“${f.name_zh}”`).join('、')} 等）：请勿删除行，如已删除请重新下载模板填报`);
  });

  it('an indicator row without a value cell reads as blank at the value column', () => {
    const { cells } = read({ 4: HEADER, 9: [[3, text('reg.ns_issued')]] });
    expect(cells['reg.ns_issued']).toEqual({ ref: { sheet: SHEET, address: 'F9' }, raw: { kind: 'empty' } });
  });

  it('reports a code-like text the catalogue lacks at its cell, and ignores other text in the code column', () => {
    const { cells, problems } = read({ 4: HEADER, 5: [[3, text('reg.retired_2019')], [6, num(1)]], 6: [[3, text('注：以下为补充说明')]] });
    expect(cells).toEqual({});
    const unknown = problems.filter((p) => p.codes.includes('reg.retired_2019'));
    expect(unknown).toEqual([
      {
        rule: 'STRUCTURE',
        severity: 'error',
        codes: ['reg.retired_2019'],
        cells: [{ sheet: SHEET, address: 'C5' }],
        message: `${SHEET}!C5 的指标代码“reg.retired_2019”不在指标目录（${catalogue.version} 版）中：该表可能来自其他年度或版本的模板，请下载本年度标准模板重新填报`,
      },
    ]);
    expect(problems.some((p) => p.message.includes('注：'))).toBe(false);
  });

  it('keeps the first of two rows of one code and names both code cells', () => {
    const { cells, problems } = read({ 4: HEADER, 5: [[3, text('reg.ns_issued')], [6, num(1)]], 30: [[3, text('reg.ns_issued')], [6, num(2)]] });
    expect(cells['reg.ns_issued'].raw).toEqual(num(1));
    const field = catalogue.field('reg.ns_issued')!;
    expect(problems[0]).toEqual({
      rule: 'STRUCTURE',
      severity: 'error',
      codes: ['reg.ns_issued'],
      cells: [{ sheet: SHEET, address: 'C5' }, { sheet: SHEET, address: 'C30' }],
      message: `指标“${field.name_zh}”（reg.ns_issued）在 ${SHEET}!C5 和 ${SHEET}!C30 各有一行：每个指标只能有一行，请删除重复的行（以第一行为准）`,
    });
  });

  it('names the remark cell when the remark holds a control character', () => {
    const { problems } = read({ 4: HEADER, 5: [[3, text('reg.ns_issued')], [6, num(1)], [8, text('见\u0007附件')]] });
    const type = problems.filter((p) => p.rule === 'TYPE');
    expect(type).toHaveLength(1);
    expect(type[0].cells).toEqual([{ sheet: SHEET, address: 'H5' }]);
  });

  it('without a header in the first rows: no cells, one problem with the caller remedy', () => {
    const late = read({ [HEADER_SEARCH_ROWS + 1]: HEADER, [HEADER_SEARCH_ROWS + 2]: [[3, text('reg.ns_issued')], [6, num(1)]] }, HEADER_REMEDY.addin);
    expect(late.cells).toEqual({});
    expect(late.problems.map((p) => p.message)).toEqual([
      `工作表“${SHEET}”前 ${HEADER_SEARCH_ROWS} 行中找不到含“指标代码”和“填报值”的表头行：请勿修改或删除表头，如已改动请删除该表后重新插入标准表`,
    ]);
  });
});

describe('rowsByCode', () => {
  it('takes rows from any host: codes as given, cells where the host says', () => {
    const rows = rowsByCode(SHEET, catalogue);
    const ref = { sheet: SHEET, address: 'E7' };
    rows.add({ code: { ref, text: 'reg.ns_issued' }, value: { ref, raw: num(3) }, remark: { ref, raw: text('') } });
    rows.add({ code: { ref, text: '' }, value: { ref, raw: num(4) } });
    const { cells, codeCells } = rows.finish();
    expect(cells).toEqual({ 'reg.ns_issued': { ref, raw: num(3) } });
    expect(codeCells).toEqual({ 'reg.ns_issued': ref });
  });
});
