import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { currentCatalogue } from '../core/catalogue';
import { COLUMNS, HEADER_ROW, INPUT_SHEET, META_SHEET, TEMPLATE_MARKER, stampToKeywords, type Stamp } from '../core/contract';
import { AppError } from '../core/errors';
import type { SheetCell } from '../core/model';
import { readWorkbook } from './read-workbook';
import { openXlsx } from './zip-gate';
import { writeTemplate } from './write-template';
import {
  SharedStrings,
  buildWorkbook,
  renumber,
  sheetXml,
  standardRows,
  standardWorkbook,
  zip,
  type CellValue,
  type Row,
} from '../../../test/support/xlsx-builder';

const catalogue = currentCatalogue();
const letter = (key: (typeof COLUMNS)[number]['key']) => COLUMNS.find((c) => c.key === key)!.letter;
const VALUE = letter('value');
const CODE = letter('code');
const REMARK = letter('remark');
const firstRow = HEADER_ROW + 1;
/** Sheet row of a field in the standard layout. */
const rowOf = (code: string) => firstRow + catalogue.fields.findIndex((f) => f.code === code);

const STAMP: Stamp = {
  template: TEMPLATE_MARKER,
  catalogue_version: catalogue.version,
  unit_type: 'department',
  report_year: '2024',
  unit_code: '120101-001',
  unit_name: '和平区司法局',
};

const values: Record<string, CellValue> = {
  'meta.unit_name': '和平区司法局',
  'meta.report_year': 2024,
  'leader.party_meetings': 12,
  'leader.rol_in_work_plan': '是',
  'disp.mediation_amount': 1234.56,
  'meta.report_submitted_date': 45351,
};

function read(bytes: Uint8Array) {
  return readWorkbook(bytes, catalogue);
}

function cell(cells: Record<string, SheetCell> | undefined, code: string): SheetCell {
  const found = cells?.[code];
  if (!found) throw new Error(`no cell for ${code}`);
  return found;
}

