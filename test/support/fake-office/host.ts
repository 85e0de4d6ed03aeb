// The fake Excel application a test drives and inspects: the workbook's sheets and properties, the
// selection, and what a user does by hand (typing, pasting), which obey Excel's rules differently
// from the add-in's own writes.
import { columnLetter } from '../../../templates/src/core/cell-address';
import { boxAddress, parseBox } from './addresses';
import { FakeSheet } from './sheet';
import { validationRefusal } from './validation';

export interface FakeSheetSnapshot {
  name: string;
  visibility: string;
  cells: Record<string, { value: string | number | boolean; formula?: string; numberFormat?: string }>;
}

export interface FakeHostOptions {
  /** Highest ExcelApi minor version the host claims (1.8 by default, the manifest's minimum). */
  excelApi?: number;
  /** Turns the workbook into .xlsx bytes for getFileAsync; without it the host lacks getFileAsync. */
  serialize?: (sheets: FakeSheetSnapshot[]) => Promise<Uint8Array>;
  /** Slice size getFileAsync uses at most (the add-in's own sliceSize is honoured when smaller). */
  maxSliceSize?: number;
}

export class FakeExcelHost {
  readonly sheets: FakeSheet[] = [];
  readonly properties: Record<string, string> = { title: '', category: '', keywords: '', subject: '' };
  selection: { sheet: string; address: string } | null = null;
  activeSheet: string | null = null;
  /** Entry points the add-in went through (Excel.run, getFileAsync with its slice count), for tests to count. */
  readonly calls: string[] = [];

  constructor(readonly options: FakeHostOptions = {}) {
    this.sheets.push(new FakeSheet('Sheet1', this));
    this.activeSheet = 'Sheet1';
  }

  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  /** What a user does by typing: refused on locked cells and by Stop-style data validation. */
  async type(sheetName: string, address: string, value: string | number): Promise<{ ok: boolean; alert?: string }> {
    const sheet = this.sheet(sheetName)!;
    const box = parseBox(address);
    try {
      sheet.assertEditable(box, 'edit');
    } catch (e) {
      return { ok: false, alert: (e as Error).message };
    }
    const cell = sheet.cell(address);
    // Excel turns typed digits into a number unless the cell is formatted as text ('@').
    const typed = typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) && cell.numberFormat !== '@' ? Number(value) : value;
    const refusal = cell.validation ? validationRefusal(cell.validation, typed) : null;
    if (refusal) return { ok: false, alert: refusal };
    cell.value = typed;
    delete cell.formula;
    this.selection = { sheet: sheetName, address };
    await sheet.fire(address);
    return { ok: true };
  }

  /** A paste: data validation does not run, locks still hold. Fires one change for the block. */
  async paste(sheetName: string, topLeft: string, rows: (string | number | boolean)[][]): Promise<void> {
    const sheet = this.sheet(sheetName)!;
    const { r1, c1 } = parseBox(topLeft);
    const box = { r1, c1, r2: r1 + rows.length - 1, c2: c1 + Math.max(...rows.map((r) => r.length)) - 1 };
    sheet.assertEditable(box, 'edit');
    rows.forEach((row, i) =>
      row.forEach((v, j) => {
        const cell = sheet.cell(`${columnLetter(c1 + j)}${r1 + i}`);
        cell.value = v;
        delete cell.formula;
      }),
    );
    await sheet.fire(boxAddress(box));
  }

  /** Non-empty cells with their shown values: what getFileAsync serializes and tests assert on. */
  snapshot(): FakeSheetSnapshot[] {
    return this.sheets.map((s) => ({
      name: s.name,
      visibility: s.visibility,
      cells: Object.fromEntries(
        [...s.cells].filter(([, c]) => c.value !== '' || c.formula).map(([a, c]) => {
          const out: FakeSheetSnapshot['cells'][string] = { value: s.valueOf(a) };
          if (c.formula) out.formula = c.formula.slice(1);
          if (c.numberFormat) out.numberFormat = c.numberFormat;
          return [a, out];
        }),
      ),
    }));
  }
}
