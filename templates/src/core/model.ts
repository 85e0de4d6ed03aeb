// Shared value, cell and problem types: the language spoken by the reader, the add-in,
// the validator and the aggregator. Pure types only.
import type { UnitType } from './catalogue';

/** A normalised value: numbers, 是/否 as boolean, dates as 'YYYY-MM-DD', text as string. */
export type CellValue = number | boolean | string;

/**
 * A cell as a host stores it, before normalisation. The reader (xlsx bytes) and the add-in
 * (Office.js) both produce these; `normalizeCell` turns them into values or problems.
 */
export type RawCell =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'error'; value: string };

/** Where a cell is: sheet name and A1 address. */
export interface CellRef {
  sheet: string;
  address: string;
}

/** One indicator row found in a filled sheet. */
export interface SheetCell {
  ref: CellRef;
  raw: RawCell;
  /** The cell holds a formula (its cached result is in `raw`). */
  formula?: string;
  /** What the unit wrote in the 备注 column of this row, if anything. */
  remark?: string;
  /** The 备注 cell holds a formula: an input cell, refused as a value cell's formula is. */
  remarkFormula?: { ref: CellRef; formula: string };
}

/** Everything the validator needs from one filled indicator sheet, found by indicator code. */
export interface FilledSheet {
  sheetName: string;
  unitType: UnitType;
  /** Indicator code → cell. Rows the sheet lacks are absent. */
  cells: Record<string, SheetCell>;
  /** Workbook uses the 1904 date system (Mac Excel); date serials are shifted accordingly. */
  date1904?: boolean;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding. `rule` is a catalogue rule id (R01…R31) or a built-in check:
 * TYPE (value not of the indicator's type), REQUIRED, FORMULA (formula in an input cell),
 * STRUCTURE (sheet, header or rows missing or duplicated), META (stamp or header mismatch),
 * YOY (swing against last year).
 */
export interface Problem {
  rule: string;
  severity: Severity;
  codes: string[];
  cells: CellRef[];
  /** Full Chinese message: where, what is wrong, what to do. */
  message: string;
}

/** A problem of one file of a batch (one upload): the file it belongs to, by position and by name. */
export interface FileProblem {
  /** Position of the file in the batch as it was given. */
  at: number;
  file: string;
  problem: Problem;
}

export function formatCellRef(ref: CellRef): string {
  return `${ref.sheet}!${ref.address}`;
}