describe('readWorkbook reads a workbook written by exceljs', () => {
  async function excelJsWorkbook(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet(INPUT_SHEET);
    sheet.getCell('A1').value = '法治政府建设年度指标填报表';
    COLUMNS.forEach((c) => (sheet.getCell(`${c.letter}${HEADER_ROW}`).value = c.header));
    catalogue.fields.forEach((f, i) => {
      const r = firstRow + i;
      sheet.getCell(`A${r}`).value = i + 1;
      sheet.getCell(`${CODE}${r}`).value = f.code;
      sheet.getCell(`C${r}`).value = f.name_zh;
    });
    sheet.getCell(`${VALUE}${rowOf('leader.party_meetings')}`).value = 12;
    sheet.getCell(`${VALUE}${rowOf('leader.rol_in_work_plan')}`).value = true;
    sheet.getCell(`${VALUE}${rowOf('meta.unit_name')}`).value = '和平区司法局';
    sheet.getCell(`${REMARK}${rowOf('meta.unit_name')}`).value = '  含下属执法支队  ';
    sheet.getCell(`${VALUE}${rowOf('lead.key_tasks_completion_rate')}`).value = { formula: 'E10/E11', result: 0.75 };
    sheet.getCell(`${VALUE}${rowOf('meta.unit_type')}`).value = { formula: '"区级部门"', result: '区级部门' };
    const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
    for (const [k, v] of Object.entries(STAMP)) meta.addRow([k, v]);
    meta.getCell(`B${Object.keys(STAMP).indexOf('report_year') + 1}`).value = 2024;
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('gives raw cells, formulas, remarks and addresses by code, and the very hidden stamp', async () => {
    const bytes = await excelJsWorkbook();
    expect(openXlsx(bytes).has('xl/sharedStrings.xml')).toBe(true);
    const result = read(bytes);
    expect(result.problems).toEqual([]);
    expect(result.stampSource).toBe('sheet');
    expect(result.stamp).toEqual(STAMP);
    const cells = result.sheet?.cells;
    expect(result.sheet?.sheetName).toBe(INPUT_SHEET);
    expect(result.sheet?.date1904).toBe(false);
    expect(Object.keys(cells ?? {})).toHaveLength(catalogue.fields.length);
    expect(cell(cells, 'leader.party_meetings')).toEqual({
      ref: { sheet: INPUT_SHEET, address: `${VALUE}${rowOf('leader.party_meetings')}` },
      raw: { kind: 'number', value: 12 },
    });
    expect(cell(cells, 'leader.rol_in_work_plan').raw).toEqual({ kind: 'boolean', value: true });
    expect(cell(cells, 'meta.unit_name')).toMatchObject({ raw: { kind: 'string', value: '和平区司法局' }, remark: '含下属执法支队' });
    expect(cell(cells, 'lead.key_tasks_completion_rate')).toMatchObject({ raw: { kind: 'number', value: 0.75 }, formula: 'E10/E11' });
    expect(cell(cells, 'meta.unit_type')).toMatchObject({ raw: { kind: 'string', value: '区级部门' }, formula: '"区级部门"' });
    expect(cell(cells, 'leader.lectured').raw).toEqual({ kind: 'empty' });
  });
});

describe('readWorkbook reads what other writers produce', () => {
  it('LibreOffice/Excel style: shared strings with rich text and phonetic runs, data.xml via an absolute target', async () => {
    const bytes = await standardWorkbook({
      rows: standardRows(catalogue, {
        values: { ...values, 'meta.unit_name': { runs: ['和平区', '司法局'], phonetic: 'わへい' } },
        remarks: { 'leader.party_meetings': '含党组会议 3 次' },
      }),
      strings: 'shared',
      inputPart: 'xl/worksheets/data.xml',
      inputTarget: '/xl/worksheets/data.xml',
      stamp: STAMP,
    });
    const result = read(bytes);
    expect(result.problems).toEqual([]);
    const cells = result.sheet?.cells;
    expect(cell(cells, 'meta.unit_name').raw).toEqual({ kind: 'string', value: '和平区司法局' });
    expect(cell(cells, 'leader.party_meetings')).toEqual({
      ref: { sheet: INPUT_SHEET, address: `${VALUE}${rowOf('leader.party_meetings')}` },
      raw: { kind: 'number', value: 12 },
      remark: '含党组会议 3 次',
    });
    expect(cell(cells, 'disp.mediation_amount').raw).toEqual({ kind: 'number', value: 1234.56 });
    expect(cell(cells, 'leader.rol_in_work_plan').raw).toEqual({ kind: 'string', value: '是' });
  });

  it('generator style: inline strings, prefixed namespaces, rows and cells without r', async () => {
    const bytes = await standardWorkbook({ rows: standardRows(catalogue, { values }), strings: 'inline', omitRefs: true, prefix: 'x', stamp: STAMP });
    const result = read(bytes);
    expect(result.problems).toEqual([]);
    expect(result.stamp).toEqual(STAMP);
    const cells = result.sheet?.cells;
    expect(cell(cells, 'meta.unit_name')).toMatchObject({
      ref: { address: `${VALUE}${rowOf('meta.unit_name')}` },
      raw: { kind: 'string', value: '和平区司法局' },
    });
    expect(cell(cells, 'leader.party_meetings')).toMatchObject({
      ref: { address: `${VALUE}${rowOf('leader.party_meetings')}` },
      raw: { kind: 'number', value: 12 },
    });
  });

  it('WPS/Excel cell kinds: t="str", errors, t="d", numbers stored as text, entities and _x000D_ escapes', async () => {
    const bytes = await standardWorkbook({
      rows: standardRows(catalogue, {
        values: {
          'meta.unit_type': { formula: 'IF(1,"区级部门","")', result: '区级部门' },
          'lead.key_tasks_completion_rate': { formula: 'E10/E11', result: undefined },
          'leader.party_meetings': { error: '#DIV/0!' },
          'meta.report_submitted_date': { isoDate: '2025-02-28T00:00:00' },
          'leader.exec_meetings': { numberAsText: '０12 ' },
          'meta.contact': '张三 & 李四 <办公室>_x000D_\n电话_x005F_x000D_',
        },
      }),
      strings: 'shared',
    });
    const cells = read(bytes).sheet?.cells;
    expect(cell(cells, 'meta.unit_type')).toMatchObject({ raw: { kind: 'string', value: '区级部门' }, formula: 'IF(1,"区级部门","")' });
    expect(cell(cells, 'lead.key_tasks_completion_rate')).toMatchObject({ raw: { kind: 'empty' }, formula: 'E10/E11' });
    expect(cell(cells, 'leader.party_meetings').raw).toEqual({ kind: 'error', value: '#DIV/0!' });
    expect(cell(cells, 'meta.report_submitted_date').raw).toEqual({ kind: 'string', value: '2025-02-28T00:00:00' });
    expect(cell(cells, 'leader.exec_meetings').raw).toEqual({ kind: 'string', value: '０12 ' });
    expect(cell(cells, 'meta.contact').raw).toEqual({ kind: 'string', value: '张三 & 李四 <办公室>\r\n电话_x000D_' });
  });

  it('gives shared-formula followers their master formula, and reads TRUE booleans', async () => {
    const code = (r: number, c: string) => `<c r="${CODE}${r}" t="inlineStr"><is><t>${c}</t></is></c>`;
    const header = `<row r="1"><c r="${CODE}1" t="inlineStr"><is><t>指标代码</t></is></c><c r="${VALUE}1" t="inlineStr"><is><t>填报值</t></is></c></row>`;
    const xml =
      `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${header}` +
      `<row r="2">${code(2, 'leader.party_meetings')}<c r="${VALUE}2"><f t="shared" ref="${VALUE}2:${VALUE}3" si="0">D2*2</f><v>4</v></c></row>` +
      `<row r="3">${code(3, 'leader.exec_meetings')}<c r="${VALUE}3"><f t="shared" si="0"/><v>6</v></c></row>` +
      `<row r="4">${code(4, 'leader.rol_in_work_plan')}<c r="${VALUE}4" t="b"><v>TRUE</v></c></row>` +
      `</sheetData></worksheet>`;
    const cells = read(await buildWorkbook({ sheets: [{ name: INPUT_SHEET, xml }] })).sheet?.cells;
    expect(cell(cells, 'leader.party_meetings')).toMatchObject({ raw: { kind: 'number', value: 4 }, formula: 'D2*2' });
    expect(cell(cells, 'leader.exec_meetings')).toMatchObject({ raw: { kind: 'number', value: 6 }, formula: 'D2*2' });
    expect(cell(cells, 'leader.rol_in_work_plan').raw).toEqual({ kind: 'boolean', value: true });
  });

  it('date1904 workbooks say so', async () => {
    const bytes = await standardWorkbook({ rows: standardRows(catalogue, { values }), date1904: true });
    const result = read(bytes);
    expect(result.sheet?.date1904).toBe(true);
    expect(cell(result.sheet?.cells, 'meta.report_submitted_date').raw).toEqual({ kind: 'number', value: 45351 });
  });

  it.each(['shared', 'inline'] as const)('keeps Chinese text over 70,000 characters intact (%s strings)', async (strings) => {
    const long = Array.from({ length: 7200 }, (_, i) => `第${i}项：依法行政。`).join('').slice(0, 72000) + '完';
    const bytes = await standardWorkbook({ rows: standardRows(catalogue, { values: { 'meta.unit_name': long } }), strings });
    const raw = cell(read(bytes).sheet?.cells, 'meta.unit_name').raw;
    expect(raw).toEqual({ kind: 'string', value: long });
  });
});

describe('readWorkbook finds rows by code, never by position', () => {
  const base = () => standardRows(catalogue, { values, remarks: { 'leader.party_meetings': '含党组会议' } });
  const valuesOf = (cells: Record<string, SheetCell> | undefined) =>
    Object.fromEntries(Object.entries(cells ?? {}).map(([code, c]) => [code, { raw: c.raw, remark: c.remark }]));

  it('reads the same values after rows were inserted above the header and between indicators, and sorted', async () => {
    const original = read(await standardWorkbook({ rows: base() }));
    const rows = base();
    const header = rows.slice(0, HEADER_ROW);
    const body = rows.slice(HEADER_ROW).reverse();
    const note: Row = { r: 0, cells: [{ col: 'A', value: '（本行为单位自行插入的说明）' }] };
    const shuffled = renumber([note, note, ...header, ...body.slice(0, 40), note, ...body.slice(40)]);
    const moved = read(await standardWorkbook({ rows: shuffled }));
    expect(moved.problems).toEqual([]);
    expect(valuesOf(moved.sheet?.cells)).toEqual(valuesOf(original.sheet?.cells));
    expect(cell(moved.sheet?.cells, 'leader.party_meetings').ref.address).not.toBe(cell(original.sheet?.cells, 'leader.party_meetings').ref.address);
  });

  it('finds columns by header text after a column was inserted', async () => {
    const shift = (c: string) => String.fromCharCode(c.charCodeAt(0) + 1);
    const rows = base().map((r) => ({ ...r, cells: r.cells.map((c) => ({ ...c, col: shift(c.col) })) }));
    const result = read(await standardWorkbook({ rows }));
    expect(result.problems).toEqual([]);
    expect(cell(result.sheet?.cells, 'leader.party_meetings')).toEqual({
      ref: { sheet: INPUT_SHEET, address: `${shift(VALUE)}${rowOf('leader.party_meetings')}` },
      raw: { kind: 'number', value: 12 },
      remark: '含党组会议',
    });
  });

  it('reports a code on two rows, naming both cells', async () => {
    const rows = base();
    const dup = rows.find((r) => r.cells.some((c) => c.value === 'leader.party_meetings'))!;
    const withDup = renumber([...rows, { ...dup, cells: dup.cells.map((c) => (c.col === VALUE ? { ...c, value: 99 } : c)) }]);
    const result = read(await standardWorkbook({ rows: withDup }));
    const first = `${CODE}${rowOf('leader.party_meetings')}`;
    const second = `${CODE}${withDup.length}`;
    expect(result.problems).toEqual([
      expect.objectContaining({ rule: 'STRUCTURE', severity: 'error', codes: ['leader.party_meetings'], cells: [{ sheet: INPUT_SHEET, address: first }, { sheet: INPUT_SHEET, address: second }] }),
    ]);
    expect(result.problems[0].message).toContain(`${INPUT_SHEET}!${first}`);
    expect(result.problems[0].message).toContain(`${INPUT_SHEET}!${second}`);
    expect(cell(result.sheet?.cells, 'leader.party_meetings').raw).toEqual({ kind: 'number', value: 12 });
  });

  it('reports a missing indicator row by name and tells to re-download', async () => {
    const rows = renumber(base().filter((r) => !r.cells.some((c) => c.value === 'leader.lectured')));
    const result = read(await standardWorkbook({ rows }));
    const name = catalogue.field('leader.lectured')!.name_zh;
    expect(result.problems).toEqual([expect.objectContaining({ rule: 'STRUCTURE', codes: ['leader.lectured'] })]);
    expect(result.problems[0].message).toContain(name);
    expect(result.problems[0].message).toContain('缺少指标行');
    expect(result.problems[0].message).toContain('请勿删除行，如已删除请重新下载模板填报');
    expect(result.sheet?.cells['leader.lectured']).toBeUndefined();
  });

  it('sums up many missing rows in one problem', async () => {
    const rows = base().slice(0, HEADER_ROW + 10);
    const result = read(await standardWorkbook({ rows }));
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].codes).toHaveLength(catalogue.fields.length - 10);
    expect(result.problems[0].message).toContain(`缺少 ${catalogue.fields.length - 10} 个指标行`);
  });

  it('reports a code-like text that is not in the catalogue (another catalogue version)', async () => {
    const rows = renumber([...base(), { r: 0, cells: [{ col: CODE, value: 'lead.retired_indicator' }, { col: VALUE, value: 5 }] }]);
    const result = read(await standardWorkbook({ rows }));
    const address = `${CODE}${rows.length}`;
    expect(result.problems).toEqual([expect.objectContaining({ rule: 'STRUCTURE', codes: ['lead.retired_indicator'], cells: [{ sheet: INPUT_SHEET, address }] })]);
    expect(result.problems[0].message).toContain(catalogue.version);
    expect(result.problems[0].message).toContain('重新填报');
  });

  it('reports a missing input sheet and names the sheets it found', async () => {
    const result = read(await standardWorkbook({ rows: base(), inputName: 'Sheet1', stamp: STAMP }));
    expect(result.sheet).toBeNull();
    expect(result.stamp).toEqual(STAMP);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].message).toBe('找不到工作表“指标填报”（本工作簿中的工作表：“Sheet1”）：请使用标准模板填报，不要重命名或删除该工作表');
  });

  it('reports a missing header row', async () => {
    const rows = base().map((r) => (r.r === HEADER_ROW ? { ...r, cells: r.cells.filter((c) => c.value !== '填报值') } : r));
    const result = read(await standardWorkbook({ rows }));
    expect(result.sheet?.cells).toEqual({});
    expect(result.problems).toEqual([expect.objectContaining({ rule: 'STRUCTURE', severity: 'error' })]);
    expect(result.problems[0].message).toContain('表头');
    expect(result.problems[0].message).toContain('填报值');
  });
});

