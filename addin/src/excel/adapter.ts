// The Excel adapter: the ONLY code that calls Office.js. It renders the shared sheet plan (layout.ts),
// reads the input sheet back as a grid, moves the selection, paints highlights and hands over the
// workbook file. Every decision (layout, messages, rules) lives in templates/src or addin/src/core.
import { GUIDE_SHEET, INPUT_SHEET, META_SHEET, STAMP_KEYS, TEMPLATE_MARKER, stampToKeywords, type Stamp, type StampKey } from '../../../templates/src/core/contract';
import { GUIDE_COLUMN_WIDTH, guideFontSize, type GuideLine } from '../../../templates/src/core/guide';
import type { CellPlan, CellStyle, SheetPlan, ValidationSpec } from '../../../templates/src/core/layout';
import type { Grid } from '../core/grid';

export interface StandardSheet {
  plan: SheetPlan;
  guide: GuideLine[];
  stamp: Stamp;
}

export interface InputSheetRead {
  sheetName: string;
  grid: Grid;
  stamp: Stamp;
}

const HORIZONTAL = { left: 'Left', center: 'Center', right: 'Right' } as const;
const VERTICAL = { top: 'Top', middle: 'Center' } as const;
const OPERATOR = { between: 'Between', greaterThanOrEqual: 'GreaterThanOrEqualTo', lessThanOrEqual: 'LessThanOrEqualTo' } as const;
const BORDER_COLOR = '#BFBFBF';
const EDGES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'] as const;
const INSIDE = ['InsideHorizontal', 'InsideVertical'] as const;
/** A column's width in characters (as the plan and exceljs give it) in points, as Office.js takes it. */
export const widthInPoints = (chars: number) => Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
const hex = (rgb: string) => `#${rgb}`;

/** Where the page runs: without office.js (a plain browser), in another Office host, or in Excel. */
export async function officeHost(): Promise<'none' | 'other' | 'excel'> {
  if (typeof Office === 'undefined') return 'none';
  const info = await Office.onReady();
  return info.host === Office.HostType.Excel ? 'excel' : 'other';
}

/** The event a ribbon command receives; it must be completed, or Excel shows the button as busy. */
export type CommandEvent = Office.AddinCommands.Event;

/** Registers a ribbon command under the manifest's FunctionName once Office is ready. */
export function registerCommand(name: string, handler: (event: CommandEvent) => Promise<void>): void {
  void Office.onReady(() => Office.actions.associate(name, handler));
}

/** Whether the workbook already has the input sheet. */
export async function hasInputSheet(): Promise<boolean> {
  return Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(INPUT_SHEET);
    await context.sync();
    return !sheet.isNullObject;
  });
}

/**
 * Adds the input sheet, the guide and the very hidden stamp, as the template generator writes them.
 * With `replace`, an existing input sheet is renamed away first and deleted once the new one stands.
 */
export async function insertStandardSheet(parts: StandardSheet, options: { replace?: boolean } = {}): Promise<void> {
  await Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    const existing = sheets.getItemOrNullObject(parts.plan.sheetName);
    const guide = sheets.getItemOrNullObject(GUIDE_SHEET);
    await context.sync();
    if (!existing.isNullObject) {
      if (!options.replace) throw new Error(`本工作簿已有“${parts.plan.sheetName}”工作表：如需重新插入，请确认替换（原表内容将被删除）。`);
      existing.name = `${parts.plan.sheetName}_旧`;
    }
    if (!guide.isNullObject) guide.delete();

    const sheet = sheets.add(parts.plan.sheetName);
    renderPlan(sheet, parts.plan);
    const guideSheet = sheets.add(GUIDE_SHEET);
    renderGuide(guideSheet, parts.guide);
    await writeStampTo(context, parts.stamp);
    const props = context.workbook.properties;
    props.title = parts.plan.title;
    props.category = TEMPLATE_MARKER;
    props.keywords = stampToKeywords(parts.stamp);
    if (!existing.isNullObject) existing.delete();
    sheet.activate();
    const first = parts.plan.rows.find((r) => r.type === 'indicator' && r.value.kind === 'input');
    if (first?.type === 'indicator') sheet.getRange(first.value.address).select();
    await context.sync();
  });
}

