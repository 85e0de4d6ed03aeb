// The input sheet as a renderer-neutral plan: every cell, style, formula, lock and validation.
// Pure (no I/O, no exceljs): the exceljs writer and the Office.js add-in render the SAME plan, so a
// template generated on the server and a sheet rebuilt in Excel cannot drift apart.
import type { Catalogue, Indicator, UnitType } from './catalogue';
import { appliesToProfile } from './catalogue';
import {
  BOOLEAN_FALSE,
  BOOLEAN_TRUE,
  CELL_TEXT_MAX,
  COLUMNS,
  FIRST_DATA_ROW,
  HEADER_ROW,
  INPUT_SHEET,
  NOT_APPLICABLE,
  SUBTITLE_ROW,
  TEMPLATE_MARKER,
  TITLE_ROW,
  column,
  submissionDeadline,
  type ColumnKey,
  type Stamp,
} from './contract';
import { appError } from './error-catalogue';
import { NUMBER_ADVICE, expectation } from './messages';
import { CITY_LEVEL_DISTRICT, type RegistryUnit } from './registry';

export type ValueKind = 'input' | 'derived' | 'not_applicable' | 'prefilled';

/** Colours as RRGGBB; a renderer adds alpha or '#' as its host needs. */
export const PALETTE = {
  headerFill: 'BDD7EE',
  sectionFill: 'FCE4D6',
  inputFill: 'FFF2CC',
  derivedFill: 'DDEBF7',
  prefilledFill: 'E2EFDA',
  notApplicableFill: 'D9D9D9',
  notApplicableFont: '808080',
  codeFont: '595959',
} as const;

export interface CellStyle {
  bold?: boolean;
  fontSize?: number;
  fontColor?: string;
  fill?: string;
  wrap?: boolean;
  horizontal?: 'left' | 'center' | 'right';
  vertical?: 'top' | 'middle';
  numberFormat?: string;
  border?: boolean;
}

export type ValidationType = 'whole' | 'decimal' | 'list' | 'date' | 'textLength';
export type ValidationOperator = 'between' | 'greaterThanOrEqual' | 'lessThanOrEqual';

export interface ValidationSpec {
  type: ValidationType;
  operator?: ValidationOperator;
  /**
   * Operands in Excel's own terms: numbers; ISO dates ('2000-01-01') for `date`; for `list` the
   * quoted source ('"是,否"') as the file stores it. `listItems` has the bare items for hosts
   * (Office.js) that take them unquoted.
   */
  formulae: (number | string)[];
  listItems?: string[];
  allowBlank: boolean;
  promptTitle: string;
  prompt: string;
  errorTitle: string;
  error: string;
}

export interface CellPlan {
  address: string;
  row: number;
  col: string;
  value?: string | number;
  /** Excel A1 formula without the leading '='. */
  formula?: string;
  locked: boolean;
  style: CellStyle;
  validation?: ValidationSpec;
}

export interface ValueCellPlan extends CellPlan {
  kind: ValueKind;
}

interface BaseRow {
  row: number;
  /** Row height in points; absent means the host's default. */
  height?: number;
  cells: CellPlan[];
}
export interface TextRowPlan extends BaseRow {
  type: 'title' | 'subtitle' | 'header';
}
export interface SectionRowPlan extends BaseRow {
  type: 'section';
  section: string;
  ordinal: string;
  name: string;
}
export interface IndicatorRowPlan extends BaseRow {
  type: 'indicator';
  code: string;
  seq: number;
  value: ValueCellPlan;
}
export type RowPlan = TextRowPlan | SectionRowPlan | IndicatorRowPlan;

