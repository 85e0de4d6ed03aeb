// A1-style addresses as rectangles of 1-based rows and columns. Whole rows and columns ("A:A",
// "3:3") stretch to Excel's sheet limits, as Office.js ranges do. Letters ↔ numbers are the
// project's own (templates/src/core/cell-address), as the add-in and the reader use them.
import { columnLetter, columnNumber } from '../../../templates/src/core/cell-address';

export const MAX_ROW = 1048576;
export const MAX_COL = 16384;

export interface Box {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/** Accepts "Sheet!A1:B2" as well: the sheet part is dropped, the caller knows the sheet. */
export function parseBox(address: string): Box {
  const a = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  const [from, to = from] = a.replace(/\$/g, '').split(':');
  const part = (p: string) => {
    const m = /^([A-Z]*)(\d*)$/i.exec(p);
    if (!m) throw new Error(`InvalidArgument: bad address ${address}`);
    return { c: m[1] ? columnNumber(m[1]) : 0, r: m[2] ? Number(m[2]) : 0 };
  };
  const f = part(from);
  const t = part(to);
  return { r1: f.r || 1, c1: f.c || 1, r2: t.r || MAX_ROW, c2: t.c || MAX_COL };
}

/** A single cell is written "B3", not "B3:B3", as Excel reports it. */
export function boxAddress(b: Box): string {
  const one = `${columnLetter(b.c1)}${b.r1}`;
  return b.r1 === b.r2 && b.c1 === b.c2 ? one : `${one}:${columnLetter(b.c2)}${b.r2}`;
}

/** The top-left cell: where Office.js reads a range's single-valued properties (fill, lock). */
export function topLeft(b: Box): string {
  return boxAddress({ ...b, r2: b.r1, c2: b.c1 });
}
