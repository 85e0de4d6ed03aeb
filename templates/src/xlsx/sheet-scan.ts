// The hot paths of the reader: the shared strings as plain `<si><t>` items, and a worksheet's rows in the forms Excel, WPS, LibreOffice and exceljs
// write them — `<row>` of `<c>` holding `<v>`, `<f>` + `<v>`, or `<is><t>` — matched cell by cell
// with anchored patterns, without building an event per tag. Anything else (prefixed names, rich
// inline text, entities in attributes, comments, whitespace inside a cell, malformed markup …) returns null and
// readRows takes the general path, whose result this one must equal (sheet-scan.test.ts).
import { parseCellAddress } from '../core/cell-address';
import { NAME_PART, decodeEscapes, decodeTextOrNull, forbiddenText, localName, tokenizeXml } from './fast-xml';

/** A cell as readRows's handlers collect it, before shared strings and formulas are resolved. */
export interface ScannedCell {
  col: number;
  t: string | undefined;
  v: string;
  hasV: boolean;
  inline?: string;
  f?: string;
  si?: string;
}

export interface ScannedRow {
  row: number;
  cells: ScannedCell[];
}

/** A run of double-quoted attributes without entities or markup characters. */
const ATTRS = `((?:[ \\t\\n]+${NAME_PART}[ \\t\\n]*=[ \\t\\n]*"[^"<&\\u0000-\\u001f\\ufffe\\uffff]*")*)[ \\t\\n]*`;
const ROW = new RegExp(`<row${ATTRS}(/?)>`, 'y');
const ROW_END = /<\/row>/y;
const SPACE = /[ \t\n]*/y;
/**
 * Most cells as Excel, WPS, LibreOffice and exceljs write them: r, s, t in that order (so no name can
 * repeat) and an entity-free value or nothing. Any other cell is matched by CELL.
 */
const CELL_PLAIN = /<c r="([A-Z]{1,3}[0-9]{1,7})"(?: s="[0-9]{1,5}")?(?: t="([a-zA-Z]{1,9})")?(?:\/>|><v>([^<&]*)<\/v><\/c>|><\/c>)/y;
const CELL = new RegExp(
  `<c${ATTRS}(?:/>|>` +
    '(?:' +
    // value only
    '<v>([^<]*)</v>' +
    // formula (with or without text), then an optional value
    `|<f${ATTRS}(?:/>|>([^<]*)</f>)(?:<v>([^<]*)</v>)?` +
    // inline string
    '|<is><t(?:[ \\t\\n]+xml:space="preserve")?>([^<]*)</t></is>' +
    ')?</c>)',
  'y',
);
/** Elements readRows reacts to: met before sheetData, they would change its state. */
const ROW_ELEMENTS = new Set(['row', 'c', 'v', 'f', 'is', 't', 'rPh', 'sheetData']);

/** Values of the two wanted attributes found by `wanted` (no allocation per call beyond slices). */
let first: string | undefined;
let second: string | undefined;
const names: string[] = [];

/**
 * Picks two attributes out of a run the ATTRS pattern already proved well-formed; false when a name
 * repeats (XML forbids it; the general path reports it).
 */
function wanted(run: string, a: string, b: string): boolean {
  first = undefined;
  second = undefined;
  if (run === '') return true;
  names.length = 0;
  for (let i = 0; ; ) {
    const eq = run.indexOf('=', i);
    if (eq < 0) return true;
    const name = run.slice(i, eq).trim();
    const open = run.indexOf('"', eq);
    const close = run.indexOf('"', open + 1);
    for (const n of names) if (n === name) return false;
    names.push(name);
    if (name === a) first = run.slice(open + 1, close);
    else if (name === b) second = run.slice(open + 1, close);
    i = close + 1;
  }
}

