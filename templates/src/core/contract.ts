// The workbook contract: what a standard indicator workbook looks like, for everyone who writes
// or reads one (template generator, reader, add-in). Change the layout here, nowhere else.
import type { UnitType } from './catalogue';

/** The visible sheet a unit fills. */
export const INPUT_SHEET = '指标填报';
/** The visible sheet explaining how to fill. */
export const GUIDE_SHEET = '填报说明';
/** The very hidden sheet holding the stamp (key/value rows from row 1). */
export const META_SHEET = '_meta';

/** Marker proving a workbook is ours, stored in the stamp and in the core properties' category. */
export const TEMPLATE_MARKER = 'fazhi-indicators';

/**
 * Columns of the input sheet, in order. The reader finds columns by their header text, so the
 * header texts are the contract; letters are where the generator puts them.
 * The single "填报说明/备注" column is split in two: the help text (locked) and the unit's
 * own remark (editable), so what a unit writes is never mixed with our instructions.
 */
export const COLUMNS = [
  { key: 'seq', letter: 'A', header: '序号', width: 5, hidden: false },
  // The reader finds rows by this code, but a unit never needs to see it, and it must not reach the
  // printed page: the column stays in the sheet, hidden.
  { key: 'code', letter: 'B', header: '指标代码', width: 22, hidden: true },
  { key: 'name', letter: 'C', header: '指标名称', width: 32, hidden: false },
  { key: 'unit', letter: 'D', header: '计量单位', width: 7, hidden: false },
  { key: 'value', letter: 'E', header: '填报值', width: 18, hidden: false },
  { key: 'help', letter: 'F', header: '填报说明', width: 36, hidden: false },
  { key: 'remark', letter: 'G', header: '备注', width: 18, hidden: false },
] as const;
export type ColumnKey = (typeof COLUMNS)[number]['key'];
export const column = (key: ColumnKey) => COLUMNS.find((c) => c.key === key)!;

/** Row layout of the input sheet: a title, a subtitle, then the column header row. */
export const TITLE_ROW = 1;
export const SUBTITLE_ROW = 2;
export const HEADER_ROW = 3;
export const FIRST_DATA_ROW = 4;
/** How many rows from the top the reader searches for the header row (a user may insert rows). */
export const HEADER_SEARCH_ROWS = 20;

/** Chinese labels of unit types as users and the registry write them. */
export const UNIT_TYPE_LABELS: Record<string, UnitType> = {
  区人民政府: 'district_gov',
  区级部门: 'department',
  市级部门: 'department',
};
/** Label a template shows for its unit type (a department template serves 区级 and 市级 alike). */
export const UNIT_TYPE_DISPLAY: Record<UnitType, string> = {
  district_gov: '区人民政府',
  department: '部门（区级部门 / 市级部门）',
};

export const BOOLEAN_TRUE = '是';
export const BOOLEAN_FALSE = '否';
/** Text written into the value cell of an indicator that does not apply to the sheet's unit type. */
export const NOT_APPLICABLE = '不适用';

/** Excel's limit on the characters of one cell: the template's validation, the reader and the values-only submission hold text to it. */
export const CELL_TEXT_MAX = 32767;

/** Keys of the stamp on the metadata sheet (column A key, column B value). */
export const STAMP_KEYS = [
  'template',
  'catalogue_version',
  'unit_type',
  'report_year',
  'unit_code',
  'unit_name',
  'district_code',
  'district_name',
  'generated_at',
] as const;
export type StampKey = (typeof STAMP_KEYS)[number];
export type Stamp = Partial<Record<StampKey, string>>;

/**
 * The same stamp is also written to the core properties' `keywords` as `key=value;…` (with
 * `category` = TEMPLATE_MARKER), so a workbook whose hidden sheet was deleted can still be told apart.
 */
export function stampToKeywords(stamp: Stamp): string {
  return STAMP_KEYS.filter((k) => stamp[k] !== undefined && stamp[k] !== '')
    .map((k) => `${k}=${String(stamp[k]).replace(/[;=]/g, ' ')}`)
    .join(';');
}

export function keywordsToStamp(keywords: string): Stamp {
  const stamp: Stamp = {};
  for (const part of keywords.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim() as StampKey;
    if ((STAMP_KEYS as readonly string[]).includes(key)) stamp[key] = part.slice(eq + 1).trim();
  }
  return stamp;
}

/** Deadline for submitting the year's report: 1 March of the next year (督察工作规定). */
export function submissionDeadline(reportYear: number): string {
  return `${reportYear + 1}-03-01`;
}