function renderPlan(sheet: Excel.Worksheet, plan: SheetPlan): void {
  for (const c of plan.columns) {
    const col = sheet.getRange(`${c.letter}:${c.letter}`);
    col.format.columnWidth = widthInPoints(c.width);
    if (c.hidden) col.columnHidden = true;
  }
  const lastRow = plan.rows[plan.rows.length - 1].row;
  const firstCol = plan.columns[0].letter;
  const lastCol = plan.columns[plan.columns.length - 1].letter;
  const colIndex = new Map(plan.columns.map((c, i) => [c.letter, i]));

  // Number formats before contents, so '@' cells keep typed text (codes like 012) as text.
  const formats: string[][] = [];
  const formulas: (string | number)[][] = [];
  for (let r = 1; r <= lastRow; r++) {
    formats.push(plan.columns.map(() => 'General'));
    formulas.push(plan.columns.map(() => ''));
  }
  for (const row of plan.rows) {
    for (const cell of row.cells) {
      const c = colIndex.get(cell.col)!;
      if (cell.style.numberFormat) formats[row.row - 1][c] = cell.style.numberFormat;
      if (cell.formula !== undefined) formulas[row.row - 1][c] = `=${cell.formula}`;
      // A text that Excel would parse as a formula or a number sign is kept as text by the quote prefix.
      else if (cell.value !== undefined) formulas[row.row - 1][c] = typeof cell.value === 'string' && /^[=+\-@]/.test(cell.value) ? `'${cell.value}` : cell.value;
    }
  }
  const all = sheet.getRange(`${firstCol}1:${lastCol}${lastRow}`);
  all.numberFormat = formats;
  all.formulas = formulas;

  // Borders: one operation for the whole table when every cell in it is bordered (thousands fewer
  // operations in the batch than edge by edge, cell by cell).
  const bordered = plan.rows.flatMap((r) => r.cells).filter((c) => c.style.border);
  const rowsWithBorder = plan.rows.filter((r) => r.cells.some((c) => c.style.border));
  const tableBox = rowsWithBorder.length > 0 && bordered.length === rowsWithBorder.length * plan.columns.length
    ? `${firstCol}${rowsWithBorder[0].row}:${lastCol}${rowsWithBorder[rowsWithBorder.length - 1].row}`
    : null;
  if (tableBox && rowsWithBorder.every((r, i) => r.row === rowsWithBorder[0].row + i)) drawBorders(sheet.getRange(tableBox), [...EDGES, ...INSIDE]);

  for (const row of plan.rows) {
    if (row.height !== undefined) sheet.getRange(`${row.row}:${row.row}`).format.rowHeight = row.height;
    for (const cell of row.cells) renderCell(sheet, cell, tableBox === null);
  }
  for (const merge of plan.merges) sheet.getRange(merge).merge(false);
  sheet.freezePanes.freezeRows(plan.freeze.rows);
  if (Office.context.requirements.isSetSupported('ExcelApi', '1.9')) {
    sheet.pageLayout.orientation = Excel.PageOrientation.landscape;
    sheet.pageLayout.paperSize = Excel.PaperType.a4;
    sheet.pageLayout.zoom = { horizontalFitToPages: plan.print.fitToWidth, verticalFitToPages: plan.print.fitToHeight };
    sheet.pageLayout.centerHorizontally = true;
    sheet.pageLayout.setPrintTitleRows(`$${plan.print.titleRows.replace(':', ':$')}`);
    // A break is added above the given cell's row; the plan names the row each page ends with.
    for (const row of plan.print.rowBreaks) sheet.horizontalPageBreaks.add(`A${row + 1}`);
  }
  sheet.protection.protect(protectionOptions(plan));
}

export function protectionOptions(plan: SheetPlan): Excel.WorksheetProtectionOptions {
  return {
    allowFormatColumns: plan.protection.formatColumns,
    allowFormatRows: plan.protection.formatRows,
    selectionMode: plan.protection.selectLockedCells ? Excel.ProtectionSelectionMode.normal : Excel.ProtectionSelectionMode.unlocked,
  };
}

function renderCell(sheet: Excel.Worksheet, cell: CellPlan, withBorder: boolean): void {
  const range = sheet.getRange(cell.address);
  applyStyle(range, withBorder ? cell.style : { ...cell.style, border: false });
  if (!cell.locked) range.format.protection.locked = false;
  if (cell.validation) applyValidation(range, cell.validation);
}