describe('readWorkbook stamp sources', () => {
  const rows = standardRows(catalogue, { values });

  it('reads a merely hidden meta sheet', async () => {
    const result = read(await standardWorkbook({ rows, stamp: STAMP, metaState: 'hidden' }));
    expect(result).toMatchObject({ stampSource: 'sheet', stamp: STAMP });
  });

  it('falls back to the core properties when the meta sheet was deleted', async () => {
    const bytes = await standardWorkbook({ rows, coreProperties: { category: TEMPLATE_MARKER, keywords: stampToKeywords(STAMP) } });
    expect(read(bytes)).toMatchObject({ stampSource: 'properties', stamp: STAMP });
  });

  it('ignores keywords of a workbook that is not ours', async () => {
    const bytes = await standardWorkbook({ rows, coreProperties: { category: '财务报表', keywords: stampToKeywords(STAMP) } });
    expect(read(bytes)).toMatchObject({ stampSource: 'none', stamp: {} });
  });
});

describe('readWorkbook on hostile content', () => {
  const WHOLE_SHEET = 'A1:XFD1048576';

  // exceljs expands such ranges cell by cell (minutes, or out of memory), so no such file is kept.
  it.each([
    ['merge', `<mergeCells count="1"><mergeCell ref="${WHOLE_SHEET}"/></mergeCells>`, 'SHEET_RANGE', '合并单元格'],
    [
      'data validation',
      `<dataValidations count="1"><dataValidation type="whole" operator="between" allowBlank="1" showErrorMessage="1" sqref="${WHOLE_SHEET}"><formula1>0</formula1><formula2>100</formula2></dataValidation></dataValidations>`,
      'SHEET_RANGE',
      '数据有效性',
    ],
    ['conditional format', `<conditionalFormatting sqref="${WHOLE_SHEET}"><cfRule type="cellIs" priority="1" operator="greaterThan"><formula>0</formula></cfRule></conditionalFormatting>`, 'SHEET_RANGE', '条件格式'],
  ])('refuses a whole-sheet %s with 422 naming sheet, kind and range, fast', async (_kind, tail, code, kindZh) => {
    const bytes = await standardWorkbook({ rows: standardRows(catalogue, { values }), tail });
    // CPU time, not wall time, so a loaded machine cannot fail it: expanding the range would take minutes.
    const before = process.cpuUsage();
    let error: unknown;
    try {
      read(bytes);
    } catch (e) {
      error = e;
    }
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code, status: 422, where: { sheet: INPUT_SHEET } });
    for (const part of [`“${INPUT_SHEET}”`, kindZh, WHOLE_SHEET, '请']) expect((error as AppError).message).toContain(part);
  });

  it('refuses 20,000 merges with TOO_MANY_MERGES, giving the count', async () => {
    const merges = Array.from({ length: 20000 }, (_, i) => `<mergeCell ref="H${10 + i}:I${10 + i}"/>`).join('');
    const bytes = await standardWorkbook({ rows: standardRows(catalogue, { values }), tail: `<mergeCells count="20000">${merges}</mergeCells>` });
    expect(() => read(bytes)).toThrow(expect.objectContaining({ code: 'TOO_MANY_MERGES', status: 422, message: expect.stringContaining('20000 个合并单元格') }));
  });

  it('reads a sheet whose merges, validations and conditional formats stay near the template', async () => {
    const tail =
      '<mergeCells count="2"><mergeCell ref="A1:G1"/><mergeCell ref="H200:J210"/></mergeCells>' +
      '<conditionalFormatting sqref="E4:E300 G4:G300"><cfRule type="cellIs" priority="1" operator="lessThan"><formula>0</formula></cfRule></conditionalFormatting>' +
      '<dataValidations count="1"><dataValidation type="whole" allowBlank="1" sqref="E4:E500"><formula1>0</formula1></dataValidation></dataValidations>';
    const result = read(await standardWorkbook({ rows: standardRows(catalogue, { values }), tail }));
    expect(result.problems).toEqual([]);
    expect(cell(result.sheet?.cells, 'leader.party_meetings').raw).toEqual({ kind: 'number', value: 12 });
  });

  it('refuses a DOCTYPE in the sheet part', async () => {
    const sst = new SharedStrings();
    const xml = sheetXml(standardRows(catalogue), sst).replace('?>', '?><!DOCTYPE worksheet [<!ENTITY x "y">]>');
    const bytes = await buildWorkbook({ sheets: [{ name: INPUT_SHEET, xml }], sharedStrings: sst });
    expect(() => read(bytes)).toThrow(expect.objectContaining({ code: 'XML_DOCTYPE' }));
  });

  it('refuses a DOCTYPE in a sheet part whatever its name', async () => {
    const xml = sheetXml(standardRows(catalogue), new SharedStrings(), { strings: 'inline' }).replace('?>', '?><!DOCTYPE worksheet [<!ENTITY x "y">]>');
    const bytes = await buildWorkbook({ sheets: [{ name: INPUT_SHEET, xml, part: 'xl/worksheets/data.bin' }] });
    expect(() => read(bytes)).toThrow(expect.objectContaining({ code: 'XML_DOCTYPE' }));
  });

  it('refuses a workbook whose input sheet part is missing with WORKBOOK_CORRUPT', async () => {
    const bytes = await buildWorkbook({
      sheets: [{ name: INPUT_SHEET, xml: '<worksheet/>', part: 'xl/worksheets/sheet1.xml', target: 'worksheets/gone.xml' }],
    });
    expect(() => read(bytes)).toThrow(expect.objectContaining({ code: 'WORKBOOK_CORRUPT' }));
  });

  it('refuses malformed XML with XML_CORRUPT naming the sheet and the part', async () => {
    const bytes = await buildWorkbook({ sheets: [{ name: INPUT_SHEET, xml: '<worksheet><sheetData><row></sheetData>' }] });
    let error: unknown;
    try {
      read(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'XML_CORRUPT', status: 400 });
    expect((error as AppError).message).toContain('xl/worksheets/sheet1.xml');
    expect(error).toMatchObject({ where: { sheet: INPUT_SHEET } });
    expect((error as AppError).message).toMatch(new RegExp(`^工作表“${INPUT_SHEET}”已损坏：.*请用 Excel 或 WPS 打开后另存为 .xlsx 再上传$`));
  });

  it('passes gate errors through', () => {
    expect(() => read(Buffer.from('%PDF-1.4'))).toThrow(expect.objectContaining({ code: 'NOT_XLSX' }));
  });
});

