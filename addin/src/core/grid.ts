// A sheet as Office.js hands it over (2-D values, formulas and value types of the used range) turned
// into the FilledSheet the shared validator reads, by the core's rows-by-code step (the upload
// reader's own), so inserted rows or moved columns do not confuse the check and the pane reports
// what the upload would. Pure: no Office.js here, so tests and the fake host use it as they are.
import type { Catalogue, UnitType } from '../../../templates/src/core/catalogue';
import type { FilledSheet, Problem, RawCell } from '../../../templates/src/core/model';
import { HEADER_REMEDY, sheetRows, type RowCell } from '../../../templates/src/core/rows-by-code';

/** Office.js cell value types (Excel.RangeValueType) as strings. */
export type HostValueType = 'Unknown' | 'Empty' | 'String' | 'Integer' | 'Double' | 'Boolean' | 'Error' | 'RichValue';

/** A rectangle of a worksheet: `top`/`left` are the 1-based row and column of `values[0][0]`. */
export interface Grid {
  top: number;
  left: number;
  values: unknown[][];
  formulas: unknown[][];
  /** From Range.valueTypes; without it a text such as '#N/A' cannot be told from an error. */
  valueTypes?: string[][];
}

export interface GridRead {
  sheet: FilledSheet;
  /** Structural problems (rule STRUCTURE, severity error): header, unknown codes, duplicate or missing rows. */
  problems: Problem[];
  /** Address of each indicator's code cell, for the pane's "go to row" links. */
  codeCells: Record<string, string>;
}

const EXCEL_ERRORS = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/;

/** One host cell as the validator's RawCell. */
export function toRawCell(value: unknown, valueType?: string): RawCell {
  if (value === null || value === undefined || valueType === 'Empty') return { kind: 'empty' };
  if (valueType === 'Error' || (valueType === undefined && typeof value === 'string' && EXCEL_ERRORS.test(value))) {
    return { kind: 'error', value: String(value) };
  }
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'error', value: '#NUM!' };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  const text = String(value);
  return text === '' ? { kind: 'empty' } : { kind: 'string', value: text };
}

/**
 * The grid as the reader sees a sheet: row by row through the core's rows-by-code step, so header,
 * codes, unknown code-like texts, duplicates and missing rows are judged exactly as on upload.
 */
export function gridToSheet(grid: Grid, catalogue: Catalogue, unitType: UnitType, sheetName: string): GridRead {
  const rows = sheetRows(sheetName, catalogue, HEADER_REMEDY.addin);
  for (let r = 0; r < grid.values.length; r++) rows.row(grid.top + r, rowCells(grid, r));
  const read = rows.finish();
  const codeCells = Object.fromEntries(Object.entries(read.codeCells).map(([code, ref]) => [code, ref.address]));
  return { sheet: { sheetName, unitType, cells: read.cells }, problems: read.problems, codeCells };
}

/** One grid row as the cells a sheet part holds: non-blank cells at their sheet columns. */
function rowCells(grid: Grid, r: number): RowCell[] {
  const values = grid.values[r];
  const cells: RowCell[] = [];
  for (let c = 0; c < values.length; c++) {
    const raw = toRawCell(values[c], grid.valueTypes?.[r]?.[c]);
    const formula = grid.formulas[r]?.[c];
    const hasFormula = typeof formula === 'string' && formula.startsWith('=');
    if (raw.kind === 'empty' && !hasFormula) continue;
    cells.push(hasFormula ? { col: grid.left + c, raw, formula: formula.slice(1) } : { col: grid.left + c, raw });
  }
  return cells;
}
