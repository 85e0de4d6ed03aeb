// The single-sheet validator: pure, fast enough to run on every edit in the add-in, and the same
// code the upload check runs. It normalises every input cell, recomputes the derived values and
// applies the catalogue's rules. Cross-sheet consistency (R31) is `batchYearProblems`.
import { appliesToUnit, currentCatalogue, needsEnforcementPowers } from './catalogue';
import type { Catalogue, Condition, Indicator, Rule, UnitType } from './catalogue';
import { columnNumber } from './cell-address';
import { NOT_APPLICABLE } from './contract';
import { computeDerived } from './derive';
import { formatNumber, formatValue, locate, messages, shortName } from './messages';
import type { CellRef, CellValue, FileProblem, FilledSheet, Problem, RawCell, Severity, SheetCell } from './model';
import { normalizeCell } from './normalize';

export interface ValidationResult {
  /** Normalised inputs (applicable, non-derived fields; null = blank or invalid). */
  values: Record<string, CellValue | null>;
  /** Recomputed, never read from the sheet. */
  derived: Record<string, number | null>;
  /** Errors, then warnings, then info; within a severity in sheet order. */
  problems: Problem[];
}

export const hasErrors = (problems: Problem[]): boolean => problems.some((p) => p.severity === 'error');

type RuleOf<K extends Rule['kind']> = Extract<Rule, { kind: K }>;

/** The catalogue's rules sorted by what the validator does with them; built once per catalogue. */
interface Plan {
  range?: RuleOf<'range'>;
  applicability?: RuleOf<'applicability'>;
  requiredText?: RuleOf<'required_text'>;
  derivedReadonly: RuleOf<'derived_readonly'>[];
  crossField: (RuleOf<'le'> | RuleOf<'implies'> | RuleOf<'deadline'>)[];
  batch?: RuleOf<'batch_consistent'>;
}

const plans = new WeakMap<Catalogue, Plan>();