const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));

describe('readWorkbook on the generated template', () => {
  const name = (code: string) => catalogue.field(code)!.name_zh;

  async function filledTemplate(): Promise<{ bytes: Buffer; expected: Record<string, unknown> }> {
    const template = await writeTemplate(catalogue, 'department', { year: 2024 });
    const blank = readWorkbook(template, catalogue);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(INPUT_SHEET)!;
    const expected: Record<string, unknown> = {};
    catalogue.fields.forEach((field, i) => {
      const target = blank.sheet!.cells[field.code];
      if (field.derived || target.raw.kind !== 'empty') return;
      const value =
        field.type === 'boolean' ? '是'
        : field.type === 'text' ? `${name(field.code)}：本年度依法推进，共开展专项工作${i}项，成效明显。`.repeat(3)
        : field.type === 'date' ? '2025-02-28'
        : field.type === 'decimal' ? i + 0.25
        : i;
      sheet.getCell(target.ref.address).value = value;
      expected[field.code] = value;
      if (i % 4 === 0) sheet.getCell(target.ref.address.replace(VALUE, REMARK)).value = `说明${i}：数据来源于本单位台账`;
    });
    return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), expected };
  }

  it('reads every field of a filled template with no structural problem', async () => {
    const { bytes, expected } = await filledTemplate();
    const result = readWorkbook(bytes, catalogue);
    expect(result.problems).toEqual([]);
    expect(result.stamp).toMatchObject({ template: TEMPLATE_MARKER, catalogue_version: catalogue.version, unit_type: 'department', report_year: '2024' });
    expect(Object.keys(result.sheet!.cells).sort()).toEqual(catalogue.fields.map((f) => f.code).sort());
    for (const [code, value] of Object.entries(expected)) {
      const raw = result.sheet!.cells[code].raw;
      expect({ code, value: 'value' in raw ? raw.value : undefined }).toEqual({ code, value });
    }
    const derived = catalogue.fields.find((f) => f.derived)!;
    expect(result.sheet!.cells[derived.code].formula).toBeTruthy();
  });

  // A real writer other than exceljs: LibreOffice re-saves the filled template as .xlsx.
  (soffice ? it : it.skip)('reads the same values after a LibreOffice round trip', async () => {
    const { bytes } = await filledTemplate();
    const dir = mkdtempSync(join(tmpdir(), 'read-lo-'));
    try {
      mkdirSync(join(dir, 'out'));
      writeFileSync(join(dir, 'filled.xlsx'), bytes);
      await promisify(execFile)(
        soffice!,
        ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', join(dir, 'out'), join(dir, 'filled.xlsx')],
        { timeout: 90000 },
      );
      const before = readWorkbook(bytes, catalogue);
      const after = readWorkbook(readFileSync(join(dir, 'out', 'filled.xlsx')), catalogue);
      expect(after.problems).toEqual([]);
      expect(after.stamp).toEqual(before.stamp);
      for (const field of catalogue.fields) {
        const [b, a] = [before.sheet!.cells[field.code], after.sheet!.cells[field.code]];
        // Formula cells differ only by the result LibreOffice computed on load.
        if (b.formula) expect({ code: field.code, formula: a.formula, ref: a.ref }).toEqual({ code: field.code, formula: b.formula, ref: b.ref });
        else expect({ code: field.code, ...a }).toEqual({ code: field.code, ...b });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120000);

  it('measures gate + read time per filled workbook', async () => {
    const { bytes } = await filledTemplate();
    const runs = 300;
    for (let i = 0; i < 30; i++) readWorkbook(bytes, catalogue);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < runs; i++) readWorkbook(bytes, catalogue);
    const perWorkbook = (performance.now() - started) / runs;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuPerWorkbook = (cpu.user + cpu.system) / 1000 / runs;
    // Wall time suffers when other jobs share the machine; CPU time shows the reader's own cost.
    console.log(
      `gate+read: ${perWorkbook.toFixed(2)} ms wall, ${cpuPerWorkbook.toFixed(2)} ms CPU per workbook ` +
        `(${(bytes.length / 1024).toFixed(1)} KB, ${catalogue.fields.length} rows)`,
    );
    expect(perWorkbook).toBeGreaterThan(0);
  });
});