export interface SheetPlan {
  sheetName: string;
  unitType: UnitType;
  year: number;
  catalogueVersion: string;
  title: string;
  subtitle: string;
  columns: { key: ColumnKey; letter: string; header: string; width: number; hidden: boolean }[];
  merges: string[];
  rows: RowPlan[];
  /** Indicator code → address of its value cell. */
  valueAddress: Record<string, string>;
  /** Rows/columns frozen above/left of the scroll area. */
  freeze: { rows: number; columns: number };
  print: {
    paper: 'A4';
    orientation: 'landscape';
    fitToWidth: 1;
    fitToHeight: 0;
    titleRows: string;
    /** Rows after which a page ends: a section heading never sits alone at the bottom of a page. */
    rowBreaks: number[];
  };
  /** Guidance, not secrecy: no password, so anyone may unprotect on purpose. */
  protection: {
    password: '';
    selectLockedCells: true;
    selectUnlockedCells: true;
    formatColumns: true;
    formatRows: true;
  };
}

export interface PlanOptions {
  year: number;
  prefill?: RegistryUnit;
}

const NARRATIVE_ROW_HEIGHT = 90;
const DEPARTMENT_TYPE_CHOICES = ['区级部门', '市级部门'];
const DATE_RANGE = ['2000-01-01', '2100-12-31'];
const TITLE_MAX = 32;
const MESSAGE_MAX = 255;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const addr = (key: ColumnKey, row: number) => `${column(key).letter}${row}`;

export function planInputSheet(catalogue: Catalogue, unitType: UnitType, options: PlanOptions): SheetPlan {
  const { year, prefill } = options;
  if (prefill && prefill.unitType !== unitType) {
    throw appError('PREFILL_MISMATCH', { unitName: prefill.name, unitCode: prefill.code, typeLabel: prefill.typeLabel, unitType });
  }
  const lastColumn = COLUMNS[COLUMNS.length - 1].letter;
  const title = `${year}年度法治政府建设情况指标填报表`;
  const deadline = submissionDeadline(year).split('-').map(Number);
  const who = prefill ? `填报单位：${prefill.name}` : `适用：${unitType === 'district_gov' ? '区人民政府' : '区级部门、市级部门'}`;
  const subtitle = `${who} ｜ 指标目录 ${catalogue.version} ｜ 黄色格填写，蓝色格自动计算，灰色格不适用 ｜ ${deadline[0]}年${deadline[1]}月${deadline[2]}日前报送`;

  // Value addresses first: formulas of derived rows may point to rows further down.
  const valueAddress: Record<string, string> = {};
  let row = FIRST_DATA_ROW;
  const layout: { section: string; fields: Indicator[]; sectionRow: number; fieldRows: number[] }[] = [];
  for (const section of catalogue.sections) {
    const fields = catalogue.fields.filter((f) => f.section === section.code);
    if (fields.length === 0) continue;
    const sectionRow = row++;
    const fieldRows = fields.map((f) => {
      valueAddress[f.code] = addr('value', row);
      return row++;
    });
    layout.push({ section: section.code, fields, sectionRow, fieldRows });
  }

  const rows: RowPlan[] = [
    { type: 'title', row: TITLE_ROW, height: 30, cells: [textCell('A', TITLE_ROW, title, { bold: true, fontSize: 16, horizontal: 'center', vertical: 'middle' })] },
    { type: 'subtitle', row: SUBTITLE_ROW, height: 20, cells: [textCell('A', SUBTITLE_ROW, subtitle, { fontSize: 10, horizontal: 'center', vertical: 'middle' })] },
    {
      type: 'header',
      row: HEADER_ROW,
      height: 24,
      cells: COLUMNS.map((c) =>
        textCell(c.letter, HEADER_ROW, c.header, { bold: true, fill: PALETTE.headerFill, horizontal: 'center', vertical: 'middle', border: true }),
      ),
    },
  ];

  const applicable = (f: Indicator): boolean => {
    // A unit without 行政执法 powers (registry) does not fill the enforcement section: greyed and locked.
    if (!appliesToProfile(catalogue, f, { unitType, hasEnforcement: prefill?.hasEnforcement })) return false;
    // A rate built from a part this sheet does not fill cannot be computed here either.
    return derivedParts(f).every((code) => {
      const part = catalogue.field(code);
      return part !== undefined && applicable(part);
    });
  };

  let seq = 0;
  layout.forEach((block, i) => {
    const section = catalogue.section(block.section)!;
    const name = section.code === 'meta' ? '基本信息' : section.name_zh;
    const ordinal = chineseNumeral(i + 1);
    const style: CellStyle = { bold: true, fill: PALETTE.sectionFill, vertical: 'middle', border: true };
    rows.push({
      type: 'section',
      row: block.sectionRow,
      section: section.code,
      ordinal,
      name,
      height: 22,
      cells: COLUMNS.map((c) =>
        textCell(c.letter, block.sectionRow, c.key === 'seq' ? `${ordinal}、` : c.key === 'name' ? name : '', c.key === 'seq' ? { ...style, horizontal: 'center' } : style),
      ),
    });
    block.fields.forEach((field, j) => {
      const r = block.fieldRows[j];
      const value = valueCell(field, r, applicable(field), unitType, year, prefill, valueAddress);
      rows.push(indicatorRow(field, r, ++seq, value));
    });
  });

  return {
    sheetName: INPUT_SHEET,
    unitType,
    year,
    catalogueVersion: catalogue.version,
    title,
    subtitle,
    columns: COLUMNS.map((c) => ({ key: c.key, letter: c.letter, header: c.header, width: c.width, hidden: c.hidden })),
    merges: [`A${TITLE_ROW}:${lastColumn}${TITLE_ROW}`, `A${SUBTITLE_ROW}:${lastColumn}${SUBTITLE_ROW}`],
    rows,
    valueAddress,
    freeze: { rows: HEADER_ROW, columns: 0 },
    print: {
      paper: 'A4',
      orientation: 'landscape',
      fitToWidth: 1,
      fitToHeight: 0,
      titleRows: `${HEADER_ROW}:${HEADER_ROW}`,
      rowBreaks: pageBreaks(rows),
    },
    protection: { password: '', selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true },
  };
}

