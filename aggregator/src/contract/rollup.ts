// The rollup as the API sends it (GET /api/rollups/{year}) and the rollup engine produces it: plain
// JSON (no Maps, Dates or class instances). rollupSchema is its wire schema for the OpenAPI document.
import type { Indicator, RollupRule, UnitType } from '../../../templates/src/core/catalogue';
import type { CellValue } from '../../../templates/src/core/model';
import { z } from 'zod';
import { aggregationSchema, appliesToSchema, indicatorTypeSchema, unitTypeSchema } from '../../../templates/src/core/catalogue';
import { STANDINGS, type Standing } from './completeness';
import type { SameShape } from './shape-check';

export interface RollupUnit {
  code: string;
  name: string;
  unitType: UnitType;
  /** 'city' = 市级部门: rolls up to the city only, never into a district. */
  level: 'district' | 'city';
  districtCode: string | null;
  districtName: string | null;
  /** 有行政执法职能 (registry); false: the enforcement indicators are not expected of the unit. Absent = true. */
  hasEnforcement?: boolean;
}

export type GroupKind = 'city' | 'district' | 'city_departments';
/** Group code of the whole city and of the 市级部门 (districts use their district code). */
export const CITY_GROUP = 'city';
export const CITY_DEPARTMENTS_GROUP = 'city_departments';

export type RollupScope = { level: 'city' } | { level: 'district'; code: string };

/**
 * Year-on-year change of a numeric figure. Counts: `abs` in the figure's unit, `pct` in percent
 * (60 = +60%; null when last is 0). Rates and shares of 是 (`points`): `abs` in 个百分点, `pct` null.
 */
export interface Change {
  abs: number | null;
  pct: number | null;
  /** Beyond ±threshold (or from 0) and at least the indicator's yoy_min_change. Listed as a finding only when no unit is missing. */
  swing: boolean;
  /** True when `abs` is in 个百分点 (rates, shares of 是). */
  points: boolean;
}

interface FigureBase {
  code: string;
  name_zh: string;
  /** Unit of measure (计量单位), e.g. 件, %. */
  unit: string;
  /** Units of the group to which the indicator applies, excused units excluded. 0 = not applicable to this group. */
  expected: number;
  /** Expected units whose values are in the figure (accepted or pending). */
  reported: number;
  /** Expected units that sent nothing (未报送). */
  missing: number;
  /** Expected units whose current version was returned (已退回): not in the figure either. */
  returned: number;
  /** Reporting units whose value is blank (blank is not 0). */
  blank: number;
  incomplete: boolean;
  /** Why the figure is incomplete, e.g. "3家未报送、1家空白"; null when complete. */
  reason_zh: string | null;
  /**
   * Last year's figure (numeric aggregations only; for 是/否 its share of 是 in percent), null when
   * unknown — no unit of the group sent last year (无上年数据) — or not compared.
   */
  last: number | null;
  lastIncomplete: boolean;
  change: Change | null;
  /**
   * Values the indicator's rollup rule leaves out (whole_district, list): the 区级部门 of the group
   * that filled what their 区人民政府 reports for the whole district. Absent when none did.
   */
  notCounted?: NotCounted;
}

/** Values a rollup rule leaves out of a figure (they would count the same thing twice). */
export interface NotCounted {
  /** Units with a non-zero value, in group order. */
  units: { code: string; name: string; value: number }[];
  /** Their sum, for the warning (not a figure: it is not added anywhere). */
  total: number;
}

export interface SumFigure extends FigureBase {
  aggregation: 'sum';
  /** Sum over reporting units with a value; null when no unit has one. */
  value: number | null;
}

export interface RatioPart {
  code: string;
  name_zh: string;
  value: number | null;
  incomplete: boolean;
  missing: number;
  blank: number;
}

export interface RatioFigure extends FigureBase {
  aggregation: 'ratio';
  /** sum(numerator) / sum(denominator) × 100, to 4 decimals; null when the denominator sum is 0 or blank. */
  value: number | null;
  numerator: RatioPart;
  denominator: RatioPart;
}

