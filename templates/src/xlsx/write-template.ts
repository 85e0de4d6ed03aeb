// exceljs adapter: renders the input sheet plan, the guide and the hidden stamp into an xlsx file.
// All decisions live in layout.ts / guide.ts; this file only translates them to exceljs calls.
import ExcelJS from 'exceljs';
import type { Catalogue, UnitType } from '../core/catalogue';
import { GUIDE_SHEET, META_SHEET, STAMP_KEYS, TEMPLATE_MARKER, stampToKeywords, type Stamp } from '../core/contract';
import { GUIDE_COLUMN_WIDTH, GUIDE_MARGIN_INCH, guideFontSize, guideLines } from '../core/guide';
import { planInputSheet, planStamp, type CellPlan, type CellStyle, type SheetPlan, type ValidationSpec } from '../core/layout';
import type { RegistryUnit } from '../core/registry';

export interface TemplateOptions {
  year: number;
  prefill?: RegistryUnit;
  /** Generation time for the stamp; defaults to now. */
  now?: Date;
}

export const TEMPLATE_SUBJECT = '法治政府建设年度指标';
const A4 = 9;
const BORDER_COLOR = 'FFBFBFBF';

export async function writeTemplate(catalogue: Catalogue, unitType: UnitType, options: TemplateOptions): Promise<Buffer> {
  const workbook = buildTemplateWorkbook(catalogue, unitType, options);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function buildTemplateWorkbook(catalogue: Catalogue, unitType: UnitType, options: TemplateOptions): ExcelJS.Workbook {
  const plan = planInputSheet(catalogue, unitType, options);
  const stamp = planStamp(catalogue, unitType, options.year, options.prefill, options.now);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '法治政府建设指标填报系统';
  workbook.created = options.now ?? new Date();
  workbook.title = plan.title;
  workbook.subject = TEMPLATE_SUBJECT;
  workbook.category = TEMPLATE_MARKER;
  workbook.keywords = stampToKeywords(stamp);
  // Derived cells carry no cached result; Excel must compute them when the file opens.
  workbook.calcProperties.fullCalcOnLoad = true;

  renderSheetPlan(workbook, plan);
  renderGuide(workbook, catalogue, unitType, options.year);
  renderStamp(workbook, stamp);
  return workbook;
}

export function renderSheetPlan(workbook: ExcelJS.Workbook, plan: SheetPlan): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(plan.sheetName, {
    views: [{ state: 'frozen', xSplit: plan.freeze.columns, ySplit: plan.freeze.rows, topLeftCell: `A${plan.freeze.rows + 1}` }],
    pageSetup: {
      paperSize: A4,
      orientation: plan.print.orientation,
      fitToPage: true,
      fitToWidth: plan.print.fitToWidth,
      fitToHeight: plan.print.fitToHeight,
      printTitlesRow: plan.print.titleRows,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  for (const c of plan.columns) {
    sheet.getColumn(c.letter).width = c.width;
    if (c.hidden) sheet.getColumn(c.letter).hidden = true;
  }
  for (const row of plan.print.rowBreaks) sheet.getRow(row).addPageBreak();
  for (const row of plan.rows) {
    if (row.height !== undefined) sheet.getRow(row.row).height = row.height;
    for (const cell of row.cells) renderCell(sheet.getCell(cell.address), cell);
  }
  for (const range of plan.merges) sheet.mergeCells(range);
  // protect() only records options synchronously (its promise is a formality when no password is hashed).
  void sheet.protect(plan.protection.password, {
    selectLockedCells: plan.protection.selectLockedCells,
    selectUnlockedCells: plan.protection.selectUnlockedCells,
    formatColumns: plan.protection.formatColumns,
    formatRows: plan.protection.formatRows,
  });
  return sheet;
}

function renderCell(cell: ExcelJS.Cell, plan: CellPlan): void {
  if (plan.formula !== undefined) cell.value = { formula: plan.formula };
  else if (plan.value !== undefined) cell.value = plan.value;
  applyStyle(cell, plan.style);
  cell.protection = { locked: plan.locked };
  if (plan.validation) cell.dataValidation = toExcelValidation(plan.validation);
}

function applyStyle(cell: ExcelJS.Cell, style: CellStyle): void {
  const font: Partial<ExcelJS.Font> = {};
  if (style.bold) font.bold = true;
  if (style.fontSize) font.size = style.fontSize;
  if (style.fontColor) font.color = { argb: `FF${style.fontColor}` };
  if (Object.keys(font).length > 0) cell.font = font;
  if (style.fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${style.fill}` } };
  if (style.wrap || style.horizontal || style.vertical) {
    cell.alignment = { wrapText: style.wrap, horizontal: style.horizontal, vertical: style.vertical };
  }
  if (style.numberFormat) cell.numFmt = style.numberFormat;
  if (style.border) {
    const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: BORDER_COLOR } };
    cell.border = { top: thin, left: thin, bottom: thin, right: thin };
  }
}

function toExcelValidation(v: ValidationSpec): ExcelJS.DataValidation {
  return {
    type: v.type,
    operator: v.operator,
    // exceljs writes date operands through `new Date(x)`, so ISO strings land as date serials.
    formulae: v.formulae,
    allowBlank: v.allowBlank,
    showInputMessage: true,
    promptTitle: v.promptTitle,
    prompt: v.prompt,
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: v.errorTitle,
    error: v.error,
  };
}

function renderGuide(workbook: ExcelJS.Workbook, catalogue: Catalogue, unitType: UnitType, year: number): void {
  const m = GUIDE_MARGIN_INCH;
  const sheet = workbook.addWorksheet(GUIDE_SHEET, {
    pageSetup: { paperSize: A4, orientation: 'portrait', margins: { left: m, right: m, top: m, bottom: m, header: 0.3, footer: 0.3 } },
  });
  sheet.getColumn(1).width = GUIDE_COLUMN_WIDTH;
  guideLines(catalogue, unitType, year).forEach((line, i) => {
    const row = sheet.getRow(i + 1);
    const cell = row.getCell(1);
    cell.value = line.text;
    cell.alignment = { wrapText: true, vertical: 'middle' };
    cell.font = { bold: line.kind !== 'item', size: guideFontSize(line.kind) };
    row.height = line.height;
  });
}

function renderStamp(workbook: ExcelJS.Workbook, stamp: Stamp): void {
  const sheet = workbook.addWorksheet(META_SHEET, { state: 'veryHidden' });
  for (const key of STAMP_KEYS) {
    const value = stamp[key];
    if (value !== undefined && value !== '') sheet.addRow([key, value]);
  }
  sheet.getColumn(1).numFmt = '@';
  sheet.getColumn(2).numFmt = '@';
}