function applyStyle(range: Excel.Range, style: CellStyle): void {
  const format = range.format;
  if (style.bold) format.font.bold = true;
  if (style.fontSize) format.font.size = style.fontSize;
  if (style.fontColor) format.font.color = hex(style.fontColor);
  if (style.fill) format.fill.color = hex(style.fill);
  if (style.wrap) format.wrapText = true;
  if (style.horizontal) format.horizontalAlignment = HORIZONTAL[style.horizontal];
  if (style.vertical) format.verticalAlignment = VERTICAL[style.vertical];
  if (style.border) drawBorders(range, EDGES);
}

type Edge = (typeof EDGES)[number] | (typeof INSIDE)[number];

function drawBorders(range: Excel.Range, edges: readonly Edge[]): void {
  for (const edge of edges) {
    const border = range.format.borders.getItem(edge);
    border.style = 'Continuous';
    border.color = BORDER_COLOR;
  }
}

/** The plan's validation in Office.js terms (ExcelApi 1.8). */
export function toOfficeRule(v: ValidationSpec): Excel.DataValidationRule {
  const operator = OPERATOR[v.operator ?? 'between'];
  const [formula1, formula2] = v.formulae;
  const basic = { formula1, formula2, operator } as Excel.BasicDataValidation;
  switch (v.type) {
    case 'whole':
      return { wholeNumber: basic };
    case 'decimal':
      return { decimal: basic };
    case 'textLength':
      return { textLength: basic };
    case 'date':
      return { date: { formula1: String(formula1), formula2: formula2 === undefined ? undefined : String(formula2), operator } };
    case 'list':
      return { list: { inCellDropDown: true, source: (v.listItems ?? []).join(',') } };
  }
}

function applyValidation(range: Excel.Range, v: ValidationSpec): void {
  const dv = range.dataValidation;
  dv.clear();
  dv.rule = toOfficeRule(v);
  dv.ignoreBlanks = v.allowBlank;
  dv.prompt = { showPrompt: true, title: v.promptTitle, message: v.prompt };
  dv.errorAlert = { showAlert: true, style: Excel.DataValidationAlertStyle.stop, title: v.errorTitle, message: v.error };
}

function renderGuide(sheet: Excel.Worksheet, lines: GuideLine[]): void {
  sheet.getRange('A:A').format.columnWidth = widthInPoints(GUIDE_COLUMN_WIDTH);
  if (lines.length === 0) return;
  const range = sheet.getRange(`A1:A${lines.length}`);
  range.numberFormat = lines.map(() => ['@']);
  range.values = lines.map((l) => [l.text]);
  range.format.wrapText = true;
  range.format.verticalAlignment = 'Center';
  lines.forEach((line, i) => {
    const row = sheet.getRange(`A${i + 1}`);
    row.format.rowHeight = line.height;
    if (line.kind === 'item') return;
    row.format.font.bold = true;
    row.format.font.size = guideFontSize(line.kind);
  });
}

async function writeStampTo(context: Excel.RequestContext, stamp: Stamp): Promise<void> {
  const rows = STAMP_KEYS.filter((k) => stamp[k] !== undefined && stamp[k] !== '').map((k) => [k, String(stamp[k])]);
  const existing = context.workbook.worksheets.getItemOrNullObject(META_SHEET);
  await context.sync();
  // A stale stamp would keep keys the new stamp no longer has, so the sheet is emptied first.
  if (!existing.isNullObject) existing.getRange().clear();
  const sheet = existing.isNullObject ? context.workbook.worksheets.add(META_SHEET) : existing;
  const range = sheet.getRange(`A1:B${rows.length}`);
  range.numberFormat = rows.map(() => ['@', '@']);
  range.values = rows;
  sheet.visibility = Excel.SheetVisibility.veryHidden;
}

/** Rewrites the stamp (after the unit was picked from the registry). */
export async function writeStamp(stamp: Stamp): Promise<void> {
  await Excel.run(async (context) => {
    await writeStampTo(context, stamp);
    context.workbook.properties.keywords = stampToKeywords(stamp);
    await context.sync();
  });
}