export interface CountTrueFigure extends FigureBase {
  aggregation: 'count_true';
  /** = trueCount. */
  value: number;
  /** trueCount / expected × 100 (the x/y of text_zh, in percent), null when no unit is expected; what 同比 compares. */
  share: number | null;
  trueCount: number;
  falseCount: number;
  blankCount: number;
  /** e.g. "12/16家为“是”（2家空白、1家未报送）". */
  text_zh: string;
}

export interface MaxFigure extends FigureBase {
  aggregation: 'max';
  valueType: 'number' | 'date';
  /** Largest number, or latest date as 'YYYY-MM-DD'. */
  value: number | string | null;
  /** Units holding that value. */
  fromUnits: string[];
}

export interface TextItem {
  unitCode: string;
  unitName: string;
  text: string;
}

export interface TextListFigure extends FigureBase {
  aggregation: 'none_text_list';
  value: null;
  items: TextItem[];
}

/** A date with a deadline rule (rollup on_time): how many units were on time, not the latest date. */
export interface OnTimeFigure extends FigureBase {
  aggregation: 'on_time';
  /** The deadline rule (e.g. R29) and its last on-time day this year, 'YYYY-MM-DD'. */
  ruleId: string;
  deadline: string;
  /** = onTime. */
  value: number;
  /** onTime / expected × 100, null when no unit is expected; what 同比 compares (in 个百分点). */
  share: number | null;
  onTime: number;
  late: number;
  /** Units the rule asks no date of (its condition is not met, e.g. 未公开): not on time. */
  notDone: number;
  /** Units the rule asks a date of that left it blank. */
  blankCount: number;
  /** The latest date given, for reference. */
  latest: string | null;
  /** e.g. "3/4家按期（2025年3月1日前）（1家逾期）". */
  text_zh: string;
}

export type Figure = SumFigure | RatioFigure | CountTrueFigure | MaxFigure | TextListFigure | OnTimeFigure;

/** A rollup row's aggregation: the catalogue's, or on_time for a date with a deadline rule. */
export type RollupAggregation = Indicator['aggregation'] | 'on_time';

export interface UnitRef {
  code: string;
  name: string;
}

/** The group's Tally (rollup/completeness.ts) with the units behind it. */
export interface Completeness {
  /** Units that must report (excused ones excluded). */
  expected: number;
  /** Units with a current version: accepted + pending + returned. */
  submitted: number;
  /** Units whose values are in the figures (accepted + pending); submittedUnits lists them. */
  counted: number;
  accepted: number;
  pending: number;
  returned: number;
  excused: number;
  /** Units that sent nothing and are not excused (未报送). */
  missing: number;
  /** The units in the figures (accepted and pending). */
  submittedUnits: string[];
  missingUnits: UnitRef[];
  returnedUnits: UnitRef[];
  excusedUnits: UnitRef[];
  /** Submission status → count, e.g. { accepted: 12, pending: 3 }. */
  byStatus: Record<string, number>;
}

export interface RollupGroup {
  code: string;
  name: string;
  kind: GroupKind;
  /** Unit codes in the group, in output order (district: 区人民政府 first). */
  unitCodes: string[];
  completeness: Completeness;
  /** Indicator code → figure, in catalogue order. */
  figures: Record<string, Figure>;
}

export interface UnitSubmissionRef {
  id: string;
  version: number;
  status: string;
}

/** One unit with the values that went into the figures. Read a value with unitValue(unit, code). */
export interface UnitResult extends RollupUnit {
  /** 区人民政府 / 区级部门 / 市级部门 */
  typeLabel: string;
  /** Where the unit stands this year (rollup/completeness.ts); `submission` is set for accepted and pending. */
  standing: Standing;
  submission: UnitSubmissionRef | null;
  /** Input values as submitted. */
  values: Record<string, CellValue | null>;
  /** Derived values (rates, recon.corrected) recomputed from the inputs; they win over `values`. */
  derived: Record<string, number | null>;
  cells: Readonly<Record<string, string>>;
}

