// The extractor: report text in, candidate values per indicator out, each with the exact quote it
// came from. Deterministic and pure: the same text and cue data always give the same candidates.
//
// A number is a candidate for an indicator when a pattern of the indicator's cue phrases matches
// around it: every `near` group in the number's clause, every `context` group in its sentence or in
// the headings above, no veto word in the clause, and one of the indicator's measure words right
// after the number. 是/否 indicators need a clause matching a pattern and only ever propose 是.
import type { Catalogue, Indicator, UnitType } from '../../../templates/src/core/catalogue';
import { type CueFile, type CuePattern, MONEY_UNITS, patternsFor } from './cues';
import { maskSpans, overlapsMask, yearsNamed } from './mask';
import { type NumberToken, scanNumbers } from './numerals';
import { type Sentence, type Span, segment } from './segment';
import { type NormalizedText, normalizeReport, toOriginal } from './text';
import { partExceedsWhole } from './rules';
import type { Alternative, Candidate, CandidateFlag, Quote } from '../contract/baselines';

export type { Alternative, Candidate, CandidateFlag, Quote } from '../contract/baselines';

export interface Extraction {
  /** The report year found in the title, if any. */
  reportYear?: number;
  candidates: Candidate[];
}

export interface ExtractOptions {
  unitType: UnitType;
  catalogue: Catalogue;
  cues: CueFile;
  /** The year the report is about; found in the title when absent. */
  reportYear?: number;
}

/** Candidates scoring below this are not shown at all. */
const MIN_SCORE = 0.3;
const MAX_ALTERNATIVES = 4;
/** How far before a number a change word (增加, 减少) still makes it a change. */
const CHANGE_REACH = 4;

interface Found extends Alternative {
  /** Where the match sits in the normalised text, for a stable order. */
  at: number;
}

export function extractCandidates(original: string, options: ExtractOptions): Extraction {
  const { unitType, catalogue, cues } = options;
  const norm = normalizeReport(original);
  const text = norm.text;
  const reportYear = options.reportYear ?? titleYear(text);
  const sentences = segment(text, cues.parts).filter((s) => s.part === 'facts' && !hasAny(text, s, cues.plan_markers));
  const masks = maskSpans(text);

  const found = new Map<string, Found[]>();
  for (const [code, entry] of Object.entries(cues.indicators)) {
    const field = catalogue.field(code);
    if (!field || !catalogue.appliesTo(field, unitType)) continue;
    const patterns = patternsFor(entry, unitType);
    const list: Found[] = [];
    for (const sentence of sentences) {
      const context = `${text.slice(sentence.start, sentence.end)}\n${sentence.headings}`;
      for (const clause of sentence.clauses) {
        const clauseText = text.slice(clause.start, clause.end);
        if (entry.veto && entry.veto.some((w) => clauseText.includes(w))) continue;
        for (const pattern of patterns) {
          if (!matchesPattern(pattern, clauseText, context)) continue;
          if (field.type === 'boolean') {
            if (cues.negations.some((w) => clauseText.includes(w))) continue;
            list.push(booleanFound(norm, sentence, clause, pattern));
          } else {
            const tokens = scanNumbers(text, clause.start, clause.end).filter((t) => !overlapsMask(masks, t.start, t.end) && !t.percent);
            for (const token of tokens) {
              const measure = measureAfter(text, token, entry.measures ?? []);
              if (!measure) continue;
              const item = numberFound(norm, sentence, clause, pattern, token, measure, field, {
                cues,
                stock: entry.stock === true,
                reportYear,
              });
              if (item.score >= MIN_SCORE) list.push(item);
            }
          }
        }
      }
    }
    if (list.length > 0) found.set(code, list);
  }

  const candidates: Candidate[] = [];
  for (const field of catalogue.fields) {
    const list = found.get(field.code);
    if (!list) continue;
    candidates.push(toCandidate(field, list));
  }
  for (const problem of partExceedsWhole(candidates, catalogue, unitType)) {
    for (const code of problem.codes) {
      const candidate = candidates.find((c) => c.code === code)!;
      candidate.problems.push({ rule: problem.rule, message: problem.message });
      if (!candidate.flags.includes('part_exceeds_whole')) candidate.flags.push('part_exceeds_whole');
    }
  }
  return { reportYear, candidates };
}

