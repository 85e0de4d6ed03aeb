// Year on year: each numeric figure carries last year's value and the change; swings beyond the
// threshold (or from 0 to non-zero) become findings for the leaders' review.
import { isNumber, round } from './figures';
import type { Change, Figure, Rollup, RollupGroup } from './types';

export { DEFAULT_YOY_THRESHOLD } from '../../../templates/src/core/yoy';

export function changeOf(value: number | null, last: number | null, threshold: number): Change | null {
  if (value === null || last === null) return null;
  const abs = round(value - last, 6);
  const pct = last === 0 ? null : round(((value - last) / Math.abs(last)) * 100, 2);
  const swing = last === 0 ? value !== 0 : Math.abs(pct!) > threshold * 100;
  return { abs, pct, swing };
}

function numericValue(figure: Figure | undefined): number | null {
  if (!figure || figure.expected === 0) return null;
  if (figure.aggregation === 'none_text_list') return null;
  return isNumber(figure.value) ? figure.value : null;
}

/** Fills `last`, `lastIncomplete` and `change` of every numeric figure from last year's rollup. */
export function applyYoy(groups: RollupGroup[], last: Pick<Rollup, 'groups'>, threshold: number): void {
  const lastGroups = new Map(last.groups.map((g) => [g.code, g]));
  for (const group of groups) {
    const lastGroup = lastGroups.get(group.code);
    for (const figure of Object.values(group.figures)) {
      if (figure.aggregation === 'none_text_list') continue;
      if (figure.aggregation === 'max' && figure.valueType === 'date') continue;
      const lastFigure = lastGroup?.figures[figure.code];
      if (lastFigure && lastFigure.aggregation !== figure.aggregation) continue;
      figure.last = numericValue(lastFigure);
      figure.lastIncomplete = figure.last !== null && (lastFigure?.incomplete ?? false);
      figure.change = changeOf(numericValue(figure), figure.last, threshold);
    }
  }
}
