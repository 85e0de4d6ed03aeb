// Opens CSV exports the way a coordinator does: LibreOffice Calc imports each file (UTF-8, comma,
// double quote — the dialog's defaults for our files) and saves it as .xlsx, which exceljs reads
// back. What a test sees is what Calc made of the bytes: how many rows, what each cell holds, and
// whether Calc turned a cell into a formula.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';

export const SOFFICE = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));

/** One cell as Calc holds it: its text, and the formula when Calc evaluated the field as one. */
export interface CalcCell {
  text: string;
  formula?: string;
}

/**
 * CSV import filter options: separator 44 (,), text delimiter 34 ("), character set 76 (UTF-8),
 * first line 1, default column formats, language default, "quoted field as text" off, "detect
 * special numbers" on — Calc's defaults, so formulas in unquoted fields are evaluated as a user's
 * Calc would.
 */
const CSV_FILTER = 'CSV:44,34,76,1,,0,false,true,false,false,false,-1';

/** Each CSV (name → text) as the rows of cells Calc imported, by name. One soffice run for all. */
export async function openCsvInCalc(files: Record<string, string>): Promise<Record<string, CalcCell[][]>> {
  if (!SOFFICE) throw new Error('LibreOffice (soffice) is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'csv-calc-'));
  try {
    const inputs = Object.entries(files).map(([name, text]) => {
      const path = join(dir, `${name}.csv`);
      writeFileSync(path, text, 'utf8');
      return path;
    });
    mkdirSync(join(dir, 'out'));
    await promisify(execFile)(
      SOFFICE,
      ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, `--infilter=${CSV_FILTER}`, '--convert-to', 'xlsx', '--outdir', join(dir, 'out'), ...inputs],
      { timeout: 120_000 },
    );
    const out: Record<string, CalcCell[][]> = {};
    for (const name of Object.keys(files)) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, 'out', `${name}.xlsx`));
      const sheet = wb.worksheets[0];
      const rows: CalcCell[][] = [];
      for (let r = 1; r <= sheet.rowCount; r++) {
        const row = sheet.getRow(r);
        const cells: CalcCell[] = [];
        for (let c = 1; c <= row.cellCount; c++) cells.push(calcCell(row.getCell(c).value));
        rows.push(cells);
      }
      out[name] = rows;
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function calcCell(value: ExcelJS.CellValue): CalcCell {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'object' && 'formula' in value) return { text: String(value.result ?? ''), formula: value.formula };
  if (typeof value === 'object' && 'richText' in value) return { text: value.richText.map((run) => run.text).join('') };
  if (value instanceof Date) return { text: value.toISOString() };
  return { text: String(value) };
}