describe('readWorkbook reads what the unit saw in Excel, or refuses', () => {
  const readError = (bytes: Uint8Array): AppError => {
    try {
      read(bytes);
    } catch (e) {
      if (e instanceof AppError) return e;
      throw e;
    }
    throw new Error('expected the reader to refuse the file');
  };
  const sheet = (rows: Row[], sst: SharedStrings) => sheetXml(rows, sst);
  const standard = (input: Parameters<typeof standardRows>[1] = { values }) => standardRows(catalogue, input);

  it('reads the visible 指标填报 when a hidden sheet carries the same name (one trailing space apart)', async () => {
    const sst = new SharedStrings();
    const shown = sheet(standard({ values: { ...values, 'leader.party_meetings': 12 } }), sst);
    const decoy = sheet(standard({ values: { ...values, 'leader.party_meetings': 99 } }), sst);
    const bytes = await buildWorkbook({
      sheets: [
        { name: INPUT_SHEET, state: 'hidden', xml: decoy },
        { name: `${INPUT_SHEET} `, xml: shown },
        { name: META_SHEET, state: 'veryHidden', xml: sheet([], sst) },
      ],
      sharedStrings: sst,
    });
    const result = read(bytes);
    expect(result.sheet!.sheetName).toBe(`${INPUT_SHEET} `);
    expect(cell(result.sheet!.cells, 'leader.party_meetings').raw).toEqual({ kind: 'number', value: 12 });
  });

  it('refuses an input sheet that is only there hidden, or twice visible', async () => {
    const sst = new SharedStrings();
    const xml = sheet(standard(), sst);
    const hidden = read(await buildWorkbook({ sheets: [{ name: '封面', xml: sheet([], sst) }, { name: INPUT_SHEET, state: 'hidden', xml }], sharedStrings: sst }));
    expect(hidden.sheet).toBeNull();
    expect(hidden.problems).toEqual([expect.objectContaining({ rule: 'SHEET_HIDDEN', severity: 'error', message: expect.stringMatching(/工作表“指标填报”是隐藏的.*取消隐藏/) })]);
    const twice = read(await buildWorkbook({ sheets: [{ name: INPUT_SHEET, xml }, { name: ` ${INPUT_SHEET}`, xml }], sharedStrings: sst }));
    expect(twice.problems).toEqual([expect.objectContaining({ rule: 'SHEET_AMBIGUOUS', message: expect.stringContaining('2 个名为“指标填报”的工作表') })]);
  });

  it('refuses the same cell twice in a row, and the same row twice, naming sheet and cell', async () => {
    const at = rowOf('leader.party_meetings');
    const twiceCell = standard().map((r) => (r.r === at ? { ...r, cells: [...r.cells, { col: VALUE, value: 99 }] } : r));
    const e = readError(await standardWorkbook({ rows: twiceCell, stamp: STAMP }));
    expect(e.code).toBe('CELL_AMBIGUOUS');
    expect(e.message).toContain(`工作表“指标填报”的 ${VALUE}${at}：该单元格在文件中出现了两次`);
    const rows = standard();
    const twiceRow = [...rows, { r: at, cells: [{ col: VALUE, value: 99 }] }];
    const sst = new SharedStrings();
      const xml = sheet(twiceRow, sst);
    const r = readError(await buildWorkbook({ sheets: [{ name: INPUT_SHEET, xml }], sharedStrings: sst }));
    expect(r.code).toBe('CELL_AMBIGUOUS');
    expect(r.message).toContain(`第 ${at} 行在文件中出现了两次`);
  });

  it.each([
    ['1.9', '不是整数'],
    ['999', '超出了文本表的范围'],
    ['-1', '不是整数'],
  ])('refuses a shared-string index %s naming sheet and cell (%s)', async (index, why) => {
    const bytes = await standardWorkbook({ rows: standard(), stamp: STAMP });
    const at = `${VALUE}${rowOf('meta.unit_name')}`;
    const parts = openXlsx(bytes);
    const patched = await buildWorkbookFromParts(parts, (name, text) =>
      name === 'xl/worksheets/sheet1.xml' ? text.replace(new RegExp(`(<c r="${at}" t="s"><v>)\\d+(</v>)`), `$1${index}$2`) : text,
    );
    const e = readError(patched);
    expect(e.code).toBe('SHARED_STRING_INVALID');
    expect(e.message).toContain(`工作表“指标填报”的 ${at}：引用的共享文本编号“${index}”${why}`);
  });

  it('a formula in the 备注 column is an error like one in a value cell', async () => {
    const rows = standard().map((r) =>
      r.r === rowOf('reg.ns_issued') ? { ...r, cells: [...r.cells, { col: REMARK, value: { formula: 'HYPERLINK("http://evil.example","详见")', result: '详见' } }] } : r,
    );
    const result = read(await standardWorkbook({ rows, stamp: STAMP }));
    expect(cell(result.sheet!.cells, 'reg.ns_issued').remarkFormula).toEqual({
      ref: { sheet: INPUT_SHEET, address: `${REMARK}${rowOf('reg.ns_issued')}` },
      formula: 'HYPERLINK("http://evil.example","详见")',
    });
  });
});

/** Rebuilds a zip from gate parts with some text replaced. */
function buildWorkbookFromParts(parts: ReturnType<typeof openXlsx>, patch: (name: string, text: string) => string): Promise<Buffer> {
  return zip(parts.names().map((name) => ({ name, data: patch(name, parts.text(name) ?? '') })));
}