/** The rows of a worksheet part cut after `</sheetData>`, or null when the general path must read it. */
export function scanSheetRows(xml: string): ScannedRow[] | null {
  const open = xml.indexOf('<sheetData>');
  const close = xml.indexOf('</sheetData>', open);
  if (open < 0 || close < open) return null;
  // Everything before the rows must be well-formed, and hold nothing readRows would react to.
  const head = tokenizeXml(xml.slice(0, open) + '<sheetData/>', 'sheetData');
  if (!head) return null;
  for (const e of head.slice(0, -2)) {
    if (e.k !== 2 && ROW_ELEMENTS.has(localName(e.name))) return null;
  }
  const start = open + '<sheetData>'.length;
  if (forbiddenText(xml.slice(start, close))) return null;

  const rows: ScannedRow[] = [];
  let rowNum = 0;
  let i = start;
  const skipSpace = () => {
    SPACE.lastIndex = i;
    SPACE.exec(xml);
    i = SPACE.lastIndex;
  };
  for (;;) {
    skipSpace();
    if (i === close) return rows;
    ROW.lastIndex = i;
    const row = ROW.exec(xml);
    if (!row) return null;
    i = ROW.lastIndex;
    if (!wanted(row[1], 'r', 'r')) return null;
    rowNum = (first ? parseInt(first, 10) : 0) || rowNum + 1;
    const cells: ScannedCell[] = [];
    if (row[2] !== '/') {
      let lastCol = 0;
      for (;;) {
        skipSpace();
        ROW_END.lastIndex = i;
        if (ROW_END.test(xml)) {
          i = ROW_END.lastIndex;
          break;
        }
        CELL_PLAIN.lastIndex = i;
        const plain = CELL_PLAIN.exec(xml);
        if (plain) {
          i = CELL_PLAIN.lastIndex;
          const ref = parseCellAddress(plain[1])!;
          if (ref.row !== rowNum && ref.row > 0) rowNum = ref.row;
          lastCol = ref.col;
          const value = plain[3];
          cells.push(value === undefined ? { col: lastCol, t: plain[2], v: '', hasV: false } : { col: lastCol, t: plain[2], v: value, hasV: true });
          continue;
        }
        CELL.lastIndex = i;
        const c = CELL.exec(xml);
        if (!c) return null;
        i = CELL.lastIndex;
        if (!wanted(c[1], 'r', 't')) return null;
        const ref = first ? parseCellAddress(first) : null;
        if (ref && ref.row !== rowNum && ref.row > 0) rowNum = ref.row;
        lastCol = ref ? ref.col : lastCol + 1;
        const cell: ScannedCell = { col: lastCol, t: second, v: '', hasV: false };
        const [, , rawValue, fAttrs, rawF, rawFValue, rawInline] = c;
        const value = rawValue === undefined ? undefined : decodeTextOrNull(rawValue);
        const fText = rawF === undefined ? undefined : decodeTextOrNull(rawF);
        const fValue = rawFValue === undefined ? undefined : decodeTextOrNull(rawFValue);
        const inline = rawInline === undefined ? undefined : decodeTextOrNull(rawInline);
        if (value === null || fText === null || fValue === null || inline === null) return null;
        if (value !== undefined) {
          cell.v = value;
          cell.hasV = true;
        } else if (fAttrs !== undefined) {
          if (!wanted(fAttrs, 't', 'si')) return null;
          cell.f = fText ?? '';
          cell.si = first === 'shared' ? second : undefined;
          if (fValue !== undefined) {
            cell.v = fValue;
            cell.hasV = true;
          }
        } else if (inline !== undefined) {
          cell.inline = inline;
        }
        cells.push(cell);
      }
    }
    rows.push({ row: rowNum, cells });
  }
}

const SST_ITEM = /<si><t(?:[ \t\n]+xml:space="preserve")?>([^<]*)<\/t><\/si>|<si><t\/><\/si>/y;

/**
 * The shared strings when every item is one plain `<t>` (what exceljs and many writers produce);
 * null for rich text, phonetic runs or anything else, which the general path reads.
 */
export function scanSharedStrings(xml: string): string[] | null {
  const open = /<sst[ >]/.exec(xml);
  if (!open) return null;
  const startTag = xml.indexOf('>', open.index);
  const close = xml.lastIndexOf('</sst>');
  if (startTag < 0 || close < startTag) return null;
  // The declaration and the root's start tag, and what follows the root, must be well-formed.
  const head = tokenizeXml(xml.slice(0, startTag + 1) + '</sst>');
  if (!head || head.some((e) => e.k === 0 && e.name !== 'sst')) return null;
  if (!/^[ \t\n]*$/.test(xml.slice(close + '</sst>'.length))) return null;
  const body = xml.slice(startTag + 1, close);
  if (forbiddenText(body)) return null;
  const strings: string[] = [];
  SST_ITEM.lastIndex = startTag + 1;
  for (let i = startTag + 1; i < close; i = SST_ITEM.lastIndex) {
    SST_ITEM.lastIndex = i;
    const m = SST_ITEM.exec(xml);
    if (!m) return null;
    const text = m[1] === undefined ? '' : decodeTextOrNull(m[1]);
    if (text === null) return null;
    strings.push(decodeEscapes(text));
  }
  return strings;
}
