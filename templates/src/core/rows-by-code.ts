// The one rows-by-code step: a filled input sheet, row by row, turned into the indicator cells by
// code with their addresses, and the structural problems every reader reports in the same words
// (header not found, code-like texts the catalogue does not know, duplicate rows, missing rows,
// text no Excel cell can hold). The bytes reader, the add-in's grid and the values-only submission
// all go through here, so the pane can never judge a sheet's rows differently from the upload.
import type { Catalogue } from './catalogue';
import { columnLetter } from './cell-address';
import { COLUMNS, HEADER_SEARCH_ROWS, type ColumnKey } from './contract';
import type { CellRef, Problem, RawCell, SheetCell } from './model';
import { CODE_LIKE, missingRowProblems, structure, unknownCodeProblems, unsafeCellText } from './sheet-read';

/** One cell of a sheet row as a host hands it over: its 1-based column and content. */
export interface RowCell {
  col: number;
  raw: RawCell;
  /** The cell holds a formula (without the leading '='); its cached result is `raw`. */
  formula?: string;
}

/** Columns (1-based) of the header texts 指标代码, 填报值 and, if present, 备注. */
export interface HeaderColumns {
  code: number;
  value: number;
  remark?: number;
}

/** One indicator row: the code cell's text, the value cell and the remark cell, each where it is. */
export interface CodeRow {
  code: { ref: CellRef; text: string };
  value: { ref: CellRef; raw: RawCell; formula?: string };
  /** Absent when the sheet has no 备注 column (or the host does not say where the remark sits). */
  remark?: { ref: CellRef; raw: RawCell; formula?: string };
}

export interface RowsRead {
  /** The sheet's indicator rows by code (the first row of a code counts). */
  cells: Record<string, SheetCell>;
  /** Where each indicator's code cell is, for "go to row" links. */
  codeCells: Record<string, CellRef>;
  /** Structural problems (rule STRUCTURE) and unsafe text (rule TYPE); all errors. */
  problems: Problem[];
}

/** What the user is told to do when the header row is gone: it depends on where the sheet came from. */
export const HEADER_REMEDY = {
  /** An uploaded or checked workbook file. */
  workbook: '如已改动请重新下载模板填报',
  /** The sheet open in Excel, seen by the add-in. */
  addin: '如已改动请删除该表后重新插入标准表',
} as const;

const EMPTY: RawCell = { kind: 'empty' };

const headerText = (key: ColumnKey): string => COLUMNS.find((c) => c.key === key)!.header;
const CODE_HEADER = headerText('code');
const VALUE_HEADER = headerText('value');
const REMARK_HEADER = headerText('remark');

/** The header text itself, or followed by a bracketed note, whitespace ignored. */
function matchesHeader(text: string, header: string): boolean {
  const t = text.replace(/\s/g, '');
  return t === header || t.startsWith(header + '（') || t.startsWith(header + '(');
}

/** A cell's text as shown: what a code or a remark is compared and stored as. */
export function cellText(raw: RawCell | undefined): string {
  if (!raw || raw.kind === 'empty') return '';
  return String(raw.value).trim();
}

/** The columns of a header row, or null when `cells` are not the header row. */
export function findHeaderColumns(cells: readonly RowCell[]): HeaderColumns | null {
  let code: number | undefined;
  let value: number | undefined;
  let remark: number | undefined;
  for (const c of cells) {
    if (c.raw.kind !== 'string') continue;
    if (code === undefined && matchesHeader(c.raw.value, CODE_HEADER)) code = c.col;
    else if (value === undefined && matchesHeader(c.raw.value, VALUE_HEADER)) value = c.col;
    else if (remark === undefined && matchesHeader(c.raw.value, REMARK_HEADER)) remark = c.col;
  }
  if (code === undefined || value === undefined) return null;
  return remark === undefined ? { code, value } : { code, value, remark };
}

export function headerMissingProblem(sheetName: string, remedy: string): Problem {
  return structure(
    `工作表“${sheetName}”前 ${HEADER_SEARCH_ROWS} 行中找不到含“${CODE_HEADER}”和“${VALUE_HEADER}”的表头行：请勿修改或删除表头，${remedy}`,
  );
}