/**
 * Printed body height of one landscape A4 page in points, with the repeated header row: 595 pt
 * less the 0.5 in margins (72 pt) and the header row, with room to spare, since programs lay rows
 * out a little taller than planned. Breaking every page ourselves before this height means no
 * program breaks on its own, so no page ends with a section heading.
 */
const PAGE_BODY_HEIGHT = 480;

/** Rows after which a new page starts: pages filled up to PAGE_BODY_HEIGHT, a heading kept with its first row. */
export function pageBreaks(rows: readonly RowPlan[]): number[] {
  const breaks: number[] = [];
  const heightOf = (r: RowPlan) => r.height ?? 20;
  const body = rows.filter((r) => r.type === 'section' || r.type === 'indicator');
  // Page 1 also carries the title and subtitle above the repeated header.
  let used = rows.filter((r) => r.type === 'title' || r.type === 'subtitle').reduce((n, r) => n + heightOf(r), 0);
  body.forEach((r, i) => {
    const next = body[i + 1];
    const needed = heightOf(r) + (r.type === 'section' && next ? heightOf(next) : 0);
    if (used > 0 && used + needed > PAGE_BODY_HEIGHT && i > 0) {
      breaks.push(body[i - 1].row);
      used = 0;
    }
    used += heightOf(r);
  });
  return breaks;
}

function textCell(col: string, row: number, value: string | number | undefined, style: CellStyle): CellPlan {
  const cell: CellPlan = { address: `${col}${row}`, row, col, locked: true, style };
  if (value !== undefined && value !== '') cell.value = value;
  return cell;
}

function derivedParts(field: Indicator): string[] {
  if (!field.derived) return [];
  return field.sum_of ?? [field.numerator, field.denominator].filter((p): p is string => !!p);
}

