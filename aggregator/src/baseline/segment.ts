// Splits a normalised report into sentences (。；！？) and clauses (，：), outside brackets and
// quotes, and tells which part of the report each sentence is in: a report states last year's
// facts, then its shortcomings and next year's plans, whose figures are no facts of last year.

export type PartKind = 'facts' | 'gaps' | 'plans';

/** A span [start, end) of the normalised text. */
export interface Span {
  start: number;
  end: number;
}

export interface Sentence extends Span {
  clauses: Span[];
  part: PartKind;
  /** The headings above the sentence (top-level, then the paragraph's own （一） heading): context for cues. */
  headings: string;
}

/** Words that, in a top-level heading, mark the part of shortcomings or of next year's plans. */
export interface PartWords {
  gaps: readonly string[];
  plans: readonly string[];
}

const SENTENCE_END = new Set(['。', '！', '？', '；', '!', '?', ';']);
const CLAUSE_END = new Set(['，', '：', ',', ':']);
const OPENERS = '《“（「『【(〔';
const CLOSERS = '》”）」』】)〕';
/** Longest span kept whole inside brackets or quotes; past it the opener is taken for a typo. */
const MAX_BRACKETED = 150;
const TOP_HEADING = /^([一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)/;
const SUB_HEADING = /^(（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\))/;

export function partOfHeading(heading: string, words: PartWords): PartKind {
  if (words.gaps.some((w) => heading.includes(w))) return 'gaps';
  if (words.plans.some((w) => heading.includes(w))) return 'plans';
  return 'facts';
}

export function segment(text: string, words: PartWords): Sentence[] {
  const sentences: Sentence[] = [];
  let part: PartKind = 'facts';
  let topHeading = '';
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const lineSentences = splitSentences(text, lineStart, lineEnd);
    let subHeading = '';
    if (TOP_HEADING.test(line)) {
      topHeading = firstSentence(text, lineSentences) ?? line;
      part = partOfHeading(topHeading, words);
    } else if (SUB_HEADING.test(line)) {
      subHeading = firstSentence(text, lineSentences) ?? '';
    }
    for (const s of lineSentences) {
      sentences.push({ ...s, clauses: splitClauses(text, s), part, headings: subHeading ? `${topHeading}\n${subHeading}` : topHeading });
    }
    lineStart = lineEnd + 1;
  }
  return sentences;
}

const firstSentence = (text: string, sentences: Span[]) => (sentences[0] ? text.slice(sentences[0].start, sentences[0].end) : undefined);

/** Sentences of one line; the splitting mark is left out of the span. */
function splitSentences(text: string, from: number, to: number): Span[] {
  return splitAt(text, { start: from, end: to }, SENTENCE_END);
}

export function splitClauses(text: string, sentence: Span): Span[] {
  return splitAt(text, sentence, CLAUSE_END);
}

function splitAt(text: string, span: Span, marks: Set<string>): Span[] {
  const out: Span[] = [];
  let depth = 0;
  let openedAt = 0;
  let start = span.start;
  const push = (end: number) => {
    const trimmed = trim(text, start, end);
    if (trimmed.end > trimmed.start) out.push(trimmed);
  };
  for (let i = span.start; i < span.end; i++) {
    const c = text[i];
    // A bracket or quote left open (a typo) must not swallow the rest of the paragraph.
    if (depth > 0 && i - openedAt > MAX_BRACKETED) depth = 0;
    if (OPENERS.includes(c)) {
      if (depth === 0) openedAt = i;
      depth++;
    } else if (CLOSERS.includes(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && marks.has(c)) {
      push(i);
      start = i + 1;
    }
  }
  push(span.end);
  return out;
}

function trim(text: string, start: number, end: number): Span {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}
