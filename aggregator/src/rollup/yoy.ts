// Year on year: each numeric figure carries last year's value and the change; swings (the core's one
// rule, the upload's and the pane's) become findings for the leaders' review.
import type { Catalogue } from '../../../templates/src/core/catalogue';
import { yoyChange } from '../../../templates/src/core/yoy';
import { isNumber, round } from './figures';
import { rollupRow } from './rules';
import type { Change, Figure, Rollup, RollupGroup } from './types';

export { DEFAULT_YOY_THRESHOLD } from '../../../templates/src/core/yoy';

/**
 * The core's yoyChange, shown as the rollup shows it. Counts: the change rounded and the relative
 * change in percent. Rates and shares of 是 (`points`): the change in 个百分点, and no percent of a percent.
 */
export function changeOf(value: number | null, last: number | null, threshold: number, minChange = 0, points = false): Change | null {
  if (value === null || last === null) return null;
  const { abs, pct, swing } = yoyChange(value, last, threshold, minChange);
  if (points) return { abs: round(abs!, 2), pct: null, swing, points: true };
  return { abs: round(abs!, 6), pct: pct === null ? null : round(pct * 100, 2), swing, points: false };
}

/**
 * The number a figure compares year on year; null when there is nothing to compare. A group whose
 * units sent nothing that year has no figure, not a 0 (无上年数据, never "上年为0"). A 是/否 figure
 * compares its share of 是 (x/y), since y changes when units open, close or move.
 */
export function comparedValue(figure: Figure | undefined): number | null {
  if (!figure || figure.expected === 0 || figure.reported === 0) return null;
  if (figure.aggregation === 'none_text_list') return null;
  if (figure.aggregation === 'count_true' || figure.aggregation === 'on_time') return figure.share;
  return isNumber(figure.value) ? figure.value : null;
}

/** Fills `last`, `lastIncomplete` and `change` of every numeric figure from last year's rollup. */
export function applyYoy(catalogue: Catalogue, groups: RollupGroup[], last: Pick<Rollup, 'groups'>, threshold: number): void {
  const lastGroups = new Map(last.groups.map((g) => [g.code, g]));
  for (const group of groups) {
    const lastGroup = lastGroups.get(group.code);
    for (const figure of Object.values(group.figures)) {
      if (figure.aggregation === 'none_text_list') continue;
      if (figure.aggregation === 'max' && figure.valueType === 'date') continue;
      const lastFigure = lastGroup?.figures[figure.code];
      if (lastFigure && lastFigure.aggregation !== figure.aggregation) continue;
      const field = rollupRow(catalogue, figure.code);
      const points = figure.aggregation === 'ratio' || figure.aggregation === 'count_true' || figure.aggregation === 'on_time';
      figure.last = comparedValue(lastFigure);
      figure.lastIncomplete = figure.last !== null && (lastFigure?.incomplete ?? false);
      figure.change = changeOf(comparedValue(figure), figure.last, threshold, field?.yoy_min_change ?? 0, points);
    }
  }
}
