// Adapter: turns an uploaded registry file (CSV or xlsx) into rows for parseRegistryRows, and
// writes the blank registry workbook that coordinators download and fill.
import { extname } from 'path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { appError, type ErrorFacts } from '../core/error-catalogue';
import { CITY_LEVEL_DISTRICT, REGISTRY_COLUMNS, REGISTRY_TYPE_LABELS } from '../core/registry';
import { TIANJIN_DISTRICTS } from '../samples/registry';

export const REGISTRY_SHEET = '单位名录';
export const REGISTRY_GUIDE_SHEET = '说明';
/** Rows of the blank registry that offer the 单位类型 drop-down (a province has about 20,000 units). */
export const REGISTRY_VALIDATED_ROWS = 20000;

const formatError = (fileName: string, fault: ErrorFacts<'REGISTRY_FORMAT'>['fault'], line?: number) =>
  appError('REGISTRY_FORMAT', { fileName, fault, line }, { file: fileName });

/** Rows of the file's first sheet as text, row i of the result being spreadsheet row i + 1. */
export async function readRegistryFile(bytes: Buffer, fileName: string): Promise<string[][]> {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.csv') return readCsv(bytes, fileName);
  if (ext === '.xlsx') return readXlsx(bytes, fileName);
  if (ext === '.xls' || ext === '.et' || ext === '.wps') {
    throw formatError(fileName, 'old_format');
  }
  throw formatError(fileName, 'not_table');
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GB18030: what Chinese Excel saves as "CSV". */
export function decodeCsvText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function readCsv(bytes: Buffer, fileName: string): string[][] {
  // One line ending throughout: csv-parse guesses the delimiter from the first line only.
  const text = decodeCsvText(bytes).replace(/\r\n?/g, '\n');
  try {
    // Empty lines are kept, so record i stays spreadsheet row i + 1 and error rows match Excel.
    const records = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
    return records;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw formatError(fileName, 'csv_invalid', line);
  }
}

async function readXlsx(bytes: Buffer, fileName: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw formatError(fileName, 'xlsx_unreadable');
  }
  const sheet = workbook.worksheets.find((s) => s.name === REGISTRY_SHEET) ?? workbook.worksheets[0];
  if (!sheet) throw formatError(fileName, 'no_sheet');
  const rows: string[][] = [];
  const width = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const values: string[] = [];
    for (let c = 1; c <= width; c++) values.push(row.getCell(c).text.trim());
    rows.push(values);
  }
  return rows;
}

/** The blank registry workbook: header row, a 单位类型 drop-down on a bounded range, and a 说明 sheet. */
export async function writeBlankRegistryWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '法治政府建设指标填报系统';
  workbook.title = '填报单位名录';
  const sheet = workbook.addWorksheet(REGISTRY_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const widths = [16, 40, 14, 14, 16, 16];
  REGISTRY_COLUMNS.forEach((col, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = widths[i];
    // Codes are text: 0012 must not become 12, 120101000 must not become 1.2E+08.
    if (col.key === 'code' || col.key === 'district_code') column.numFmt = '@';
    const cell = sheet.getCell(1, i + 1);
    cell.value = col.zh;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFBDD7EE' } };
  });
  const last = REGISTRY_VALIDATED_ROWS + 1;
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  validations.add(`C2:C${last}`, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${REGISTRY_TYPE_LABELS.join(',')}"`],
    showInputMessage: true,
    promptTitle: '单位类型',
    prompt: `从下拉列表选择：${REGISTRY_TYPE_LABELS.join('、')}。`,
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '单位类型不对',
    error: `单位类型只能是${REGISTRY_TYPE_LABELS.join('、')}之一，请从下拉列表选择。`,
  });
  validations.add(`F2:F${last}`, {
    type: 'list',
    allowBlank: true,
    formulae: ['"是,否"'],
    showInputMessage: true,
    promptTitle: '有行政执法职能',
    prompt: '是 / 否；留空按“是”。填“否”的单位不填报行政执法指标（模板中该部分锁定）。',
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '有行政执法职能不对',
    error: '只能填写“是”或“否”（留空按“是”）。',
  });

  const guide = workbook.addWorksheet(REGISTRY_GUIDE_SHEET);
  guide.getColumn(1).width = 100;
  const example = TIANJIN_DISTRICTS[0];
  const lines = [
    '填报单位名录说明',
    `1. 在“${REGISTRY_SHEET}”工作表第2行起每行填写一个填报单位，不要改动第1行表头。`,
    '2. 单位代码：每个单位唯一，只能由字母、数字、下划线、短横线组成，最长32位；与下发模板中的单位代码一致。',
    `3. 单位类型：从下拉列表选择${REGISTRY_TYPE_LABELS.join('、')}。每个区只能有一个区人民政府。`,
    `4. 所属区代码、所属区名称：区人民政府和区级部门必须填写，同一区代码只能对应一个区名称（如 ${example.code} ${example.name}）；市级部门两列留空（模板中所属区显示为“${CITY_LEVEL_DISTRICT}”）。`,
    `5. 示例：${example.code}000，天津市${example.name}人民政府，区人民政府，${example.code}，${example.name}；120000001，天津市司法局，市级部门，（空），（空）。`,
    '6. 有行政执法职能：是 / 否，留空按“是”（可以没有这一列）。填“否”的单位（不承担行政执法职责的部门）不填报“行政执法”部分的指标：模板中这些行灰色锁定，填了会被拒收，汇总时也不计入应报单位数。',
    '7. 也可上传 CSV 文件（UTF-8 或 Excel 默认的中文编码均可），列名相同；英文列名 code、name、type、district_code、district_name、has_enforcement 同样可用。',
    '8. 上传时逐行检查，有任何错误则整份名录不生效，并列出出错的行和列，改正后重新上传。',
  ];
  lines.forEach((text, i) => {
    const cell = guide.getCell(i + 1, 1);
    cell.value = text;
    cell.alignment = { wrapText: true, vertical: 'middle' };
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
