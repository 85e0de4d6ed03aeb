// Year-on-year swings: a figure that moved by more than the threshold is not wrong, but leaders will
// ask about it, so the unit is asked to explain it in the 备注 column while it still has the facts.
import type { Catalogue } from './catalogue';
import { computeDerived } from './derive';
import { formatNumber, locate, messages } from './messages';
import type { CellValue, FilledSheet, Problem } from './model';

export interface YoyChange {
  /** current − last; null when either is blank. */
  abs: number | null;
  /** Relative change as a fraction (0.5 = +50 %); null when last is 0 or either is blank. */
  pct: number | null;
}

export function yoyChange(current: number | null, last: number | null): YoyChange {
  if (current === null || last === null) return { abs: null, pct: null };
  const abs = current - last;
  return { abs, pct: last === 0 ? null : abs / last };
}

const NUMERIC_TYPES = new Set(['integer', 'decimal', 'percent']);
const num = (v: CellValue | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A change beyond ±50 % is flagged unless YOY_THRESHOLD says otherwise (upload, add-in and rollups alike). */
export const DEFAULT_YOY_THRESHOLD = 0.5;

/**
 * Rule YOY for every applicable numeric indicator (header fields excluded): a warning when the
 * change exceeds ±threshold or the figure went from 0 to non-zero; 'info' when the row's 备注 is
 * already filled. Last year's derived values are recomputed from its inputs when not given.
 */
export function yoyProblems(
  catalogue: Catalogue,
  sheet: FilledSheet,
  current: { values: Record<string, CellValue | null>; derived: Record<string, number | null> },
  lastYear: Record<string, CellValue | null>,
  threshold = DEFAULT_YOY_THRESHOLD,
): Problem[] {
  const lastDerived = computeDerived(catalogue, sheet.unitType, lastYear);
  const problems: Problem[] = [];
  for (const field of catalogue.fields) {
    if (field.section === 'meta' || !NUMERIC_TYPES.has(field.type) || !catalogue.appliesTo(field, sheet.unitType)) continue;
    const now = num(field.derived ? current.derived[field.code] : current.values[field.code]);
    const before = num(field.derived && lastYear[field.code] === undefined ? lastDerived[field.code] : lastYear[field.code]);
    const { abs, pct } = yoyChange(now, before);
    if (abs === null || abs === 0) continue;
    const fromZero = before === 0;
    if (!fromZero && Math.abs(pct!) <= threshold) continue;
    const cell = sheet.cells[field.code];
    const remark = cell?.remark?.trim() || undefined;
    const unit = field.unit_zh === '%' ? '%' : ` ${field.unit_zh}`;
    const show = (n: number) => `${formatNumber(field.type === 'percent' ? Number(n.toFixed(1)) : n)}${unit}`;
    const change = fromZero
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