function hasAny(text: string, span: Span, list: readonly string[]): boolean {
  const slice = text.slice(span.start, span.end);
  return list.some((w) => slice.includes(w));
}

function titleYear(text: string): number | undefined {
  const m = /((?:19|20)\d{2})\s*年/.exec(text.slice(0, 200));
  return m ? Number(m[1]) : undefined;
}

function matchesPattern(pattern: CuePattern, clauseText: string, context: string): boolean {
  if (pattern.veto?.some((w) => clauseText.includes(w))) return false;
  if (!pattern.near.every((group) => group.some((w) => clauseText.includes(w)))) return false;
  return !pattern.context || pattern.context.every((group) => group.some((w) => context.includes(w)));
}

/** The longest measure word right after the number (a space may stand between), if any. */
function measureAfter(text: string, token: NumberToken, measures: readonly string[]): string | undefined {
  let at = token.after;
  if (text[at] === ' ') at++;
  let best: string | undefined;
  for (const m of measures) if (text.startsWith(m, at) && (!best || m.length > best.length)) best = m;
  return best;
}

/**
 * How far the cue words sit from [start, end): for each near group the nearest occurrence of any
 * of its words, and the farthest of those. 0 when every group touches the span.
 */
function cueDistance(clauseText: string, clauseStart: number, pattern: CuePattern, start: number, end: number): number {
  let worst = 0;
  for (const group of pattern.near) {
    let best = Infinity;
    for (const w of group) {
      for (let i = clauseText.indexOf(w); i >= 0; i = clauseText.indexOf(w, i + 1)) {
        const ws = clauseStart + i;
        const we = ws + w.length;
        const d = we <= start ? start - we : ws >= end ? ws - end : 0;
        if (d < best) best = d;
      }
    }
    worst = Math.max(worst, best);
  }
  return worst;
}

function quoteOf(norm: NormalizedText, span: Span): Quote {
  return toOriginal(norm, span.start, span.end);
}

function booleanFound(norm: NormalizedText, sentence: Sentence, clause: Span, pattern: CuePattern): Found {
  const clauseText = norm.text.slice(clause.start, clause.end);
  // The tighter the cue words sit together, the surer the match.
  const score = round(0.6 + 0.3 / (1 + spreadOf(clauseText, pattern) / 15));
  return { value: true, approx: false, quote: quoteOf(norm, clause), sentence: quoteOf(norm, sentence), score, flags: [], at: clause.start };
}

