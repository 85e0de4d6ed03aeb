// A sheet as Office.js hands it over (2-D values, formulas and value types of the used range) turned
// into the FilledSheet the shared validator reads. Rows are found by indicator code and columns by
// their header text, exactly as the workbook contract says, so inserted rows or moved columns do not
// confuse the check. Pure: no Office.js here, so tests and the fake host use it as they are.
import type { Catalogue, UnitType } from '../../../templates/src/core/catalogue';
import { columnLetter } from '../../../templates/src/core/cell-address';
import { COLUMNS, HEADER_SEARCH_ROWS, type ColumnKey } from '../../../templates/src/core/contract';
import type { CellRef, FilledSheet, Problem, RawCell, SheetCell } from '../../../templates/src/core/model';
import { missingRowProblems, unsafeCellText } from '../../../templates/src/core/sheet-read';

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
  /** Structural problems (rule STRUCTURE, severity error): header, duplicate or missing rows. */
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

const headerOf = (key: ColumnKey) => COLUMNS.find((c) => c.key === key)!.header;

/** Same rule as the upload reader: the header text itself, or followed by a bracketed note. */
function matchesHeader(value: unknown, header: string): boolean {
  if (typeof value !== 'string') return false;
  const t = value.replace(/\s/g, '');
  return t === header || t.startsWith(`${header}（`) || t.startsWith(`${header}(`);
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

export function gridToSheet(grid: Grid, catalogue: Catalogue, unitType: UnitType, sheetName: string): GridRead {
  const problems: Problem[] = [];
  const cells: Record<string, SheetCell> = {};
  const codeCells: Record<string, string> = {};
  const sheet: FilledSheet = { sheetName, unitType, cells };
  const at = (r: number, c: number) => `${columnLetter(grid.left + c)}${grid.top + r}`;

  let headerRow = -1;
  let cols: { code: number; value: number; remark: number } | null = null;
  for (let r = 0; r < grid.values.length && grid.top + r <= HEADER_SEARCH_ROWS; r++) {
    const row = grid.values[r];
    const find = (key: ColumnKey) => row.findIndex((v) => matchesHeader(v, headerOf(key)));
    const code = find('code');
    const value = find('value');
    if (code >= 0 && value >= 0) {
      headerRow = r;
      cols = { code, value, remark: find('remark') };
      break;
    }
  }
  if (!cols) {
    problems.push(structure(`工作表“${sheetName}”前 ${HEADER_SEARCH_ROWS} 行中找不到含“${headerOf('code')}”和“${headerOf('value')}”的表头行：请勿修改或删除表头，如已改动请删除该表后重新插入标准表`));
    return { sheet, problems, codeCells };
  }

  for (let r = headerRow + 1; r < grid.values.length; r++) {
    const code = text(grid.values[r][cols.code]);
    if (code === '') continue;
    const field = catalogue.field(code) ?? catalogue.field(code.toLowerCase());
    if (!field) continue;
    const codeAddress = at(r, cols.code);
    if (codeCells[field.code]) {
      problems.push({
        ...structure(`指标“${field.name_zh}”（${field.code}）在 ${sheetName}!${codeCells[field.code]} 和 ${sheetName}!${codeAddress} 各有一行：每个指标只能有一行，请删除重复的行（以第一行为准）`),
        codes: [field.code],
        cells: [{ sheet: sheetName, address: codeAddress }],
      });
      continue;
    }
    codeCells[field.code] = codeAddress;
    const ref: CellRef = { sheet: sheetName, address: at(r, cols.value) };
    const cell: SheetCell = { ref, raw: toRawCell(grid.values[r][cols.value], grid.valueTypes?.[r]?.[cols.value]) };
    const formula = grid.formulas[r]?.[cols.value];
    if (typeof formula === 'string' && formula.startsWith('=')) cell.formula = formula.slice(1);
    let remarkRaw: RawCell | undefined;
    if (cols.remark >= 0) {
      remarkRaw = toRawCell(grid.values[r][cols.remark], grid.valueTypes?.[r]?.[cols.remark]);
      const remark = text(grid.values[r][cols.remark]);
      if (remark !== '') cell.remark = remark;
    }
    cells[field.code] = cell;
    // Text no Excel user could have typed (control characters, over the cell limit): the reader's rule.
    problems.push(...unsafeCellText(cell, field, { sheet: sheetName, address: at(r, Math.max(cols.remark, 0)) }, remarkRaw));
  }

  problems.push(...missingRowProblems(sheetName, catalogue.fields.filter((f) => !codeCells[f.code])));
  return { sheet, problems, codeCells };
}

function structure(message: string): Problem {
  return { rule: 'STRUCTURE', severity: 'error', codes: [], cells: [], message };
}
