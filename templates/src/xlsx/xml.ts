// SpreadsheetML part readers over saxes: shared strings and worksheet rows as raw cells.
// Writers differ in namespace prefixes (.NET's Open XML SDK writes <x:c>, Excel writes <c>),
// so handlers see local names only.
import { SaxesParser } from 'saxes';
import { AppError } from '../core/errors';
import { appError } from '../core/error-catalogue';
import type { RawCell } from '../core/model';
import { columnLetter, parseCellAddress } from '../core/cell-address';
import { decodeEscapes, localName, replay, tokenizeXml } from './fast-xml';
import type { Attributes, XmlHandlers } from './xml-handlers';
import { scanSharedStrings, scanSheetRows } from './sheet-scan';
import type { XlsxParts } from './zip-gate';

export type { Attributes, XmlHandlers } from './xml-handlers';

/**
 * Parses one part; malformed XML becomes an AppError naming the part. Plain XML goes through the
 * fast tokenizer; anything it does not handle, through saxes. `stopAfter`: a local name whose
 * closing tag a handler stops at (the part may be cut off after it).
 */
export function parseXml(partName: string, xml: string, handlers: XmlHandlers, stopAfter?: string): void {
  const events = tokenizeXml(xml, stopAfter);
  if (events) {
    try {
      replay(events, handlers);
      return;
    } catch (e) {
      if (e instanceof AppError || e === STOP) throw e;
      throw corruptPart(partName, e as Error);
    }
  }
  const parser = new SaxesParser({ xmlns: false, position: false });
  const { open, close, text } = handlers;
  if (open) parser.on('opentag', (tag) => open(localName(tag.name), tag.attributes as Attributes));
  if (close) parser.on('closetag', (tag) => close(localName(tag.name)));
  if (text) {
    parser.on('text', text);
    parser.on('cdata', text);
  }
  try {
    parser.write(xml).close();
  } catch (e) {
    if (e instanceof AppError || e === STOP) throw e;
    throw corruptPart(partName, e as Error);
  }
}

function corruptPart(partName: string, e: Error): AppError {
  return appError('XML_CORRUPT', { part: partName, reason: e.message });
}

/** Attribute by local name: `attr(a, 'id')` finds `r:id` too. */
export function attr(attrs: Attributes, name: string): string | undefined {
  const direct = attrs[name];
  if (direct !== undefined) return direct;
  const suffix = ':' + name;
  for (const key in attrs) if (key.endsWith(suffix)) return attrs[key];
  return undefined;
}

// ---- shared strings ----------------------------------------------------------------------------

export function readSharedStrings(parts: XlsxParts, part: string): string[] {
  const xml = parts.text(part);
  if (xml === undefined) return [];
  return scanSharedStrings(xml) ?? sharedStringsGeneral(part, xml);
}

/** readSharedStrings for any well-formed part, through parseXml's events (the scan's reference). */
export function sharedStringsGeneral(part: string, xml: string): string[] {
  const strings: string[] = [];
  let current = '';
  let inText = false;
  let phonetic = 0;
  parseXml(part, xml, {
    open(name) {
      if (name === 't') inText = phonetic === 0;
      else if (name === 'si') current = '';
      else if (name === 'rPh') phonetic++;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'si') strings.push(decodeEscapes(current));
      else if (name === 'rPh') phonetic--;
    },
    text(t) {
      if (inText) current += t;
    },
  });
  return strings;
}

// ---- worksheet rows ----------------------------------------------------------------------------

export interface Cell {
  col: number;
  raw: RawCell;
  formula?: string;
}

/** Stops saxes once the cell data is read: what follows (merges, validations) is never parsed. */
/** Thrown to stop reading at </sheetData>: passed through parseXml, caught by the reader, never shown. */
class StopReading extends Error {}
const STOP = new StopReading('stop after sheetData');

/**
 * Streams the rows of a worksheet part; rows and cells without `r` are placed by order. What Excel
 * would not show one way only is refused, naming `sheet` (default: the part) and the cell: the same
 * row or cell twice (CELL_AMBIGUOUS), a shared-string index that is not a whole number or points past
 * the table (SHARED_STRING_INVALID).
 */
export function readRows(part: string, xml: string, strings: string[], onRow: (row: number, cells: Cell[]) => void, sheet?: string): void {
  const scanned = scanSheetRows(xml);
  if (!scanned) return readRowsGeneral(part, xml, strings, onRow, sheet);
  const sharedFormulas = new Map<string, string>();
  const deliver = onlyOnce(sheet ?? part, onRow);
  for (const { row, cells } of scanned) deliver(row, cells.map((c) => finishCell(c, strings, sharedFormulas, sheet ?? part, row)));
}

/** Refuses a row number or a cell met a second time; passes every row on in order. */
function onlyOnce(where: string, onRow: (row: number, cells: Cell[]) => void): (row: number, cells: Cell[]) => void {
  const rows = new Set<number>();
  return (row, cells) => {
    if (rows.has(row)) throw ambiguous(where, `${columnLetter(cells[0]?.col ?? 1)}${row}`, row);
    rows.add(row);
    for (let i = 1; i < cells.length; i++) {
      // Writers emit cells left to right; only a cell out of order needs the look back.
      if (cells[i].col > cells[i - 1].col) continue;
      if (cells.slice(0, i).some((c) => c.col === cells[i].col)) throw ambiguous(where, `${columnLetter(cells[i].col)}${row}`);
    }
    onRow(row, cells);
  };
}

function ambiguous(where: string, address: string, repeatedRow?: number): AppError {
  return appError('CELL_AMBIGUOUS', { sheet: where, cell: address, repeatedRow }, { sheet: where, cell: address });
}

