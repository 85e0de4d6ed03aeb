// One figure of one group: the aggregation rules of the standard (spec "Aggregation semantics").
// Blank means "not reported" and 0 means "none": a total built from a blank is incomplete, never 0.
import type { Catalogue, Indicator, Condition } from '../../../templates/src/core/catalogue';
import type { CellValue } from '../../../templates/src/core/model';
import type {
  OnTimeFigure,
  CountTrueFigure,
  Figure,
  MaxFigure,
  RatioFigure,
  RatioPart,
  SumFigure,
  TextListFigure,
  UnitResult,
} from './types';

import { shortfallText } from './completeness';
import { deadlineOf, listRuleOf, sourceOf, type RollupField } from './rules';

/** A catalogue indicator or a rollup row (figures read only what both have). */
type Row = Indicator | RollupField;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Rounds away binary noise (0.1 + 0.2) without losing any figure a unit can type. */
export const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function reasonText(missing: number, blank: number, blankWord = '空白', overflow = false, returned = 0): string | null {
  const parts: string[] = [];
  const short = shortfallText(returned, missing);
  if (short) parts.push(short);
  if (blank > 0) parts.push(`${blank}家${blankWord}`);
  if (overflow) parts.push(OVERFLOW_REASON);
  return parts.length > 0 ? parts.join('、') : null;
}

/** Why a total has no value although units reported it: it cannot be computed exactly. */
export const OVERFLOW_REASON = '合计超出可精确计算的范围，无法汇总，请核对各单位的填报值';

/** The units a figure is built from: how many must report it, and those that did (with a submission). */
export interface Population {
  expected: number;
  reported: readonly UnitResult[];
  /** Expected units whose current version was returned (not in `reported`). */
  returned: number;
}

function base(field: Row, pop: Population) {
  return {
    code: field.code,
    name_zh: field.name_zh,
    unit: field.unit_zh,
    expected: pop.expected,
    reported: pop.reported.length,
    missing: pop.expected - pop.reported.length - pop.returned,
    returned: pop.returned,
    last: null,
    lastIncomplete: false,
    change: null,
  };
}

interface Summed {
  value: number | null;
  missing: number;
  returned: number;
  blank: number;
  /** Units that reported but left this code blank. */
  blankUnits: Set<string>;
  /**
   * The total is not a number that can be trusted (infinite, or past 2^53 where doubles skip
   * integers): value is null, and the figure must not pass for complete.
   */
  overflow: boolean;
}

/**
 * Reads one field's value off a unit. Equivalent to unitValue, but decides once per figure where
 * the value lives: this loop runs 20,000 units × 110 indicators × 2 groups for a province.
 */
function reader(field: Row): (unit: UnitResult) => CellValue | null {
  const code = sourceOf(field);
  return field.derived ? (unit) => unit.derived[code] ?? null : (unit) => unit.values[code] ?? null;
}

function sumOf(field: Row, pop: Population): Summed {
  const read = reader(field);
  let total = 0;
  let any = false;
  const missing = pop.expected - pop.reported.length - pop.returned;
  const blankUnits = new Set<string>();
  for (const unit of pop.reported) {
    const v = read(unit);
    if (isNumber(v)) {
      total += v;
      any = true;
    } else blankUnits.add(unit.code);
  }
  const overflow = !Number.isFinite(total) || Math.abs(total) > Number.MAX_SAFE_INTEGER;
  return { value: any && !overflow ? round(total, 6) : null, missing, returned: pop.returned, blank: blankUnits.size, blankUnits, overflow };
}

/** `pop`: the group's units to which `field` applies (the caller filters once per applies_to). */
export function computeFigure(catalogue: Catalogue, field: Row, pop: Population, year = 0): Figure {
  switch (field.aggregation) {
    case 'on_time':
      return onTimeFigure(catalogue, field, pop, year);
    case 'sum':
      return sumFigure(field, pop);
    case 'ratio':
      return listRuleOf(catalogue, field) ? listRatioFigure(catalogue, field, pop) : ratioFigure(catalogue, field, pop);
    case 'count_true':
      return countTrueFigure(field, pop);
    case 'max': {
      const holder = listRuleOf(catalogue, field)?.holder;
      return holder ? heldListFigure(catalogue, field, catalogue.field(holder)!, pop) : maxFigure(field, pop);
    }
    case 'none_text_list':
      return textListFigure(field, pop);
  }
}

function sumFigure(field: Row, pop: Population): SumFigure {
  const s = sumOf(field, pop);
  const reason = reasonText(s.missing, s.blank, undefined, s.overflow, s.returned);
  return { ...base(field, pop), aggregation: 'sum', value: s.value, blank: s.blank, incomplete: reason !== null, reason_zh: reason };
}

