// Normalises a report's text for matching while remembering, for every character, where it came
// from: every quote a person is shown must be an exact slice of the text they uploaded.
//
// What changes: CR dropped; full-width digits, letters and number signs made half-width (punctuation
// that splits sentences stays as written); lines trimmed; page-number lines dropped; spaces between
// CJK characters and digits dropped (PDF text puts them between glyphs); and lines broken by a PDF's page
// width re-joined, so a sentence split over two lines reads as one.

/** Normalised text plus, for each of its characters, the index of that character in the original. */
export interface NormalizedText {
  readonly original: string;
  readonly text: string;
  /** origin[i]: index in `original` of text[i]; origin[text.length] = original.length. */
  readonly origin: readonly number[];
}

/** Maps a normalised span [start, end) back to the original text. */
export function toOriginal(norm: NormalizedText, start: number, end: number): { start: number; end: number; text: string } {
  const s = norm.origin[start];
  // The end is just past the last character of the span, wherever that character came from.
  const e = end > start ? norm.origin[end - 1] + 1 : s;
  return { start: s, end: e, text: norm.original.slice(s, e) };
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
const isCjk = (c: string | undefined) => c !== undefined && c !== '\u3000' && CJK.test(c);
/** Full-width forms turned half-width: digits, letters, % . + - and the full-width space. */
const HALF_WIDTH = /[０-９Ａ-Ｚａ-ｚ％．＋－]/;
const SENTENCE_END = /[。！？；!?;：:”」』）)]$/;
/** A line that starts a heading or an enumerated item never continues the line above. */
const ITEM_START = /^(（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+[.、．]|第[一二三四五六七八九十]+[部章节条])/;
const PAGE_NUMBER = /^[-—－–\s]*(第\s*)?\d{1,4}(\s*页)?(\s*[/／]\s*\d{1,4})?[-—－–\s]*$/;

interface Line {
  chars: string[];
  origin: number[];
}

export function normalizeReport(original: string): NormalizedText {
  const lines = splitLines(original).map(trimLine).filter((l) => !PAGE_NUMBER.test(l.chars.join('')));
  const joined = joinBrokenLines(lines);
  const chars: string[] = [];
  const origin: number[] = [];
  joined.forEach((line, i) => {
    if (i > 0) {
      chars.push('\n');
      // The line break sits where the previous line ended in the original.
      origin.push(joined[i - 1].origin.length > 0 ? joined[i - 1].origin[joined[i - 1].origin.length - 1] + 1 : line.origin[0] ?? original.length);
    }
    chars.push(...line.chars);
    origin.push(...line.origin);
  });
  origin.push(original.length);
  return { original, text: chars.join(''), origin };
}

function splitLines(original: string): Line[] {
  const lines: Line[] = [];
  let current: Line = { chars: [], origin: [] };
  for (let i = 0; i < original.length; i++) {
    let c = original[i];
    if (c === '\n') {
      lines.push(current);
      current = { chars: [], origin: [] };
      continue;
    }
    if (c === '\r' || c === '\ufeff') continue;
    if (c === '\u3000' || c === '\u00a0' || c === '\t') c = ' ';
    else if (HALF_WIDTH.test(c)) c = String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    current.chars.push(c);
    current.origin.push(i);
  }
  lines.push(current);
  return lines;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
/** PDF text spaces out CJK glyphs and the digits among them ('2023 年', '行 政'): such spaces carry nothing. */
const joinsAcrossSpace = (before: string | undefined, after: string | undefined) =>
  (isCjk(before) && (isCjk(after) || isDigit(after))) || (isDigit(before) && isCjk(after));

/** Trims the line and drops spaces between CJK characters and the digits beside them. */
function trimLine(line: Line): Line {
  const out: Line = { chars: [], origin: [] };
  const { chars } = line;
  let first = 0;
  let last = chars.length - 1;
  while (first <= last && chars[first] === ' ') first++;
  while (last >= first && chars[last] === ' ') last--;
  for (let i = first; i <= last; i++) {
    if (chars[i] === ' ') {
      let j = i;
      while (j <= last && chars[j] === ' ') j++;
      if (joinsAcrossSpace(out.chars[out.chars.length - 1], chars[j])) {
        i = j - 1;
        continue;
      }
    }
    out.chars.push(chars[i]);
    out.origin.push(line.origin[i]);
  }
  return out;
}

/**
 * A PDF breaks lines at the page width, so a broken line is about as long as the longest lines of
 * the document and does not end a sentence; a heading or a paragraph's last line is shorter.
 * Blank lines always separate paragraphs.
 */
function joinBrokenLines(lines: Line[]): Line[] {
  const lengths = lines.map((l) => l.chars.length).filter((n) => n > 0).sort((a, b) => a - b);
  if (lengths.length === 0) return lines;
  const wide = lengths[Math.floor((lengths.length - 1) * 0.9)];
  const out: Line[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    const text = line.chars.join('');
    const prevText = prev?.chars.join('') ?? '';
    const continues =
      prev !== undefined &&
      prev.chars.length > 0 &&
      line.chars.length > 0 &&
      wide >= 10 &&
      prev.chars.length >= wide * 0.85 &&
      !SENTENCE_END.test(prevText) &&
      !ITEM_START.test(text);
    if (continues) {
      prev.chars.push(...line.chars);
      prev.origin.push(...line.origin);
    } else {
      out.push({ chars: [...line.chars], origin: [...line.origin] });
    }
  }
  return out;
}