export interface FieldInfo {
  code: string;
  name_zh: string;
  unit_zh: string;
  section: string;
  section_zh: string;
  type: Indicator['type'];
  aggregation: RollupAggregation;
  applies_to: Indicator['applies_to'];
  derived: boolean;
  /** Derived fields: the codes they are computed from (numerator and denominator, or sum_of). */
  parts?: string[];
  /**
   * The indicator whose unit values this row reads: differs from `code` for the rows of a split
   * indicator ('enf.case_files_reviewed:district_gov' reads enf.case_files_reviewed of the 区人民政府).
   */
  source: string;
  /** The catalogue's rollup rule (kind and Chinese note), when the indicator has one. */
  rule?: { kind: RollupRule['kind']; note_zh: string };
  /** The 区级部门 are left out of this row's figures (their 区人民政府 reports the whole district or the list). */
  districtDepartmentsLeftOut?: true;
  /** Only units with 行政执法 powers (registry 有行政执法职能) report this row. */
  enforcementPowers?: true;
}

export type FindingKind = 'missing_units' | 'incomplete' | 'not_counted' | 'yoy_swing' | 'not_accepted' | 'unknown_unit' | 'duplicate_submission';

/** One line of the 问题清单. */
export interface Finding {
  kind: FindingKind;
  severity: 'warning' | 'info';
  groupCode: string | null;
  groupName: string | null;
  indicatorCode: string | null;
  unitCode: string | null;
  message_zh: string;
}

export interface Rollup {
  year: number;
  catalogueVersion: string;
  /** Corrections of the catalogue version applied (e.g. rollup rules of an erratum); empty for most. */
  catalogueErrata: { id: string; summary_zh: string }[];
  /** Year compared against, or null when no last-year data was given. */
  lastYear: number | null;
  yoyThreshold: number;
  /** The fields that roll up, in catalogue order (identity header fields excluded). */
  fields: FieldInfo[];
  /** City first, then districts by code, then 市级部门. */
  groups: RollupGroup[];
  units: UnitResult[];
  findings: Finding[];
  /** Lists left out of this body (emptied, not absent), e.g. a cached city body's figures.items; see scopeRollup. */
  omitted?: string[];
}

/** GET /api/rollups/{year}/trace: which units, submissions, versions and source cells made a figure. */
export interface TraceSource {
  code: string;
  cell: string | null;
  value: CellValue | null;
}

export interface TraceEntry {
  unitCode: string;
  unitName: string;
  typeLabel: string;
  submissionId: string | null;
  version: number | null;
  status: string | null;
  /** 'sheet!A1' of the value, when the sheet had it. */
  cell: string | null;
  value: CellValue | null;
  /** counted: the value is in the figure; blank: reported but empty; missing: no submission. */
  state: 'counted' | 'blank' | 'missing';
  /** For derived values (e.g. recon.corrected): the input cells they were computed from. */
  sources?: TraceSource[];
}

export interface TraceSide {
  code: string;
  name_zh: string;
  total: number | null;
  entries: TraceEntry[];
}

export interface Trace {
  groupCode: string;
  groupName: string;
  indicatorCode: string;
  name_zh: string;
  aggregation: RollupAggregation;
  figure: Figure;
  /** Every expected unit of the group with its own value (for a ratio: its own rate). */
  entries: TraceEntry[];
  numerator?: TraceSide;
  denominator?: TraceSide;
}

/** The catalogue's aggregations and the rollup's own on_time (a deadline rule's count). */
const rollupAggregationSchema = z.enum([...aggregationSchema.options, 'on_time']);

// ---- The wire schema of the same shapes (the OpenAPI document is generated from it). ----