function ratioFigure(catalogue: Catalogue, field: Row, pop: Population): RatioFigure {
  // The parts are summed over the units the rate applies to, so a department-only rate never
  // picks up a part that the district government also fills.
  const numField = catalogue.field(field.numerator!)!;
  const denField = catalogue.field(field.denominator!)!;
  const num = sumOf(numField, pop);
  const den = sumOf(denField, pop);
  const part = (f: Row, s: Summed): RatioPart => ({
    code: f.code,
    name_zh: f.name_zh,
    value: s.value,
    incomplete: s.missing > 0 || s.returned > 0 || s.blank > 0 || s.overflow,
    missing: s.missing,
    blank: s.blank,
  });
  const blank = new Set([...num.blankUnits, ...den.blankUnits]).size;
  const value = num.value !== null && den.value !== null && den.value !== 0 ? round((num.value / den.value) * 100, 4) : null;
  const reason = reasonText(num.missing, blank, '分子或分母空白', num.overflow || den.overflow, num.returned);
  return {
    ...base(field, pop),
    aggregation: 'ratio',
    value,
    blank,
    incomplete: reason !== null,
    reason_zh: reason,
    numerator: part(numField, num),
    denominator: part(denField, den),
  };
}

function countTrueFigure(field: Row, pop: Population): CountTrueFigure {
  let trueCount = 0;
  let falseCount = 0;
  let blankCount = 0;
  const read = reader(field);
  for (const unit of pop.reported) {
    const v = read(unit);
    if (v === true) trueCount++;
    else if (v === false) falseCount++;
    else blankCount++;
  }
  const b = base(field, pop);
  const reason = reasonText(b.missing, blankCount, undefined, false, b.returned);
  return {
    ...b,
    // The rolled-up figure counts units, whatever the sheet's 是/否 unit says.
    unit: '家',
    aggregation: 'count_true',
    value: trueCount,
    share: pop.expected > 0 ? round((trueCount / pop.expected) * 100, 4) : null,
    trueCount,
    falseCount,
    blankCount,
    blank: blankCount,
    incomplete: reason !== null,
    reason_zh: reason,
    text_zh: `${trueCount}/${pop.expected}家为“是”${reason ? `（${reason}）` : ''}`,
  };
}

function maxFigure(field: Row, pop: Population): MaxFigure {
  const valueType = field.type === 'date' ? 'date' : 'number';
  let best: number | string | null = null;
  let fromUnits: string[] = [];
  let blank = 0;
  const read = reader(field);
  for (const unit of pop.reported) {
    const v = read(unit);
    const ok = valueType === 'date' ? typeof v === 'string' && DATE.test(v) : isNumber(v);
    if (!ok) {
      blank++;
      continue;
    }
    const value = v as number | string;
    if (best === null || value > best) {
      best = value;
      fromUnits = [unit.code];
    } else if (value === best) fromUnits.push(unit.code);
  }
  const b = base(field, pop);
  // A max describes one shared list or a date: most units rightly leave it blank, so only
  // units that have not reported at all make it incomplete.
  const reason = reasonText(b.missing, 0, undefined, false, b.returned);
  return { ...b, aggregation: 'max', valueType, value: best, fromUnits, blank, incomplete: reason !== null, reason_zh: reason };
}

function textListFigure(field: Row, pop: Population): TextListFigure {
  const items: TextListFigure['items'] = [];
  let blank = 0;
  const read = reader(field);
  for (const unit of pop.reported) {
    const v = read(unit);
    const text = typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : String(v);
    if (text === '') blank++;
    else items.push({ unitCode: unit.code, unitName: unit.name, text });
  }
  const b = base(field, pop);
  const reason = reasonText(b.missing, 0, undefined, false, b.returned);
  return { ...b, aggregation: 'none_text_list', value: null, items, blank, incomplete: reason !== null, reason_zh: reason };
}

/**
 * The sheet that holds the group's list of `holder` (list rule): the largest one among the units
 * counted (a district's 区人民政府, the city's whole-city list); the first in group order on a tie.
 */
function listHolder(holder: Row, pop: Population): UnitResult | null {
  const read = reader(holder);
  let best: UnitResult | null = null;
  let bestValue = -Infinity;
  for (const unit of pop.reported) {
    const v = read(unit);
    if (isNumber(v) && v > bestValue) {
      best = unit;
      bestValue = v;
    }
  }
  return best;
}