/** readRows for any well-formed part, through parseXml's events (the scan's reference). */
export function readRowsGeneral(part: string, xml: string, strings: string[], onRow: (row: number, cells: Cell[]) => void, sheet?: string): void {
  const deliver = onlyOnce(sheet ?? part, onRow);
  let rowNum = 0;
  let lastCol = 0;
  let cells: Cell[] = [];
  let cell: { col: number; t: string | undefined; v: string; hasV: boolean; inline?: string; f?: string; si?: string } | null = null;
  let field: 'v' | 'f' | 't' | null = null;
  let phonetic = 0;
  const sharedFormulas = new Map<string, string>();
  try {
    parseXml(part, xml, {
      open(name, a) {
        switch (name) {
          case 'row':
            rowNum = (a.r ? parseInt(a.r, 10) : 0) || rowNum + 1;
            lastCol = 0;
            cells = [];
            break;
          case 'c': {
            const ref = a.r ? parseCellAddress(a.r) : null;
            if (ref && ref.row !== rowNum && ref.row > 0) rowNum = ref.row;
            lastCol = ref ? ref.col : lastCol + 1;
            cell = { col: lastCol, t: a.t, v: '', hasV: false };
            break;
          }
          case 'v':
            if (!cell) break;
            field = 'v';
            cell.hasV = true;
            break;
          case 'f':
            if (!cell) break;
            field = 'f';
            cell.f = '';
            cell.si = a.t === 'shared' ? a.si : undefined;
            break;
          case 'is':
            if (cell) cell.inline = '';
            break;
          case 't':
            if (cell?.inline !== undefined && phonetic === 0) field = 't';
            break;
          case 'rPh':
            phonetic++;
            break;
        }
      },
      close(name) {
        switch (name) {
          case 'v':
          case 'f':
          case 't':
            field = null;
            break;
          case 'rPh':
            phonetic--;
            break;
          case 'c':
            if (cell) cells.push(finishCell(cell, strings, sharedFormulas, sheet ?? part, rowNum));
            cell = null;
            break;
          case 'row':
            deliver(rowNum, cells);
            break;
          case 'sheetData':
            throw STOP;
        }
      },
      text(t) {
        if (!cell || !field) return;
        if (field === 'v') cell.v += t;
        else if (field === 'f') cell.f += t;
        else cell.inline += t;
      },
    }, 'sheetData');
  } catch (e) {
    if (e !== STOP) throw e;
  }
}

function finishCell(
  c: { col: number; t: string | undefined; v: string; hasV: boolean; inline?: string; f?: string; si?: string },
  strings: string[],
  sharedFormulas: Map<string, string>,
  where: string,
  row: number,
): Cell {
  if (c.t === 's' && c.hasV && !validStringIndex(c.v, strings)) throw badStringIndex(where, `${columnLetter(c.col)}${row}`, c.v, strings.length);
  let formula: string | undefined;
  if (c.f !== undefined) {
    // A shared formula's followers carry only its index; the master's text stands for them.
    if (c.si !== undefined && c.f !== '') sharedFormulas.set(c.si, c.f);
    formula = c.f !== '' ? c.f : (c.si !== undefined ? sharedFormulas.get(c.si) : undefined) ?? '(shared)';
  }
  return formula === undefined ? { col: c.col, raw: toRaw(c, strings) } : { col: c.col, raw: toRaw(c, strings), formula };
}

/** A shared-string index is a whole number within the table: '1.9' or '7' of 5 strings points at nothing the unit saw. */
const STRING_INDEX = /^\s*\d{1,9}\s*$/;
const validStringIndex = (v: string, strings: string[]) => STRING_INDEX.test(v) && Number(v) < strings.length;

function badStringIndex(where: string, address: string, index: string, count: number): AppError {
  return appError('SHARED_STRING_INVALID', { sheet: where, cell: address, index, count }, { sheet: where, cell: address });
}

export const EMPTY: RawCell = { kind: 'empty' };
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function toRaw(c: { t: string | undefined; v: string; hasV: boolean; inline?: string }, strings: string[]): RawCell {
  switch (c.t) {
    case 's':
      // finishCell has refused an index that is not a whole number within the table.
      return c.hasV ? { kind: 'string', value: strings[Number(c.v)] } : EMPTY;
    case 'inlineStr':
      if (c.inline !== undefined) return { kind: 'string', value: decodeEscapes(c.inline) };
      return c.hasV ? { kind: 'string', value: decodeEscapes(c.v) } : EMPTY;
    case 'str':
      return c.hasV ? { kind: 'string', value: decodeEscapes(c.v) } : EMPTY;
    case 'b':
      return c.hasV ? { kind: 'boolean', value: /^\s*(1|true)\s*$/i.test(c.v) } : EMPTY;
    case 'e':
      return c.hasV ? { kind: 'error', value: c.v.trim() } : EMPTY;
    case 'd':
      return c.hasV ? { kind: 'string', value: c.v.trim() } : EMPTY;
    default: {
      if (c.inline !== undefined) return { kind: 'string', value: decodeEscapes(c.inline) };
      const text = c.v.trim();
      if (!c.hasV || text === '') return EMPTY;
      // Strict: Number() would also take '0x1A' or 'Infinity', which no writer means as a number.
      const n = NUMBER.test(text) ? Number(text) : NaN;
      // An integer past 2^53 keeps its digits as text, so the check quotes what the unit typed.
      if (Number.isFinite(n) && !Number.isSafeInteger(n) && /^[-+]?\d+$/.test(text)) return { kind: 'string', value: text };
      return Number.isFinite(n) ? { kind: 'number', value: n } : { kind: 'string', value: text };
    }
  }
}