function numberFound(
  norm: NormalizedText,
  sentence: Sentence,
  clause: Span,
  pattern: CuePattern,
  token: NumberToken,
  measure: string,
  field: Indicator,
  ctx: { cues: CueFile; stock: boolean; reportYear?: number },
): Found {
  const text = norm.text;
  const clauseText = text.slice(clause.start, clause.end);
  const measureEnd = (text[token.after] === ' ' ? token.after + 1 : token.after) + measure.length;
  const distance = cueDistance(clauseText, clause.start, pattern, token.start, measureEnd);
  const flags: CandidateFlag[] = [];
  let score = 0.55 + 0.2 / (1 + distance / 8) + (measure === field.unit_zh ? 0.05 : 0);
  // In “15条落实举措” the noun after the measure word is what is counted: a cue word there is the
  // strongest sign that the number is this indicator's.
  if (countsCueWord(text.slice(measureEnd, clause.end), pattern)) score += 0.1;

  const lead = text.slice(sentence.start, token.start);
  if (token.approx) {
    flags.push('approx');
    score -= 0.05;
  }
  if (ctx.cues.cumulative.some((w) => lead.includes(w))) {
    flags.push('cumulative');
    score -= ctx.stock ? 0.05 : 0.15;
  }
  if (ctx.cues.multi_year.some((w) => lead.includes(w)) || /(?:19|20)\d{2}\s*年?\s*[-－—–~～至到]\s*(?:19|20)\d{2}/.test(lead)) {
    flags.push('multi_year');
    score -= 0.3;
  }
  const years = yearsNamed(text, sentence.start, clause.end);
  if (ctx.reportYear !== undefined && years.length > 0 && years.every((y) => y !== ctx.reportYear)) {
    flags.push('other_year');
    score -= 0.3;
  }
  const justBefore = text.slice(Math.max(clause.start, token.start - CHANGE_REACH), token.start);
  const changeWord = ctx.cues.changes.find((w) => justBefore.includes(w));
  if (changeWord && !pattern.near.some((g) => g.includes(changeWord))) {
    flags.push('change');
    score -= 0.3;
  }
  // A lone 一 is as often a word (统一, 一体) as a count.
  if (text.slice(token.start, token.end) === '一') score -= 0.15;

  let value = token.value;
  if (field.unit_zh in MONEY_UNITS && measure in MONEY_UNITS) value = Number(((value * MONEY_UNITS[measure]) / MONEY_UNITS[field.unit_zh]).toPrecision(12));
  return {
    value,
    approx: token.approx,
    quote: quoteOf(norm, clause),
    number: toOriginal(norm, token.start, measureEnd),
    sentence: quoteOf(norm, sentence),
    score: round(score),
    flags,
    at: token.start,
  };
}

/** How far after the measure word the counted noun may start (“18支涵盖…队伍” is too far). */
const COUNTED_NOUN_REACH = 4;

function countsCueWord(following: string, pattern: CuePattern): boolean {
  const head = following.slice(0, COUNTED_NOUN_REACH + 8);
  const stop = head.search(/[\d、，,；。“《]/);
  const reach = stop < 0 ? head : head.slice(0, stop);
  return pattern.near.some((g) => g.some((w) => {
    const at = reach.indexOf(w);
    return at >= 0 && at <= COUNTED_NOUN_REACH;
  }));
}

/** Characters spanned by the first occurrence of each near group, less the words themselves. */
function spreadOf(clauseText: string, pattern: CuePattern): number {
  let start = Infinity;
  let end = 0;
  let words = 0;
  for (const group of pattern.near) {
    const hits = group.map((w) => ({ at: clauseText.indexOf(w), w })).filter((h) => h.at >= 0).sort((a, b) => a.at - b.at);
    const first = hits[0];
    start = Math.min(start, first.at);
    end = Math.max(end, first.at + first.w.length);
    words += first.w.length;
  }
  return Math.max(0, end - start - words);
}

const round = (x: number) => Math.round(Math.min(0.99, Math.max(0, x)) * 100) / 100;

function toCandidate(field: Indicator, list: Found[]): Candidate {
  const sorted = [...list].sort((a, b) => b.score - a.score || a.at - b.at);
  const best = sorted[0];
  const seen = new Set<string>([keyOf(best)]);
  const alternatives: Alternative[] = [];
  for (const f of sorted.slice(1)) {
    const key = keyOf(f);
    if (seen.has(key)) continue;
    seen.add(key);
    alternatives.push(strip(f));
    if (alternatives.length >= MAX_ALTERNATIVES) break;
  }
  return {
    code: field.code,
    section: field.section,
    name: field.name_zh,
    unit: field.unit_zh,
    ...strip(best),
    flags: [...best.flags],
    problems: [],
    alternatives,
  };
}

/** Numbers differ by value; 是 differs by where it is said. */
const keyOf = (f: Found) => (typeof f.value === 'boolean' ? `q${f.quote.start}` : `v${f.value}`);

function strip(f: Found): Alternative {
  const { at: _at, ...rest } = f;
  return rest;
}