const n = z.number();
const int = z.number().int();
const changeSchema = z.object({
  abs: n.nullable(),
  pct: n.nullable().describe('百分比（60 = +60%）；比率与“是”的占比为 null'),
  swing: z.boolean().describe('超过阈值且不小于该指标的最小变动量'),
  points: z.boolean().describe('true：abs 单位为“个百分点”'),
});
const figureBase = {
  code: z.string(),
  name_zh: z.string(),
  unit: z.string().describe('计量单位'),
  expected: int.describe('应报单位数（不含免报）；0 = 本组不适用'),
  reported: int.describe('计入本数的单位数（已通过 + 待审核）'),
  missing: int.describe('未报送'),
  returned: int.describe('已退回（不计入）'),
  blank: int.describe('已报但空白（空白不是 0）'),
  incomplete: z.boolean(),
  reason_zh: z.string().nullable().describe('不完整的原因，如“1家已退回、3家未报送”'),
  last: n.nullable().describe('上年数；null = 无上年数据或不比较'),
  lastIncomplete: z.boolean(),
  change: changeSchema.nullable(),
  notCounted: z
    .object({ units: z.array(z.object({ code: z.string(), name: z.string(), value: n })), total: n })
    .optional()
    .describe('按汇总口径未计入的区级部门填报值（避免重复计算），列为警告'),
};
const ratioPart = z.object({ code: z.string(), name_zh: z.string(), value: n.nullable(), incomplete: z.boolean(), missing: int, blank: int });
const figureSchema = z.discriminatedUnion('aggregation', [
  z.object({ ...figureBase, aggregation: z.literal('sum'), value: n.nullable() }),
  z.object({ ...figureBase, aggregation: z.literal('ratio'), value: n.nullable(), numerator: ratioPart, denominator: ratioPart }),
  z.object({
    ...figureBase,
    aggregation: z.literal('count_true'),
    value: int,
    share: n.nullable(),
    trueCount: int,
    falseCount: int,
    blankCount: int,
    text_zh: z.string(),
  }),
  z.object({ ...figureBase, aggregation: z.literal('max'), valueType: z.enum(['number', 'date']), value: z.union([n, z.string()]).nullable(), fromUnits: z.array(z.string()) }),
  z.object({
    ...figureBase,
    aggregation: z.literal('on_time'),
    ruleId: z.string().describe('期限规则，如 R29'),
    deadline: z.string().describe('本年度的期限（含当日），YYYY-MM-DD'),
    value: int.describe('按期单位数'),
    share: n.nullable(),
    onTime: int,
    late: int.describe('逾期'),
    notDone: int.describe('规则不要求日期的单位（如未公开），不算按期'),
    blankCount: int,
    latest: z.string().nullable().describe('最晚日期，仅供参考'),
    text_zh: z.string(),
  }),
  z.object({
    ...figureBase,
    aggregation: z.literal('none_text_list'),
    value: z.null(),
    items: z.array(z.object({ unitCode: z.string(), unitName: z.string(), text: z.string() })),
  }),
]);
const unitRefSchema = z.object({ code: z.string(), name: z.string() });
const completenessSchema = z.object({
  expected: int,
  submitted: int,
  counted: int,
  accepted: int,
  pending: int,
  returned: int,
  excused: int,
  missing: int,
  submittedUnits: z.array(z.string()),
  missingUnits: z.array(unitRefSchema),
  returnedUnits: z.array(unitRefSchema),
  excusedUnits: z.array(unitRefSchema),
  byStatus: z.record(z.string(), int),
});
const rollupUnitSchema = z.object({
  code: z.string(),
  name: z.string(),
  unitType: unitTypeSchema,
  level: z.enum(['district', 'city']),
  districtCode: z.string().nullable(),
  districtName: z.string().nullable(),
  hasEnforcement: z.boolean().optional(),
});
const cellValue = z.union([n, z.boolean(), z.string()]);
export const rollupSchema = z.object({
  year: int,
  catalogueVersion: z.string(),
  catalogueErrata: z.array(z.object({ id: z.string(), summary_zh: z.string() })).describe('所用的指标目录勘误（如汇总口径更正）'),
  lastYear: int.nullable(),
  yoyThreshold: n,
  fields: z.array(
    z.object({
      code: z.string(),
      name_zh: z.string(),
      unit_zh: z.string(),
      section: z.string(),
      section_zh: z.string(),
      type: indicatorTypeSchema,
      aggregation: rollupAggregationSchema,
      applies_to: appliesToSchema,
      derived: z.boolean(),
      parts: z.array(z.string()).optional(),
      source: z.string().describe('读取哪个指标的填报值（分列指标的各行读同一指标）'),
      rule: z
        .object({ kind: z.enum(['whole_district', 'list', 'split', 'on_time']), note_zh: z.string() })
        .optional()
        .describe('目录中的汇总口径及说明'),
      districtDepartmentsLeftOut: z.literal(true).optional().describe('区级部门不计入本行（取区人民政府的全区数或清单）'),
      enforcementPowers: z.literal(true).optional().describe('只由有行政执法职能的单位填报（名录“有行政执法职能”）'),
    }),
  ),
  groups: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      kind: z.enum(['city', 'district', 'city_departments']),
      unitCodes: z.array(z.string()),
      completeness: completenessSchema,
      figures: z.record(z.string(), figureSchema),
    }),
  ),
  units: z.array(
    rollupUnitSchema.extend({
      typeLabel: z.string(),
      standing: z.enum(STANDINGS),
      submission: z.object({ id: z.string(), version: int, status: z.string() }).nullable(),
      values: z.record(z.string(), cellValue.nullable()),
      derived: z.record(z.string(), n.nullable()),
      cells: z.record(z.string(), z.string()),
    }),
  ),
  findings: z.array(
    z.object({
      kind: z.enum(['missing_units', 'incomplete', 'not_counted', 'yoy_swing', 'not_accepted', 'unknown_unit', 'duplicate_submission']),
      severity: z.enum(['warning', 'info']),
      groupCode: z.string().nullable(),
      groupName: z.string().nullable(),
      indicatorCode: z.string().nullable(),
      unitCode: z.string().nullable(),
      message_zh: z.string(),
    }),
  ),
  omitted: z.array(z.string()).optional().describe('本答复中清空的列表（如缓存的全市汇总不含 figures.items），见 units=1'),
});
const _rollup: SameShape<z.infer<typeof rollupSchema>, Rollup> = true;