/** A list read off the sheet holding another list (e.g. online items of the counted service list). */
function heldListFigure(catalogue: Catalogue, field: Row, holder: Row, pop: Population): MaxFigure {
  const unit = listHolder(holder, pop);
  const v = unit ? reader(field)(unit) : null;
  const b = base(field, pop);
  const reason = reasonText(b.missing, 0, undefined, false, b.returned);
  const blank = pop.reported.filter((u) => !isNumber(reader(field)(u))).length;
  return {
    ...b,
    aggregation: 'max',
    valueType: 'number',
    value: isNumber(v) ? v : null,
    fromUnits: unit && isNumber(v) ? [unit.code] : [],
    blank,
    incomplete: reason !== null,
    reason_zh: reason,
  };
}

/** A rate of list parts: the holding sheet's own numerator over its own denominator, never sums across levels. */
function listRatioFigure(catalogue: Catalogue, field: Row, pop: Population): RatioFigure {
  const numField = catalogue.field(field.numerator!)!;
  const denField = catalogue.field(field.denominator!)!;
  const unit = listHolder(denField, pop);
  const num = unit ? reader(numField)(unit) : null;
  const den = unit ? reader(denField)(unit) : null;
  const b = base(field, pop);
  const value = isNumber(num) && isNumber(den) && den !== 0 ? round((num / den) * 100, 4) : null;
  const reason = reasonText(b.missing, 0, undefined, false, b.returned);
  const part = (f: Row, v: CellValue | null): RatioPart => ({
    code: f.code,
    name_zh: f.name_zh,
    value: isNumber(v) ? v : null,
    incomplete: reason !== null,
    missing: b.missing,
    blank: 0,
  });
  return {
    ...b,
    aggregation: 'ratio',
    value,
    blank: 0,
    incomplete: reason !== null,
    reason_zh: reason,
    numerator: part(numField, num),
    denominator: part(denField, den),
  };
}

/** Whether a unit meets a rule's condition (e.g. R30's 已向社会公开 = 是). */
function conditionMet(cond: Condition, unit: UnitResult): boolean {
  const v = unit.values[cond.code] ?? null;
  switch (cond.op) {
    case 'eq':
      return v === cond.value;
    case 'gt':
      return isNumber(v) && v > cond.value;
    case 'filled':
      return v !== null && v !== '';
    case 'eq_indicator':
      return v !== null && v === (unit.values[cond.other] ?? null);
  }
}

const dateZh = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/**
 * A date with a deadline rule: the units that met it out of those expected (报送 by 3月1日, 公开 by
 * 4月1日 of the next year). A unit the rule asks no date of (未公开) is not on time; a blank date the
 * rule asks for makes the figure incomplete.
 */
function onTimeFigure(catalogue: Catalogue, field: Row, pop: Population, year: number): OnTimeFigure {
  const ruleId = field.rollup?.kind === 'on_time' ? field.rollup.rule : '';
  const rule = catalogue.rules.find((r) => r.id === ruleId);
  const deadline = deadlineOf(catalogue, ruleId, year) ?? '';
  const read = reader(field);
  let onTime = 0;
  let late = 0;
  let notDone = 0;
  let blankCount = 0;
  let latest: string | null = null;
  for (const unit of pop.reported) {
    if (rule?.kind === 'deadline' && rule.when && !conditionMet(rule.when, unit)) {
      notDone++;
      continue;
    }
    const v = read(unit);
    if (typeof v !== 'string' || !DATE.test(v)) {
      blankCount++;
      continue;
    }
    if (latest === null || v > latest) latest = v;
    // ISO dates compare as strings; the deadline day itself is on time (R29: ≤ 3月1日).
    if (v <= deadline) onTime++;
    else late++;
  }
  const b = base(field, pop);
  const reason = reasonText(b.missing, blankCount, '未填日期', false, b.returned);
  const parts = [
    ...(late > 0 ? [`${late}家逾期`] : []),
    ...(notDone > 0 ? [`${notDone}家${field.code === 'meta.report_published_date' ? '未公开' : '未完成'}`] : []),
    ...(reason ? [reason] : []),
  ];
  return {
    ...b,
    unit: '家',
    aggregation: 'on_time',
    ruleId,
    deadline,
    value: onTime,
    share: pop.expected > 0 ? round((onTime / pop.expected) * 100, 4) : null,
    onTime,
    late,
    notDone,
    blankCount,
    blank: blankCount,
    latest,
    incomplete: reason !== null,
    reason_zh: reason,
    text_zh: `${onTime}/${pop.expected}家按期（${deadline ? `${dateZh(deadline)}前` : '期限未定'}）${parts.length > 0 ? `（${parts.join('、')}）` : ''}`,
  };
}