function planOf(catalogue: Catalogue): Plan {
  let plan = plans.get(catalogue);
  if (plan) return plan;
  plan = { derivedReadonly: [], crossField: [] };
  for (const rule of catalogue.rules) {
    switch (rule.kind) {
      case 'range':
        plan.range = rule;
        break;
      case 'applicability':
        plan.applicability = rule;
        break;
      case 'required_text':
        plan.requiredText = rule;
        break;
      case 'derived_readonly':
        plan.derivedReadonly.push(rule);
        break;
      case 'batch_consistent':
        plan.batch = rule;
        break;
      default:
        plan.crossField.push(rule);
    }
  }
  plans.set(catalogue, plan);
  return plan;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Validates one filled sheet. `reportYear` overrides the sheet's own 报告年度 for the deadline rules. */
export function validateSheet(catalogue: Catalogue, sheet: FilledSheet, opts: { reportYear?: number } = {}): ValidationResult {
  const plan = planOf(catalogue);
  const unitType = sheet.unitType;
  const values: Record<string, CellValue | null> = {};
  // Cells already reported as unreadable: rules skip them so one fault gives one problem.
  const invalid = new Set<string>();
  const problems: Problem[] = [];
  const add = (rule: string, severity: Severity, codes: string[], message: string) => {
    const cells = codes.map((c) => sheet.cells[c]?.ref).filter((r): r is CellRef => r !== undefined);
    problems.push({ rule, severity, codes, cells, message });
  };
  const at = (field: Indicator) => locate(sheet.cells[field.code]?.ref, field);

  for (const field of catalogue.fields) {
    const cell = sheet.cells[field.code];
    // The 备注 column is an input cell on every row, applicable or not.
    if (cell?.remarkFormula) {
      const { ref, formula } = cell.remarkFormula;
      problems.push({ rule: 'FORMULA', severity: 'error', codes: [field.code], cells: [ref], message: locate(ref, field) + messages.remarkFormula(formula) });
    }
    if (!catalogue.appliesTo(field, unitType)) {
      if (cell && holdsValue(cell)) {
        const rule = plan.applicability;
        add(rule?.id ?? 'TYPE', rule?.severity ?? 'error', [field.code],
          at(field) + messages.notApplicable(field, describeRaw(cell.raw), rule?.message_zh ?? ''));
      }
      continue;
    }
    // Enforcement indicators (section enforcement_powers) are not filled by a unit without 行政执法
    // powers: its template marks them 不适用, read as blank here; the upload's registry check then
    // refuses a value from such a unit (the sheet alone cannot say which units hold those powers).
    const enforcementNA = needsEnforcementPowers(catalogue, field) && cell !== undefined && !cell.formula && !holdsValue(cell);
    if (field.derived) {
      if (cell && !cell.formula && !isBlankRaw(cell.raw) && !enforcementNA) {
        const rule = derivedRuleFor(plan, field.code, unitType);
        add(rule?.id ?? 'FORMULA', rule?.severity ?? 'error', [field.code],
          at(field) + messages.derivedConstant(describeRaw(cell.raw), rule?.message_zh ?? ''));
      }
      continue;
    }

    values[field.code] = null;
    // A row the sheet lacks has no cell to point at: the reader reports it as STRUCTURE.
    if (!cell) continue;
    if (cell.formula) {
      invalid.add(field.code);
      add('FORMULA', 'error', [field.code], at(field) + messages.formula);
      continue;
    }
    if (enforcementNA) continue;
    const normalized = normalizeCell(field, cell.raw, { date1904: sheet.date1904 });
    if (!normalized.ok) {
      invalid.add(field.code);
      add('TYPE', 'error', [field.code], at(field) + normalized.reason);
      continue;
    }
    const value = normalized.value;
    if (value === null) {
      if (field.required) {
        const textRule = field.type === 'text' && field.section !== 'meta' ? plan.requiredText : undefined;
        if (textRule && appliesToUnit(textRule.applies_to, unitType)) {
          add(textRule.id, textRule.severity, [field.code], at(field) + messages.requiredText(textRule.message_zh));
        } else {
          add('REQUIRED', 'error', [field.code], at(field) + messages.required(field));
        }
      }
      continue;
    }
    if (typeof value === 'number' && outOfRange(field, value)) {
      invalid.add(field.code);
      const rule = plan.range;
      add(rule?.id ?? 'TYPE', rule?.severity ?? 'error', [field.code], at(field) + messages.outOfRange(field, value));
      continue;
    }
    const minItems = plan.requiredText?.min_items[field.code];
    if (typeof value === 'string' && minItems && appliesToUnit(plan.requiredText!.applies_to, unitType)) {
      const count = countItems(value);
      if (count < minItems) {
        add(plan.requiredText!.id, plan.requiredText!.severity, [field.code], at(field) + messages.tooFewItems(count, minItems));
      }
    }
    values[field.code] = value;
  }

  const derived = computeDerived(catalogue, unitType, values);
  const ctx: RuleContext = { catalogue, sheet, values, invalid, add, at, reportYear: opts.reportYear };
  for (const rule of plan.crossField) {
    if (!appliesToUnit(rule.applies_to, unitType)) continue;
    if (rule.kind === 'le') checkLe(ctx, rule);
    else if (rule.kind === 'implies') checkImplies(ctx, rule);
    else checkDeadline(ctx, rule);
  }

  return { values, derived, problems: sortProblems(problems) };
}

interface RuleContext {
  catalogue: Catalogue;
  sheet: FilledSheet;
  values: Record<string, CellValue | null>;
  invalid: Set<string>;
  add: (rule: string, severity: Severity, codes: string[], message: string) => void;
  at: (field: Indicator) => string;
  reportYear?: number;
}

function checkLe(ctx: RuleContext, rule: RuleOf<'le'>): void {
  const num = (code: string) => {
    const v = ctx.values[code];
    return typeof v === 'number' ? v : null;
  };
  const leftPresent = rule.left.filter((c) => num(c) !== null);
  if (leftPresent.length === 0) return;
  const zeroed: string[] = [];
  for (const code of rule.right) {
    if (num(code) !== null) continue;
    const blank = !ctx.invalid.has(code);
    if (!blank || !rule.blank_as_zero?.includes(code)) return;
    zeroed.push(code);
  }
  for (const code of zeroed) {
    if (ctx.sheet.cells[code]) {
      ctx.add(rule.id, 'info', [code], ctx.at(ctx.catalogue.field(code)!) + messages.blankAsZero(rule.message_zh));
    }
  }
  const leftSum = leftPresent.reduce((s, c) => s + num(c)!, 0);
  const rightSum = rule.right.reduce((s, c) => s + (num(c) ?? 0), 0);
  // Tolerance for decimal fields: 0.1 + 0.2 must not exceed 0.3.
  if (leftSum <= rightSum + 1e-9) return;
  const term = (code: string) => {
    const field = ctx.catalogue.field(code)!;
    return zeroed.includes(code) ? `${shortName(field)} 0（未填，按0计）` : `${shortName(field)} ${formatNumber(num(code)!)}`;
  };
  const side = (codes: string[], total: number) =>
    codes.length > 1 ? `${codes.map(term).join(' ＋ ')} ＝ ${formatNumber(total)}` : term(codes[0]);
  const first = ctx.catalogue.field(leftPresent[0])!;
  ctx.add(rule.id, rule.severity, [...leftPresent, ...rule.right],
    ctx.at(first) + messages.le(rule.message_zh, side(leftPresent, leftSum), side(rule.right, rightSum), rule.severity));
}

const conditionCodes = (c: Condition): string[] => (c.op === 'eq_indicator' ? [c.code, c.other] : [c.code]);

function conditionMet(c: Condition, values: Record<string, CellValue | null>): boolean {
  const v = values[c.code] ?? null;
  switch (c.op) {
    case 'eq':
      return v === c.value;
    case 'gt':
      return typeof v === 'number' && v > c.value;
    case 'filled':
      return v !== null;
    case 'eq_indicator': {
      const other = values[c.other] ?? null;
      return typeof v === 'number' && typeof other === 'number' && Math.abs(v - other) < 1e-9;
    }
  }
}

function checkImplies(ctx: RuleContext, rule: RuleOf<'implies'>): void {
  if (!conditionMet(rule.if, ctx.values)) return;
  const thenCodes = conditionCodes(rule.then);
  // An unreadable or missing "then" cell, or a required one left blank, is already reported.
  for (const code of thenCodes) {
    if (ctx.invalid.has(code) || !ctx.sheet.cells[code]) return;
    if (ctx.values[code] === null && ctx.catalogue.field(code)!.required) return;
  }
  if (conditionMet(rule.then, ctx.values)) return;
  const codes = [...thenCodes, ...conditionCodes(rule.if).filter((c) => !thenCodes.includes(c))];
  const fact = (code: string) => `${shortName(ctx.catalogue.field(code)!)} ${formatValue(ctx.values[code])}`;
  const facts = [...conditionCodes(rule.if), ...thenCodes.filter((c) => !conditionCodes(rule.if).includes(c))].map(fact);
  ctx.add(rule.id, rule.severity, codes,
    ctx.at(ctx.catalogue.field(thenCodes[0])!) + messages.implies(rule.message_zh, facts.join('，'), rule.severity));
}

function checkDeadline(ctx: RuleContext, rule: RuleOf<'deadline'>): void {
  if (rule.when && !conditionMet(rule.when, ctx.values)) return;
  const date = ctx.values[rule.code];
  const sheetYear = ctx.values['meta.report_year'];
  const year = ctx.reportYear ?? (typeof sheetYear === 'number' ? sheetYear : null);
  if (typeof date !== 'string' || year === null) return;
  const { years_after, month, day } = rule.deadline;
  const deadline = `${year + years_after}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  // ISO dates compare correctly as strings.
  if (date <= deadline) return;
  ctx.add(rule.id, rule.severity, [rule.code],
    ctx.at(ctx.catalogue.field(rule.code)!) + messages.deadline(date, year, deadline, rule.message_zh));
}

/** R03 names its codes; R25 covers every other derived field. A cell gets one of them, never both. */
function derivedRuleFor(plan: Plan, code: string, unitType: UnitType): RuleOf<'derived_readonly'> | undefined {
  const applicable = plan.derivedReadonly.filter((r) => appliesToUnit(r.applies_to, unitType));
  return applicable.find((r) => r.codes?.includes(code)) ?? applicable.find((r) => !r.codes);
}

function outOfRange(field: Indicator, n: number): boolean {
  return n < (field.min ?? 0) || (field.max !== undefined && n > field.max);
}

function isBlankRaw(raw: RawCell): boolean {
  return raw.kind === 'empty' || (raw.kind === 'string' && raw.value.trim() === '');
}

/** A non-applicable cell may be blank or say 不适用 (the template writes that); anything else counts. */
function holdsValue(cell: SheetCell): boolean {
  if (isBlankRaw(cell.raw)) return false;
  return !(cell.raw.kind === 'string' && cell.raw.value.trim() === NOT_APPLICABLE);
}

function describeRaw(raw: RawCell): string {
  switch (raw.kind) {
    case 'empty':
      return '空值';
    case 'number':
      return formatNumber(raw.value);
    case 'string':
      return `“${raw.value.trim()}”`;
    case 'boolean':
      return raw.value ? 'TRUE' : 'FALSE';
    case 'error':
      return raw.value;
  }
}

// Items of a narrative: lines or segments split by newlines and semicolons (；;), and inside a
// segment by numbered markers that start it or follow punctuation or a space: "1." "1、" "1)"
// "（1）" "一、" "一是", and "①" anywhere. Markers not after punctuation ("第1、2项") and numbers such as "10.5"
// do not split. A segment ending with a colon ("主要安排如下：") is a heading, not an item.
const SEGMENT_SEPARATORS = /[\r\n;；]+/;
// No lookbehind: older Safari (Excel on Mac) rejects it when the add-in bundle loads.
const ITEM_MARKER =
  /(^|[。！？!?，,：:\s])(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.．、)）](?!\d)|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）]|[一二三四五六七八九十]{1,3}是)/g;
// Circled numbers are never anything but item markers, wherever they stand.
const CIRCLED_MARKER = /[①-⑳]/g;
const ITEM_BREAK = '\u0000';
const HAS_CONTENT = /[\p{L}\p{N}]/u;

/** How many items a narrative lists (see the counting rules above). */
export function countItems(text: string): number {
  let count = 0;
  for (const raw of text.split(SEGMENT_SEPARATORS)) {
    const segment = raw.trim();
    if (!segment || /[：:]$/.test(segment)) continue;
    const pieces = segment.replace(CIRCLED_MARKER, ITEM_BREAK).replace(ITEM_MARKER, `$1${ITEM_BREAK}`).split(ITEM_BREAK);
    if (pieces.length === 1) {
      if (HAS_CONTENT.test(segment)) count += 1;
      continue;
    }
    // pieces[0] is a lead-in before the first marker; each later piece is one numbered item.
    count += pieces.slice(1).filter((p) => HAS_CONTENT.test(p)).length;
  }
  return count;
}

function cellOrder(ref: CellRef | undefined): [number, number] {
  const m = ref ? /^\$?([A-Z]+)\$?(\d+)$/.exec(ref.address) : null;
  if (!m) return [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  return [Number(m[2]), columnNumber(m[1])];
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i, at: cellOrder(p.cells[0]) }))
    .sort((a, b) => SEVERITY_RANK[a.p.severity] - SEVERITY_RANK[b.p.severity] || a.at[0] - b.at[0] || a.at[1] - b.at[1] || a.i - b.i)
    .map((x) => x.p);
}

/**
 * R31: every sheet of one roll-up batch must report the same year. The batch's year is the one most
 * files give; each file that differs gets an error. With no single most common year every file
 * with a year is reported, since there is no way to tell which ones are right. Each problem says
 * which file it belongs to as data (its position in `years`), never only in its message.
 */
export function batchYearProblems(years: { file: string; year: number | null }[], catalogue: Catalogue = currentCatalogue()): FileProblem[] {
  const rule = planOf(catalogue).batch;
  const code = rule?.code ?? 'meta.report_year';
  const counts = new Map<number, number>();
  for (const { year } of years) if (year !== null) counts.set(year, (counts.get(year) ?? 0) + 1);
  if (counts.size <= 1) return [];
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const majority = ranked[0][1] > ranked[1][1] ? { year: ranked[0][0], files: ranked[0][1] } : null;
  const spread = ranked.map(([y, n]) => `${y} 年度 ${n} 份`).join('、');
  const problems: FileProblem[] = [];
  years.forEach(({ file, year }, at) => {
    if (year === null || year === majority?.year) return;
    problems.push({
      at,
      file,
      problem: {
        rule: rule?.id ?? 'META',
        severity: rule?.severity ?? 'error',
        codes: [code],
        cells: [],
        message: messages.batchYear(file, year, majority, spread, rule?.message_zh ?? ''),
      },
    });
  });
  return problems;
}
