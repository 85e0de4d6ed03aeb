// Input and output shapes of the rollup engine. The output (`Rollup`) is plain JSON: it is also the
// body of GET /api/rollups/{year}, so it holds no Maps, Dates or class instances.
import type { Catalogue, Indicator, UnitType } from '../../../templates/src/core/catalogue';
import type { CellValue } from '../../../templates/src/core/model';
import type { Standing } from './completeness';

export interface RollupUnit {
  code: string;
  name: string;
  unitType: UnitType;
  /** 'city' = 市级部门: rolls up to the city only, never into a district. */
  level: 'district' | 'city';
  districtCode: string | null;
  districtName: string | null;
}

export interface RollupSubmission {
  unitCode: string;
  submissionId: string;
  version: number;
  /** e.g. 'accepted' | 'pending' | 'returned'; every submission passed in counts. */
  status: string;
  /** Normalised input values by indicator code. */
  values: Record<string, CellValue | null>;
  /** The unit's derived values as stored with its submission (the rollup reads them, never recomputes a unit's). */
  derived: Record<string, number | null>;
  /** Indicator code → 'sheet!A1' source cell, for the trace. Read only: the store shares one object among units. */
  cells: Readonly<Record<string, string>>;
}

export interface RollupInput {
  catalogue: Catalogue;
  year: number;
  units: RollupUnit[];
  /** The current version of each unit that counts (the caller picks). */
  submissions: RollupSubmission[];
  /** Same shape for year-1, for 同比. */
  lastYear?: RollupInput;
  /**
   * Or year-1 already rolled up on this year's catalogue (only its year and group figures are
   * read): the caller can then drop last year's unit values before it loads this year's.
   */
  lastYearRollup?: Pick<Rollup, 'year' | 'groups'>;
  /** Relative swing that is reported as a finding; default 0.5 (±50%). */
  yoyThreshold?: number;
  /**
   * Units without a counted submission that are not simply missing: 'returned' (their current
   * version was sent back) or 'excused' (not expected this year). See rollup/completeness.ts.
   */
  standings?: Readonly<Record<string, 'returned' | 'excused'>>;
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

export type Figure = SumFigure | RatioFigure | CountTrueFigure | MaxFigure | TextListFigure;

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
  aggregation: Indicator['aggregation'];
  applies_to: Indicator['applies_to'];
  derived: boolean;
  /** Derived fields: the codes they are computed from (numerator and denominator, or sum_of). */
  parts?: string[];
}

export type FindingKind = 'missing_units' | 'incomplete' | 'yoy_swing' | 'not_accepted' | 'unknown_unit' | 'duplicate_submission';

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
