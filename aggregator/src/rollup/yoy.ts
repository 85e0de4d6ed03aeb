// Year on year: each numeric figure carries last year's value and the change; swings (the core's one
// rule, the upload's and the pane's) become findings for the leaders' review.
import { yoyChange } from '../../../templates/src/core/yoy';
import { isNumber, round } from './figures';
import type { Change, Figure, Rollup, RollupGroup } from './types';

export { DEFAULT_YOY_THRESHOLD } from '../../../templates/src/core/yoy';

/** The core's yoyChange, shown as the rollup shows it: the change rounded, the relative change in percent. */
export function changeOf(value: number | null, last: number | null, threshold: number): Change | null {
  if (value === null || last === null) return null;
  const { abs, pct, swing } = yoyChange(value, last, threshold);
  return { abs: round(abs!, 6), pct: pct === null ? null : round(pct * 100, 2), swing };
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
