// Year-on-year swings: a figure that moved by more than the threshold is not wrong, but leaders will
// ask about it, so the unit is asked to explain it in the 备注 column while it still has the facts.
import type { Catalogue } from './catalogue';
import { figureOf, type Figures } from './derive';
import { formatNumber, locate, messages } from './messages';
import type { FilledSheet, Problem } from './model';

/** A change beyond ±50 % is flagged unless YOY_THRESHOLD says otherwise (upload, add-in, page and rollups alike). */
export const DEFAULT_YOY_THRESHOLD = 0.5;

/**
 * A relative change this close to the threshold counts as at it, not beyond: rates are computed
 * (7/10 against 7/15 is +50 % exactly, +0.5000000000000001 in floating point), and a swing must not
 * depend on the last bit of a division.
 */
const THRESHOLD_TOLERANCE = 1e-9;

export interface YoyChange {
  /** current − last; null when either is blank. */
  abs: number | null;
  /** Relative change as a fraction of |last| (0.5 = +50 %); null when last is 0 or either is blank. */
  pct: number | null;
  /**
   * The swing rule: beyond ±threshold (or from 0 to non-zero) AND at least `minChange` in absolute
   * terms, so a change is asked about only when it is material. False when either is blank.
   */
  swing: boolean;
}

/**
 * The one year-on-year rule: of the upload's YOY warnings, the pane's, the rollups' swings (and the
 * findings and red cells made of them) and the page's 同比. Issue-level changes of what counts as a
 * swing belong here and nowhere else.
 */
export function yoyChange(current: number | null, last: number | null, threshold = DEFAULT_YOY_THRESHOLD, minChange = 0): YoyChange {
  if (current === null || last === null) return { abs: null, pct: null, swing: false };
  const abs = current - last;
  const material = Math.abs(abs) - minChange > -THRESHOLD_TOLERANCE;
  if (last === 0) return { abs, pct: null, swing: abs !== 0 && material };
  const pct = abs / Math.abs(last);
  return { abs, pct, swing: Math.abs(pct) - threshold > THRESHOLD_TOLERANCE && material };
}

/** Rates (and shares of 是) change in 个百分点: 26.13 % → 44.53 % is +18.4 个百分点, not +70.43 %. */
export const changesInPoints = (field: { type: string }): boolean => field.type === 'percent' || field.type === 'boolean';

const NUMERIC_TYPES = new Set(['integer', 'decimal', 'percent']);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Rule YOY for every applicable numeric indicator (header fields excluded): a warning where
 * yoyChange says swing; 'info' when the row's 备注 is already filled. Both years' derived values
 * are the ones stored with (or checked for) each submission, never recomputed here.
 */
export function yoyProblems(catalogue: Catalogue, sheet: FilledSheet, current: Figures, lastYear: Figures, threshold = DEFAULT_YOY_THRESHOLD): Problem[] {
  const problems: Problem[] = [];
  for (const field of catalogue.fields) {
    if (field.section === 'meta' || !NUMERIC_TYPES.has(field.type) || !catalogue.appliesTo(field, sheet.unitType)) continue;
    const now = num(figureOf(current, field));
    const before = num(figureOf(lastYear, field));
    const { abs, pct, swing } = yoyChange(now, before, threshold, field.yoy_min_change);
    if (!swing || abs === null) continue;
    const cell = sheet.cells[field.code];
    const remark = cell?.remark?.trim() || undefined;
    const unit = field.unit_zh === '%' ? '%' : ` ${field.unit_zh}`;
    const show = (n: number) => `${formatNumber(field.type === 'percent' ? Number(n.toFixed(1)) : n)}${unit}`;
    const change = changesInPoints(field)
      ? `${abs > 0 ? '提高' : '下降'} ${formatNumber(Number(Math.abs(abs).toFixed(1)))} 个百分点`
      : before === 0
        ? null
        : `${abs > 0 ? '增加' : '减少'} ${show(Math.abs(abs))}（${abs > 0 ? '+' : '−'}${formatNumber(Number((Math.abs(pct!) * 100).toFixed(1)))}%）`;
    problems.push({
      rule: 'YOY',
      severity: remark ? 'info' : 'warning',
      codes: [field.code],
      cells: cell ? [cell.ref] : [],
      message: locate(cell?.ref, field) + messages.yoy(show(now!), show(before!), change, threshold, remark),
    });
  }
  return problems;
}