function indicatorRow(field: Indicator, row: number, seq: number, value: ValueCellPlan): IndicatorRowPlan {
  const narrative = field.type === 'text' && field.section !== 'meta';
  const base: CellStyle = { border: true, vertical: 'middle', wrap: true };
  const help = `${field.required ? '【必填】' : ''}${field.help_zh ?? ''}`;
  const cells: CellPlan[] = [
    textCell(column('seq').letter, row, seq, { ...base, horizontal: 'center' }),
    textCell(column('code').letter, row, field.code, { ...base, fontSize: 9, fontColor: PALETTE.codeFont }),
    textCell(column('name').letter, row, field.name_zh, base),
    textCell(column('unit').letter, row, field.unit_zh, { ...base, horizontal: 'center' }),
    value,
    textCell(column('help').letter, row, help, { ...base, fontSize: 9 }),
    { address: addr('remark', row), row, col: column('remark').letter, locked: false, style: { ...base, vertical: 'top' } },
  ];
  const height = narrative ? NARRATIVE_ROW_HEIGHT : estimateHeight([
    [field.name_zh, column('name').width, 11],
    [help, column('help').width, 9],
  ]);
  return { type: 'indicator', row, code: field.code, seq, value, cells, height };
}

/** Rough height of wrapped text, since exceljs cannot measure: a CJK character is about two '0's wide. */
function estimateHeight(texts: [string, number, number][]): number {
  let points = 20;
  for (const [text, width, fontSize] of texts) {
    const units = [...text].reduce((n, ch) => n + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0) * (fontSize / 11);
    const lines = Math.max(1, Math.ceil(units / Math.max(1, width - 2)));
    points = Math.max(points, lines * fontSize * 1.4 + 5);
  }
  return Math.round(points);
}

function valueCell(
  field: Indicator,
  row: number,
  applies: boolean,
  unitType: UnitType,
  year: number,
  prefill: RegistryUnit | undefined,
  valueAddress: Record<string, string>,
): ValueCellPlan {
  const base = { address: addr('value', row), row, col: column('value').letter };
  const border: CellStyle = { border: true, vertical: 'middle', wrap: true };
  if (!applies) {
    return {
      ...base,
      kind: 'not_applicable',
      value: NOT_APPLICABLE,
      locked: true,
      style: { ...border, fill: PALETTE.notApplicableFill, fontColor: PALETTE.notApplicableFont, horizontal: 'center' },
    };
  }
  const numberFormat = numberFormatOf(field);
  if (field.derived) {
    return { ...base, kind: 'derived', formula: derivedFormula(field, valueAddress), locked: true, style: { ...border, fill: PALETTE.derivedFill, numberFormat, horizontal: 'right' } };
  }
  const prefilled = prefilledValue(field, unitType, year, prefill);
  if (prefilled !== undefined) {
    return { ...base, kind: 'prefilled', value: prefilled, locked: true, style: { ...border, fill: PALETTE.prefilledFill, numberFormat } };
  }
  const narrative = field.type === 'text' && field.section !== 'meta';
  return {
    ...base,
    kind: 'input',
    locked: false,
    style: { ...border, fill: PALETTE.inputFill, numberFormat, vertical: narrative ? 'top' : 'middle' },
    validation: validationFor(field, unitType),
  };
}

function prefilledValue(field: Indicator, unitType: UnitType, year: number, prefill?: RegistryUnit): string | number | undefined {
  switch (field.code) {
    case 'meta.report_year':
      return year;
    case 'meta.unit_type':
      return prefill?.typeLabel ?? (unitType === 'district_gov' ? '区人民政府' : undefined);
    case 'meta.unit_name':
      return prefill?.name;
    case 'meta.unit_code':
      return prefill?.code;
    case 'meta.district':
      return prefill ? (prefill.districtName ?? CITY_LEVEL_DISTRICT) : undefined;
    default:
      return undefined;
  }
}

