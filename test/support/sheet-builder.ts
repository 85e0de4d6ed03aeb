// Builds FilledSheet objects for tests, the way the reader would produce them from a real workbook:
// column E of the input sheet, one row per indicator in catalogue order below the header row.
import { currentCatalogue } from '../../templates/src/core/catalogue';
import type { Catalogue, Indicator, UnitType } from '../../templates/src/core/catalogue';
import { BOOLEAN_FALSE, BOOLEAN_TRUE, FIRST_DATA_ROW, INPUT_SHEET, NOT_APPLICABLE, column } from '../../templates/src/core/contract';
import { computeDerived } from '../../templates/src/core/derive';
import type { CellRef, CellValue, FilledSheet, RawCell, SheetCell } from '../../templates/src/core/model';

/** Full control over one cell: its stored value, a formula, a remark. */
export interface CellSpec {
  value?: Plain | RawCell;
  formula?: string;
  remark?: string;
}
/** number → number cell; string → text cell; boolean → the text 是/否 (what a correct sheet holds). */
type Plain = number | string | boolean | null;
export type CellInput = Plain | RawCell | CellSpec;

const isRaw = (v: unknown): v is RawCell => typeof v === 'object' && v !== null && 'kind' in v;

export function toRaw(v: Plain | RawCell | undefined): RawCell {
  if (v === null || v === undefined) return { kind: 'empty' };
  if (isRaw(v)) return v;
  if (typeof v === 'number') return { kind: 'number', value: v };
  if (typeof v === 'boolean') return { kind: 'string', value: v ? BOOLEAN_TRUE : BOOLEAN_FALSE };
  return { kind: 'string', value: v };
}

/** Where the builder puts an indicator's value: column E, rows in catalogue order. */
export function refOf(code: string, catalogue: Catalogue = currentCatalogue()): CellRef {
  const index = catalogue.fields.findIndex((f) => f.code === code);
  if (index < 0) throw new Error(`unknown indicator ${code}`);
  return { sheet: INPUT_SHEET, address: `${column('value').letter}${FIRST_DATA_ROW + index}` };
}

export const formulaCell = (formula: string, cached: Plain | RawCell = null): CellSpec => ({ value: cached, formula });
export const errorCell = (error: string): RawCell => ({ kind: 'error', value: error });
export const booleanCell = (value: boolean): RawCell => ({ kind: 'boolean', value });
export const withRemark = (value: Plain | RawCell, remark: string): CellSpec => ({ value, remark });

function toCell(code: string, input: CellInput, catalogue: Catalogue): SheetCell {
  const spec: CellSpec = isRaw(input) || typeof input !== 'object' || input === null ? { value: input } : input;
  const cell: SheetCell = { ref: refOf(code, catalogue), raw: toRaw(spec.value) };
  if (spec.formula !== undefined) cell.formula = spec.formula;
  if (spec.remark !== undefined) cell.remark = spec.remark;
  return cell;
}

/** A sheet holding exactly the given cells (rows not given are absent, as if the reader lacked them). */
export function filledSheet(
  unitType: UnitType,
  cells: Record<string, CellInput>,
  opts: { date1904?: boolean; catalogue?: Catalogue } = {},
): FilledSheet {
  const catalogue = opts.catalogue ?? currentCatalogue();
  const out: Record<string, SheetCell> = {};
  for (const [code, input] of Object.entries(cells)) out[code] = toCell(code, input, catalogue);
  return { sheetName: INPUT_SHEET, unitType, cells: out, ...(opts.date1904 ? { date1904: true } : {}) };
}

/** Input values of a complete sheet that breaks no rule and raises no warning, for either unit type. */
export function validInputs(unitType: UnitType, catalogue: Catalogue = currentCatalogue()): Record<string, CellValue> {
  const explicit: Record<string, CellValue> = {
    'meta.unit_name': unitType === 'district_gov' ? '天津市和平区人民政府' : '天津市和平区司法局',
    'meta.unit_code': unitType === 'district_gov' ? '120101000' : '120101-SFJ',
    'meta.unit_type': unitType === 'district_gov' ? '区人民政府' : '区级部门',
    'meta.district': '和平区',
    'meta.report_year': 2024,
    'meta.contact': '张三 022-12345678',
    'meta.report_submitted_date': '2025-02-20',
    'meta.report_published': true,
    'meta.report_published_date': '2025-03-25',
    'meta.report_url': 'https://www.tjhp.gov.cn/fzzfjs/2024.html',
    'leader.narrative': '主要负责人主持召开专题会议研究法治建设，带头讲授法治课。',
    'recon.carried_over': 5,
    'recon.accepted': 40,
    'recon.closed': 42,
    'recon.revoked_changed': 3,
    'recon.confirmed_illegal': 1,
    'recon.ordered_perform': 1,
    'recon.mediated': 6,
    'learn.exam_required': 120,
    'learn.exam_participants': 120,
    'learn.exam_passed': 118,
    'disp.mediation_amount': 356.5,
    'narr.summary': '全面落实法治政府建设实施纲要，各项工作有序推进。',
    'narr.other': '无',
    'gap.text': '1. 基层执法人员法治素养有待提高。',
    'gap.causes': '培训覆盖面不够广，考核机制不够完善。',
    'plan.text': '1. 深入学习贯彻习近平法治思想。\n2. 加强行政执法规范化建设。\n3. 提升行政复议质效。',
  };
  const values: Record<string, CellValue> = {};
  for (const field of catalogue.fields) {
    if (field.derived || !catalogue.appliesTo(field, unitType)) continue;
    values[field.code] = explicit[field.code] ?? defaultValue(field);
  }
  return values;
}

function defaultValue(field: Indicator): CellValue {
  switch (field.type) {
    case 'integer':
    case 'percent':
      // Equal counts satisfy every "part ≤ whole" rule at once.
      return 10;
    case 'decimal':
      return 12.5;
    case 'boolean':
      return true;
    case 'date':
      return '2025-02-20';
    case 'text':
      return `${field.name_zh}：已按要求落实。`;
  }
}

/**
 * A complete sheet with no errors, warnings or info: every applicable input filled, derived cells
 * holding formulas (with cached results) and non-applicable rows saying 不适用, as the template does.
 */
export function validSheet(unitType: UnitType, catalogue: Catalogue = currentCatalogue()): FilledSheet {
  const inputs = validInputs(unitType, catalogue);
  const derived = computeDerived(catalogue, unitType, inputs);
  const cells: Record<string, CellInput> = {};
  for (const field of catalogue.fields) {
    if (!catalogue.appliesTo(field, unitType)) cells[field.code] = NOT_APPLICABLE;
    else if (field.derived) cells[field.code] = formulaCell(formulaText(field, catalogue), derived[field.code] ?? '');
    else cells[field.code] = inputs[field.code];
  }
  return filledSheet(unitType, cells, { catalogue });
}

function formulaText(field: Indicator, catalogue: Catalogue): string {
  const at = (code: string) => refOf(code, catalogue).address;
  if (field.sum_of) return field.sum_of.map(at).join('+');
  return `IF(N(${at(field.denominator!)})=0,"",${at(field.numerator!)}/${at(field.denominator!)}*100)`;
}
