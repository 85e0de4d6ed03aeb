// How numbers are written in a 公文: Arabic numerals, no thousands separators, rates to one decimal,
// and 同比 — in percent for counts, in 个百分点 for rates. This is the drafts' own 同比 wording
// (issue 17); shares of 是 read the rollup's Change, which is in 个百分点.
import type { Figure } from '../rollup';

/**
 * Half away from zero, after dropping binary noise (8.35 × 10 is 83.49999999999999 in floating
 * point, and a reader rounds 8.35 to 8.4).
 */
const roundTo = (x: number, digits: number) => {
  const f = 10 ** digits;
  const scaled = Number((Math.abs(x) * f).toPrecision(12));
  return (Math.sign(x) * Math.round(scaled)) / f;
};

/** 1423 → "1423"; 12.5 → "12.5"; 1234.567 → "1234.57" (no separators, no trailing zeros). */
export function formatCount(value: number): string {
  return String(roundTo(value, 2));
}

/** 7.0922 → "7.1"; 100 → "100"; 0 → "0". */
export function formatRate(value: number): string {
  return String(roundTo(value, 1));
}

/** A figure's own number as written, by aggregation (rates one decimal, others as counted). */
export function formatFigureValue(figure: Figure, value: number): string {
  return figure.aggregation === 'ratio' ? formatRate(value) : formatCount(value);
}

export interface Yoy {
  /** For the text, e.g. "同比下降12.3%"; null when not comparable (no last year, incomplete, from 0). */
  phrase: string | null;
  /** For the appendix: the phrase, or why there is none. */
  label: string;
}

/**
 * Year on year of a numeric figure. Comparable only when both years are complete: a total that
 * misses a unit would show a fall that is not there. Rates change in 个百分点, counts in percent.
 */
export function yoyOf(figure: Figure): Yoy {
  if (figure.aggregation === 'none_text_list') return { phrase: null, label: '—' };
  const value = typeof figure.value === 'number' ? figure.value : null;
  const last = figure.last;
  if (value === null) return { phrase: null, label: '—' };
  if (last === null) return { phrase: null, label: '无上年数据' };
  if (figure.incomplete || figure.lastIncomplete) return { phrase: null, label: `${figure.incomplete ? '本年' : '上年'}不完整，未比较` };
  if (figure.aggregation === 'on_time') {
    const points = roundTo((figure.share ?? 0) - last, 1);
    return { phrase: null, label: points === 0 ? '按期的占比与上年持平' : `按期的占比比上年${points > 0 ? '提高' : '下降'}${formatRate(Math.abs(points))}个百分点` };
  }
  if (figure.aggregation === 'count_true') {
    // The rollup compares the share of 是 (x/y against last year's x/y), in 个百分点.
    const points = roundTo((figure.share ?? 0) - last, 1);
    return { phrase: null, label: points === 0 ? '“是”的占比与上年持平' : `“是”的占比比上年${points > 0 ? '提高' : '下降'}${formatRate(Math.abs(points))}个百分点` };
  }
  if (figure.aggregation === 'ratio') {
    const points = roundTo(value - last, 1);
    const phrase = points === 0 ? level(value, last) : `同比${points > 0 ? '提高' : '下降'}${formatRate(Math.abs(points))}个百分点`;
    return { phrase, label: phrase };
  }
  if (last === 0) return value === 0 ? { phrase: '与上年持平', label: '与上年持平' } : { phrase: null, label: '上年为0' };
  const pct = roundTo(((value - last) / Math.abs(last)) * 100, 1);
  const phrase = pct === 0 ? level(value, last) : `同比${pct > 0 ? '增长' : '下降'}${formatRate(Math.abs(pct))}%`;
  return { phrase, label: phrase };
}

/** A change too small to show at one decimal is 基本持平, not 持平. */
const level = (value: number, last: number) => (value === last ? '与上年持平' : '与上年基本持平');