/**
 * Indicator rows, one `add` per row in sheet order, then `finish`: cells by code, the rows the
 * catalogue lacks (a code-like text it does not know), the second row of a code, the codes no row has.
 */
export function rowsByCode(sheetName: string, catalogue: Catalogue): { add(row: CodeRow): void; finish(): RowsRead } {
  const cells: Record<string, SheetCell> = {};
  const codeCells: Record<string, CellRef> = {};
  const problems: Problem[] = [];
  const unknown: { code: string; ref: CellRef }[] = [];
  return {
    add(row) {
      const text = row.code.text;
      if (text === '') return;
      const field = catalogue.field(text) ?? catalogue.field(text.toLowerCase());
      if (!field) {
        if (CODE_LIKE.test(text)) unknown.push({ code: text, ref: row.code.ref });
        return;
      }
      const first = codeCells[field.code];
      if (first) {
        problems.push({
          ...structure(
            `指标“${field.name_zh}”（${field.code}）在 ${sheetName}!${first.address} 和 ${sheetName}!${row.code.ref.address} 各有一行：每个指标只能有一行，请删除重复的行（以第一行为准）`,
          ),
          codes: [field.code],
          cells: [first, row.code.ref],
        });
        return;
      }
      codeCells[field.code] = row.code.ref;
      const cell: SheetCell = { ref: row.value.ref, raw: row.value.raw };
      if (row.value.formula !== undefined) cell.formula = row.value.formula;
      const remark = cellText(row.remark?.raw);
      if (remark !== '') cell.remark = remark;
      // The 备注 cell is an input cell too: the validator refuses its formula as a value cell's.
      if (row.remark?.formula !== undefined) cell.remarkFormula = { ref: row.remark.ref, formula: row.remark.formula };
      cells[field.code] = cell;
      problems.push(...unsafeCellText(cell, field, row.remark?.ref ?? row.value.ref, row.remark?.raw));
    },
    finish() {
      problems.push(...unknownCodeProblems(sheetName, unknown, catalogue));
      problems.push(...missingRowProblems(sheetName, catalogue.fields.filter((f) => !codeCells[f.code])));
      return { cells, codeCells, problems };
    },
  };
}

/**
 * A whole input sheet, one `row` per sheet row in ascending order (sparse: blank cells may be left
 * out): the header row is searched in the first HEADER_SEARCH_ROWS rows, then every row below it
 * goes through rowsByCode. Without a header row the sheet yields no cells and one problem.
 */
export function sheetRows(
  sheetName: string,
  catalogue: Catalogue,
  remedy: string,
): { row(rowNumber: number, cells: readonly RowCell[]): void; finish(): RowsRead } {
  let columns: HeaderColumns | null = null;
  let letters: { code: string; value: string; remark?: string } | null = null;
  const rows = rowsByCode(sheetName, catalogue);
  return {
    row(rowNumber, rowCells) {
      if (!columns || !letters) {
        if (rowNumber <= HEADER_SEARCH_ROWS) columns = findHeaderColumns(rowCells);
        if (columns) letters = { code: columnLetter(columns.code), value: columnLetter(columns.value), remark: columns.remark === undefined ? undefined : columnLetter(columns.remark) };
        return;
      }
      let codeCell: RowCell | undefined;
      let valueCell: RowCell | undefined;
      let remarkCell: RowCell | undefined;
      for (const c of rowCells) {
        if (c.col === columns.code) codeCell = c;
        else if (c.col === columns.value) valueCell = c;
        else if (c.col === columns.remark) remarkCell = c;
      }
      const text = cellText(codeCell?.raw);
      if (text === '') return;
      const at = (letter: string): CellRef => ({ sheet: sheetName, address: `${letter}${rowNumber}` });
      rows.add({
        code: { ref: at(letters.code), text },
        value: { ref: at(letters.value), raw: valueCell?.raw ?? EMPTY, formula: valueCell?.formula },
        remark: letters.remark ? { ref: at(letters.remark), raw: remarkCell?.raw ?? EMPTY, formula: remarkCell?.formula } : undefined,
      });
    },
    finish() {
      if (!columns) return { cells: {}, codeCells: {}, problems: [headerMissingProblem(sheetName, remedy)] };
      return rows.finish();
    },
  };
}
