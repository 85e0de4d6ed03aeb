// What follows a worksheet's `</sheetData>`: merges, data validations and conditional formats, each
// over a range. Our reader never needs them, but other consumers expand them cell by cell (exceljs
// loads one whole-column validation as a million cells), so ranges far past the template's area, too
// many merges, or too many cells covered in total make a file unfit to keep.
//
// No DOM and no walk over every tag: a sheet's validations carry tens of KB of Chinese prompts, so the
// scan jumps with indexOf from one `mergeCell` or `sqref` to the next and reads only the tag around
// it. Each character is looked at a bounded number of times (linear on hostile text too), and no
// regular expression can backtrack. It errs only towards checking more: a look-alike inside a
// comment or an attribute value is checked as if it were real, a real one is never skipped.
import { decodeTextOrNull } from './fast-xml';
import { EXCEL_MAX_COL, EXCEL_MAX_ROW, type TailFault, type TailKind, type TailLimits } from '../core/sheet-limits';

export { COL_MARGIN, EXCEL_MAX_COL, EXCEL_MAX_ROW, MAX_CELLS, MAX_MERGES, ROW_MARGIN, tailLimits } from '../core/sheet-limits';
export type { TailFault, TailKind, TailLimits, TemplateArea } from '../core/sheet-limits';

/**
 * Scans the text after `</sheetData>` and returns its fault, or null. A count over the merge cap
 * wins (it says more about such a file); otherwise the first far range or the total of cells,
 * whichever shows first.
 */
export function scanSheetTail(xml: string, limits: TailLimits): TailFault | null {
  let merges = 0;
  let cells = 0;
  let farRange: TailFault | null = null;
  const refused = () => farRange !== null || cells > limits.maxCells;
  const check = (kind: TailKind, raw: string) => {
    const list = raw.indexOf('&') < 0 ? raw : (decodeTextOrNull(raw) ?? raw);
    for (let i = 0, j = 0; i < list.length && !refused(); i = j + 1) {
      j = i;
      while (j < list.length && !isSpace(list.charCodeAt(j))) j++;
      const box = parseRefAt(list, i, j);
      if (!box) continue;
      cells += (box.col2 - box.col1 + 1) * (box.row2 - box.row1 + 1);
      if (box.row2 > limits.maxRow || box.col2 > limits.maxCol) farRange = { fault: 'range', kind, range: list.slice(i, j) };
    }
  };

  // Every <mergeCell> start tag, whatever its prefix: all counted, ranges read until a fault shows.
  // The search is for `mergeC`: V8 finds a 6-letter word in tens of KB of latin1 some 20 times faster
  // than a 9-letter one (it switches from a first-character scan to Boyer-Moore-Horspool at 7).
  for (let at = xml.indexOf('mergeC'); at >= 0; at = xml.indexOf('mergeC', at + 6)) {
    if (!xml.startsWith('mergeCell', at) || !endsName(xml.charCodeAt(at + 9)) || !startsTag(xml, at)) continue;
    merges++;
    if (refused()) continue;
    const ref = readAttribute(xml, at + 9, 'ref');
    if (ref !== undefined) check('merge', ref);
  }
  if (merges > limits.maxMerges) return { fault: 'merges', count: merges };

  // Every `sqref`: an attribute of a dataValidation/conditionalFormatting tag, or an x14 <xm:sqref>
  // element. The tag around it runs from the `<` before to the `<` after (`<` never appears in an
  // attribute value), found by walking the `<`s forward (V8's lastIndexOf is a slow byte loop).
  const lt = new Cursor(xml, '<');
  let tagEnd = -1;
  let tagKind: TailKind | 'sqref' | undefined;
  const recent = { validation: new Cursor(xml, 'dataValidation'), conditionalFormat: new Cursor(xml, 'conditionalFormatting') };
  for (let at = xml.indexOf('sqref'); at >= 0 && !refused(); at = xml.indexOf('sqref', at + 5)) {
    if (at >= tagEnd) {
      const tagStart = lt.lastBefore(at);
      tagEnd = lt.nextAfter(at);
      tagKind = tagStart < 0 ? undefined : tagKindAt(xml, tagStart);
    }
    if (tagKind === 'validation' || tagKind === 'conditionalFormat') {
      const value = attributeValueAt(xml, at, 5, tagEnd);
      if (value !== undefined) check(tagKind, value);
    } else if (tagKind === 'sqref' && endsName(xml.charCodeAt(at + 5)) && startsTag(xml, at)) {
      // x14 validations and formats end with their <xm:sqref>; say which one came last before it.
      let textStart = at + 5;
      while (textStart < tagEnd && xml.charCodeAt(textStart) !== 0x3e /* > */) textStart++;
      textStart++;
      if (textStart <= tagEnd) {
        const kind = recent.conditionalFormat.lastBefore(at) > recent.validation.lastBefore(at) ? 'conditionalFormat' : 'validation';
        check(kind, xml.slice(textStart, tagEnd));
      }
    }
  }
  return farRange ?? (cells > limits.maxCells ? { fault: 'cells', cells } : null);
}