/** GET /api/rollups/{year}: the rollup with the data version it shows and when it was computed (数据截至). */
export const rollupAnswerSchema = rollupSchema.extend({
  dataVersion: int.describe('数据版本：任何报送、审核或名录变动都会使其增加'),
  computedAt: z.string().describe('计算时间（ISO），页面显示为“数据截至”'),
});
export type RollupAnswer = z.infer<typeof rollupAnswerSchema>;

const traceSource = z.object({ code: z.string(), cell: z.string().nullable(), value: cellValue.nullable() });
const traceEntry = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  typeLabel: z.string(),
  submissionId: z.string().nullable(),
  version: int.nullable(),
  status: z.string().nullable(),
  cell: z.string().nullable().describe('取值的单元格（工作表!A1）'),
  value: cellValue.nullable(),
  state: z.enum(['counted', 'blank', 'missing']).describe('counted 计入；blank 已报但空白；missing 未报送'),
  sources: z.array(traceSource).optional().describe('派生值的来源单元格'),
});
const traceSide = z.object({ code: z.string(), name_zh: z.string(), total: n.nullable(), entries: z.array(traceEntry) });
export const traceSchema = z.object({
  groupCode: z.string(),
  groupName: z.string(),
  indicatorCode: z.string(),
  name_zh: z.string(),
  aggregation: rollupAggregationSchema,
  figure: figureSchema,
  entries: z.array(traceEntry),
  numerator: traceSide.optional(),
  denominator: traceSide.optional(),
});
const _trace: SameShape<z.infer<typeof traceSchema>, Trace> = true;