/** The input sheet's used range and the stamp; null when the workbook has no input sheet. */
export async function readInputSheet(): Promise<InputSheetRead | null> {
  return Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(INPUT_SHEET);
    const meta = context.workbook.worksheets.getItemOrNullObject(META_SHEET);
    await context.sync();
    if (sheet.isNullObject) return null;
    const used = sheet.getUsedRange(false);
    used.load(['values', 'formulas', 'valueTypes', 'rowIndex', 'columnIndex']);
    const metaRange = meta.isNullObject ? null : meta.getUsedRangeOrNullObject(true);
    metaRange?.load('values');
    await context.sync();
    const grid: Grid = { top: used.rowIndex + 1, left: used.columnIndex + 1, values: used.values, formulas: used.formulas, valueTypes: used.valueTypes };
    return { sheetName: INPUT_SHEET, grid, stamp: metaRange && !metaRange.isNullObject ? stampFromRows(metaRange.values) : {} };
  });
}

export function stampFromRows(rows: unknown[][]): Stamp {
  const stamp: Stamp = {};
  for (const [key, value] of rows) {
    const k = String(key ?? '').trim() as StampKey;
    if ((STAMP_KEYS as readonly string[]).includes(k)) stamp[k] = String(value ?? '').trim();
  }
  return stamp;
}

/** Activates the sheet and selects the cell (the pane's "go to" on a problem). */
export async function selectCell(sheetName: string, address: string): Promise<void> {
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    sheet.activate();
    sheet.getRange(address).select();
    await context.sync();
  });
}

export interface CellFill {
  address: string;
  /** RRGGBB, or null to clear the fill. */
  fill: string | null;
}

/**
 * Paints cell fills on a protected sheet: Excel refuses format changes while the sheet is protected,
 * so it is unprotected for the batch and protected again with the same options.
 */
export async function paintCells(sheetName: string, fills: CellFill[], protection: Excel.WorksheetProtectionOptions): Promise<void> {
  if (fills.length === 0) return;
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    sheet.protection.load('protected');
    await context.sync();
    const wasProtected = sheet.protection.protected;
    if (wasProtected) sheet.protection.unprotect();
    for (const { address, fill } of fills) {
      const format = sheet.getRange(address).format.fill;
      if (fill) format.color = hex(fill);
      else format.clear();
    }
    if (wasProtected) sheet.protection.protect(protection);
    await context.sync();
  });
}

/** Calls `handler` after every change of the input sheet's data (typing, pasting, clearing). */
export async function watchInputSheet(handler: (address: string) => void): Promise<void> {
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(INPUT_SHEET);
    sheet.onChanged.add(async (event) => {
      handler(event.address);
    });
    await context.sync();
  });
}

/** Whether the host can hand over the workbook file (getFileAsync); Excel on some hosts cannot. */
export function canExportFile(): boolean {
  const doc = Office.context?.document;
  if (!doc || typeof doc.getFileAsync !== 'function') return false;
  const req = Office.context.requirements;
  return !req || typeof req.isSetSupported !== 'function' || req.isSetSupported('File', '1.1');
}

const SLICE_SIZE = 4 * 1024 * 1024;

/** The workbook as .xlsx bytes (getFileAsync, compressed, in slices). */
export function workbookBytes(sliceSize = SLICE_SIZE): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    Office.context.document.getFileAsync(Office.FileType.Compressed, { sliceSize }, (result) => {
      if (result.status !== Office.AsyncResultStatus.Succeeded) {
        reject(new Error(`Excel 无法提供工作簿文件：${result.error?.message ?? '未知原因'}。请保存工作簿后重试。`));
        return;
      }
      const file = result.value;
      const chunks: Uint8Array[] = [];
      const finish = (error?: Error) => {
        file.closeAsync(() => (error ? reject(error) : resolve(concat(chunks))));
      };
      const next = (index: number) => {
        if (index >= file.sliceCount) return finish();
        file.getSliceAsync(index, (slice) => {
          if (slice.status !== Office.AsyncResultStatus.Succeeded) {
            return finish(new Error(`读取工作簿第 ${index + 1} 段失败：${slice.error?.message ?? '未知原因'}。请重试。`));
          }
          chunks.push(Uint8Array.from(slice.value.data as ArrayLike<number>));
          next(index + 1);
        });
      };
      next(0);
    });
  });
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
