// Fills a generated template the way a person would in Excel: finds each indicator's row by its
// code (never by position) and types into the value cell. Used by tests, samples and the benchmark.
import ExcelJS from 'exceljs';
import { column, HEADER_ROW, INPUT_SHEET } from '../../templates/src/core/contract';
import type { CellValue } from '../../templates/src/core/model';

export type FillValue = CellValue | Date | { formula: string } | null;

export async function fillWorkbook(template: Uint8Array, values: Record<string, FillValue>, remarks: Record<string, string> = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(template) as unknown as ExcelJS.Buffer);
  const sheet = wb.getWorksheet(INPUT_SHEET);
  if (!sheet) throw new Error(`template has no sheet ${INPUT_SHEET}`);
  const codeCol = column('code').letter;
  const valueCol = column('value').letter;
  const remarkCol = column('remark').letter;
  const rowOf = new Map<string, number>();
  sheet.eachRow((row, n) => {
    if (n <= HEADER_ROW) return;
    const code = row.getCell(codeCol).text.trim();
    if (code) rowOf.set(code, n);
  });
  for (const [code, value] of Object.entries(values)) {
    const n = rowOf.get(code);
    if (n === undefined) throw new Error(`template has no row for ${code}`);
    const cell = sheet.getCell(`${valueCol}${n}`);
    if (value === null) cell.value = null;
    else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) cell.value = new Date(`${value}T00:00:00Z`);
    else cell.value = value as ExcelJS.CellValue;
  }
  for (const [code, remark] of Object.entries(remarks)) {
    const n = rowOf.get(code);
    if (n !== undefined) sheet.getCell(`${remarkCol}${n}`).value = remark;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
