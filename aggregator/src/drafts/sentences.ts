// A sentence of the phrase file → text segments, from the figures of one unit, district or city.
// The rules of issue 17: a clause whose value is blank (or not applicable) is left out; 0 takes the
// clause's 无/未发生 wording; x = y (a rate of 100%, every unit 是) takes its 全部 wording; 是/否 is
// the share of units; where a figure is incomplete the sentence ends with a note for the drafter.
import type { Figure } from '../rollup';
import { fill } from './fill';
import { formatFigureValue, yoyOf } from './numbers';
import type { Clause, Sentence } from './phrases';
import type { Segment } from './types';

const isPositive = (figure: Figure | undefined) => !!figure && typeof figure.value === 'number' && figure.value > 0;

/** The clause's text for these figures, or null when it is left out. */
export function clauseText(clause: Clause, figures: Readonly<Record<string, Figure>>): string | null {
  const figure = figures[clause.code];
  // Not applicable to the unit (or to any unit of the group).
  if (!figure || figure.expected === 0) return null;
  if (clause.requires !== undefined && !isPositive(figures[clause.requires])) return null;

  if (figure.aggregation === 'count_true') return shareText(clause, figure);
  if (figure.aggregation === 'on_time') return onTimeText(clause, figure);
  if (figure.aggregation === 'none_text_list' || typeof figure.value !== 'number') return null;
  const value = figure.value;
  if (value === 0 && clause.zero !== undefined) return clause.zero;
  if (clause.full !== undefined) {
    const whole = clause.of === undefined ? 100 : figures[clause.of]?.value;
    if (value > 0 && value === whole) return clause.full;
  }
  const text = fill(clause.text, { value: formatFigureValue(figure, value) });
  const yoy = clause.yoy ? yoyOf(figure).phrase : null;
  return yoy ? `${text}，${yoy}` : text;
}

/** 是/否: one unit answers 是 or 否; several are counted ("69家单位中58家…"). */
function shareText(clause: Clause, figure: Extract<Figure, { aggregation: 'count_true' }>): string | null {
  const answered = figure.trueCount + figure.falseCount;
  if (answered === 0) return null;
  if (figure.expected === 1) return figure.trueCount === 1 ? (clause.yes ?? null) : (clause.no ?? null);
  const words = { units: String(figure.expected), count: String(figure.trueCount) };
  if (figure.trueCount === figure.expected && clause.full !== undefined) return fill(clause.full, words);
  if (figure.trueCount === 0 && clause.zero) return clause.zero;
  return fill(clause.text, words);
}

/** A deadline: one unit met it or not; several are counted ("69家单位中58家在次年3月1日前报送"). */
function onTimeText(clause: Clause, figure: Extract<Figure, { aggregation: 'on_time' }>): string | null {
  if (figure.reported === 0) return null;
  if (figure.expected === 1) return figure.onTime === 1 ? (clause.yes ?? null) : (clause.no ?? null);
  const words = { units: String(figure.expected), count: String(figure.onTime) };
  if (figure.onTime === figure.expected && clause.full !== undefined) return fill(clause.full, words);
  if (figure.onTime === 0 && clause.zero) return clause.zero;
  return fill(clause.text, words);
}

export interface RenderedSentence {
  segments: Segment[];
  /** Codes of the figures written, in order. */
  codes: string[];
}

/**
 * The sentence with its lead ("{scope}" → 本单位/全区/全市), clauses joined by "，", and a note for
 * the drafter before the full stop when a figure in it is incomplete. Null when every clause is out.
 */
export function renderSentence(sentence: Sentence, figures: Readonly<Record<string, Figure>>, scope: string): RenderedSentence | null {
  const shown = sentence.clauses
    .map((clause) => ({ clause, text: clauseText(clause, figures) }))
    .filter((c): c is { clause: Clause; text: string } => c.text !== null);
  if (shown.length === 0) return null;
  const segments: Segment[] = [{ kind: 'text', text: fill(sentence.lead ?? '{scope}', { scope }) }];
  shown.forEach(({ clause, text }, i) => {
    if (i > 0) segments.push({ kind: 'text', text: '，' });
    segments.push({ kind: 'figure', code: clause.code, text });
  });
  const note = incompleteNote(shown.map(({ clause }) => figures[clause.code]));
  if (note) segments.push({ kind: 'note', text: note });
  segments.push({ kind: 'text', text: '。' });
  return { segments, codes: shown.map(({ clause }) => clause.code) };
}

/**
 * 【待核：3家未报送】: the reason most of the sentence's incomplete figures share, then each figure
 * with another reason by name (【待核：1家未报送；受理数1家未报送、2家空白】).
 */
export function incompleteNote(figures: readonly Figure[]): string | null {
  const incomplete = figures.filter((f) => f.incomplete && f.reason_zh);
  if (incomplete.length === 0) return null;
  const count = new Map<string, number>();
  for (const f of incomplete) count.set(f.reason_zh!, (count.get(f.reason_zh!) ?? 0) + 1);
  // Most frequent first; on a tie, the one met first in the sentence.
  const common = [...count.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
  const others = incomplete.filter((f) => f.reason_zh !== common).map((f) => `${f.name_zh}${f.reason_zh}`);
  return `【待核：${[common, ...others].join('；')}】`;
}