function numberFormatOf(field: Indicator): string | undefined {
  switch (field.type) {
    case 'integer':
      return '0';
    case 'decimal':
    case 'percent':
      return '0.00';
    case 'date':
      return 'yyyy-mm-dd';
    case 'text':
    case 'boolean':
      // Text format keeps codes such as 012 and phone numbers as typed.
      return '@';
  }
}

function derivedFormula(field: Indicator, valueAddress: Record<string, string>): string {
  const ref = (code: string) => valueAddress[code];
  if (field.sum_of) {
    const parts = field.sum_of.map(ref);
    return `IF(OR(${parts.map((p) => `${p}=""`).join(',')}),"",${parts.join('+')})`;
  }
  const num = ref(field.numerator!);
  const den = ref(field.denominator!);
  return `IFERROR(IF(OR(${den}="",${den}=0,${num}=""),"",${num}/${den}*100),"")`;
}

function validationFor(field: Indicator, unitType: UnitType): ValidationSpec {
  const common = { allowBlank: true, promptTitle: clip(field.name_zh, TITLE_MAX), prompt: clip(field.help_zh ?? field.name_zh, MESSAGE_MAX), errorTitle: '填报值不符合要求' };
  const error = (text: string) => clip(text, MESSAGE_MAX);
  if (field.code === 'meta.unit_type' && unitType === 'department') {
    return list(common, DEPARTMENT_TYPE_CHOICES, error(`应从下拉列表选择“${DEPARTMENT_TYPE_CHOICES.join('”或“')}”。`));
  }
  switch (field.type) {
    case 'integer':
    case 'decimal':
    case 'percent': {
      const min = field.min ?? 0;
      const bounds = field.max !== undefined ? { operator: 'between' as const, formulae: [min, field.max] } : { operator: 'greaterThanOrEqual' as const, formulae: [min] };
      return { ...common, type: field.type === 'integer' ? 'whole' : 'decimal', ...bounds, error: error(`${expectation(field)}。${NUMBER_ADVICE}`) };
    }
    case 'boolean':
      return list(common, [BOOLEAN_TRUE, BOOLEAN_FALSE], error(`${expectation(field)}，不要手工输入其他文字；需要说明的请写在备注栏。`));
    case 'date':
      return { ...common, type: 'date', operator: 'between', formulae: [...DATE_RANGE], error: error(`${expectation(field)}，年份在2000～2100之间。请按“年-月-日”填写。`) };
    case 'text':
      return { ...common, type: 'textLength', operator: 'lessThanOrEqual', formulae: [CELL_TEXT_MAX], error: error(`${expectation(field)}，不超过${CELL_TEXT_MAX}个字；更长的内容请精简或写入年度报告正文。`) };
  }
}

function list(common: Omit<ValidationSpec, 'type' | 'formulae' | 'error'>, items: string[], error: string): ValidationSpec {
  return { ...common, type: 'list', formulae: [`"${items.join(',')}"`], listItems: items, error };
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 15 → 十五, 21 → 二十一 (enough for section ordinals). */
export function chineseNumeral(n: number): string {
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

/** The stamp of a template: which catalogue, unit type, year and (when prefilled) unit it is for. */
export function planStamp(catalogue: Catalogue, unitType: UnitType, year: number, prefill?: RegistryUnit, now: Date = new Date()): Stamp {
  const stamp: Stamp = {
    template: TEMPLATE_MARKER,
    catalogue_version: catalogue.version,
    unit_type: unitType,
    report_year: String(year),
  };
  if (prefill) {
    stamp.unit_code = prefill.code;
    stamp.unit_name = prefill.name;
    if (prefill.districtCode) stamp.district_code = prefill.districtCode;
    if (prefill.districtName) stamp.district_name = prefill.districtName;
  }
  stamp.generated_at = now.toISOString();
  return stamp;
}