/** Occurrences of a word, walked forward once: where it last occurred before a position. */
class Cursor {
  private last = -1;
  private next: number;
  constructor(
    private readonly xml: string,
    private readonly word: string,
  ) {
    this.next = xml.indexOf(word);
  }
  lastBefore(at: number): number {
    while (this.next >= 0 && this.next < at) {
      this.last = this.next;
      this.next = this.xml.indexOf(this.word, this.next + this.word.length);
    }
    return this.last;
  }
  /** The first occurrence after `at` (call lastBefore(at) first), or the text's length. */
  nextAfter(at: number): number {
    this.lastBefore(at);
    return this.next < 0 ? this.xml.length : this.next;
  }
}

/** Whether the name at `at` is a start tag's local name: `<name` or `<prefix:name`. */
function startsTag(xml: string, at: number): boolean {
  let j = at - 1;
  if (xml.charCodeAt(j) === 0x3a /* : */) {
    do j--;
    while (j >= 0 && !endsName(xml.charCodeAt(j)) && xml.charCodeAt(j) !== 0x3a);
  }
  return xml.charCodeAt(j) === 0x3c /* < */;
}

/** The kind of the start tag at `start` (a `<`), 'sqref' for an <xm:sqref>, undefined for others. */
function tagKindAt(xml: string, start: number): TailKind | 'sqref' | undefined {
  const nameStart = start + 1;
  const nameEnd = endOfName(xml, nameStart);
  const local = localStart(xml, nameStart, nameEnd);
  if (isName(xml, local, nameEnd, 'sqref')) return 'sqref';
  if (isName(xml, local, nameEnd, 'dataValidation')) return 'validation';
  if (isName(xml, local, nameEnd, 'conditionalFormatting')) return 'conditionalFormat';
  return undefined;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
/** Where a name ends: whitespace, `=`, `/`, `>` or `<`. */
const endsName = (c: number) => isSpace(c) || c === 0x3d || c === 0x2f || c === 0x3e || c === 0x3c;

function endOfName(xml: string, from: number): number {
  let j = from;
  while (j < xml.length && !endsName(xml.charCodeAt(j))) j++;
  return j;
}

/** Where the local part of the name at [start, end) begins: after its prefix, if any. */
function localStart(xml: string, start: number, end: number): number {
  for (let j = start; j < end; j++) if (xml.charCodeAt(j) === 0x3a /* : */) return j + 1;
  return start;
}

const isName = (xml: string, start: number, end: number, name: string) => end - start === name.length && xml.startsWith(name, start);


/**
 * The value of the attribute whose name (`length` characters) starts at `at`, if that is an
 * attribute there: a name boundary before, `=` and a quoted value after, closed before `end`.
 */
function attributeValueAt(xml: string, at: number, length: number, end: number): string | undefined {
  const before = xml.charCodeAt(at - 1);
  if (!isSpace(before) && before !== 0x3a /* : */) return undefined;
  let j = at + length;
  while (isSpace(xml.charCodeAt(j))) j++;
  if (xml.charCodeAt(j) !== 0x3d /* = */) return undefined;
  j++;
  while (isSpace(xml.charCodeAt(j))) j++;
  const quote = xml[j];
  if (quote !== '"' && quote !== "'") return undefined;
  const close = xml.indexOf(quote, j + 1);
  return close < 0 || close > end ? undefined : xml.slice(j + 1, close);
}

/**
 * The value (raw, entities undecoded) of attribute `wanted` of the tag whose name ends at `from`.
 * Values are skipped by their quotes, so a `>` inside one cannot end the tag early; malformed
 * markup is stepped over, never looped on.
 */
function readAttribute(xml: string, from: number, wanted: string): string | undefined {
  let j = from;
  while (j < xml.length) {
    const c = xml.charCodeAt(j);
    if (c === 0x3e /* > */ || c === 0x3c /* < */) return undefined;
    const nameEnd = endOfName(xml, j);
    if (nameEnd === j) {
      j++;
      continue;
    }
    const isWanted = isName(xml, localStart(xml, j, nameEnd), nameEnd, wanted);
    j = nameEnd;
    while (isSpace(xml.charCodeAt(j))) j++;
    if (xml.charCodeAt(j) !== 0x3d /* = */) continue;
    j++;
    while (isSpace(xml.charCodeAt(j))) j++;
    const quote = xml[j];
    if (quote !== '"' && quote !== "'") continue;
    const close = xml.indexOf(quote, j + 1);
    if (close < 0) return undefined;
    if (isWanted) return xml.slice(j + 1, close);
    j = close + 1;
  }
  return undefined;
}

interface Box {
  col1: number;
  row1: number;
  col2: number;
  row2: number;
}

/**
 * One reference of a ref/sqref as a box of 1-based rows and columns: `B3`, `A1:G2`, `$A$1`, and the
 * whole column `E:E` or row `5:5` forms. Anything else (a writer's oddity, never a range a consumer
 * expands) is null.
 */
export function parseRef(token: string): Box | null {
  return parseRefAt(token, 0, token.length);
}

/** parseRef of s[start, end), read by hand: hundreds per sheet, so no regex, slice or array. */
function parseRefAt(s: string, start: number, end: number): Box | null {
  // The longest real reference is `$XFD$1048576:$XFD$1048576`.
  if (end <= start || end - start > 25) return null;
  let colon = start;
  while (colon < end && s.charCodeAt(colon) !== 0x3a /* : */) colon++;
  const a = parseEnd(s, start, colon);
  if (a < 0) return null;
  const [col1, row1] = [Math.floor(a / END_SPLIT), a % END_SPLIT];
  if (colon === end) return col1 > 0 && row1 > 0 ? { col1, row1, col2: col1, row2: row1 } : null;
  const b = parseEnd(s, colon + 1, end);
  if (b < 0) return null;
  const [col2, row2] = [Math.floor(b / END_SPLIT), b % END_SPLIT];
  // A missing part of both ends spans the sheet, as in `E:E` and `5:5`.
  if ((col1 === 0) !== (col2 === 0) || (row1 === 0) !== (row2 === 0) || (col1 === 0 && row1 === 0)) return null;
  const [c1, c2] = col1 === 0 ? [1, EXCEL_MAX_COL] : [Math.min(col1, col2), Math.max(col1, col2)];
  const [r1, r2] = row1 === 0 ? [1, EXCEL_MAX_ROW] : [Math.min(row1, row2), Math.max(row1, row2)];
  return { col1: c1, row1: r1, col2: c2, row2: r2 };
}

/** Column and row of one end packed as column × END_SPLIT + row (0 = absent); -1 when malformed. */
const END_SPLIT = 2 ** 24;

/** One end: optional `$`, up to 3 letters, optional `$`, up to 7 digits, nothing else. */
function parseEnd(s: string, start: number, end: number): number {
  let j = start;
  if (s.charCodeAt(j) === 0x24 /* $ */) j++;
  let col = 0;
  const letters = j;
  for (let c = s.charCodeAt(j) | 0x20; j < end && c >= 0x61 && c <= 0x7a; c = s.charCodeAt(++j) | 0x20) col = col * 26 + (c - 0x60);
  if (j - letters > 3) return -1;
  if (s.charCodeAt(j) === 0x24 && j < end) j++;
  let row = 0;
  const digits = j;
  for (let c = s.charCodeAt(j); j < end && c >= 0x30 && c <= 0x39; c = s.charCodeAt(++j)) row = row * 10 + (c - 0x30);
  if (j !== end || j - digits > 7 || (j > digits && row === 0)) return -1;
  return col * END_SPLIT + row;
}
