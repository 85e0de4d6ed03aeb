// Range.format and Range.dataValidation of the Office.js surface. Formatting writes go through
// `setEach`, which first checks the sheet's protection, because Excel refuses formats on a protected
// sheet unless formatting was allowed when protecting it.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { MAX_COL, MAX_ROW, topLeft, type Box } from './addresses';
import type { FakeCell, FakeSheet } from './sheet';

export type SetEach = (apply: (cell: FakeCell) => void) => void;

// Column widths and row heights are only kept for the first columns and rows, so formatting a whole
// column or row does not walk Excel's million rows.
const KEPT_COLUMNS = 200;
const KEPT_ROWS = 5000;

export function makeRangeFormat(sheet: FakeSheet, box: Box, setEach: SetEach): any {
  // Styling a whole column or row cell by cell would create a million cells, so those calls are
  // accepted but not recorded.
  const isWholeColumn = box.r1 === 1 && box.r2 === MAX_ROW;
  const isWholeRow = box.c1 === 1 && box.c2 === MAX_COL;
  const font = new Proxy({} as Record<string, unknown>, {
    set(_t, key, value) {
      setEach((c) => (c.font = { ...c.font, [key as string]: value }));
      return true;
    },
    get(_t, key) {
      return sheet.peek(topLeft(box))?.font?.[key as string];
    },
  });
  return {
    set columnWidth(w: number) {
      for (let c = box.c1; c <= Math.min(box.c2, KEPT_COLUMNS); c++) sheet.columnWidths.set(c, w);
    },
    set rowHeight(h: number) {
      for (let r = box.r1; r <= Math.min(box.r2, KEPT_ROWS); r++) sheet.rowHeights.set(r, h);
    },
    set wrapText(v: boolean) {
      if (!isWholeColumn && !isWholeRow) setEach((c) => (c.font = { ...c.font, wrap: v }));
    },
    set horizontalAlignment(v: string) {
      setEach((c) => (c.font = { ...c.font, horizontal: v }));
    },
    set verticalAlignment(v: string) {
      if (!isWholeColumn) setEach((c) => (c.font = { ...c.font, vertical: v }));
    },
    font,
    fill: {
      set color(v: string) {
        setEach((c) => (c.fill = v.replace('#', '').toUpperCase()));
      },
      get color() {
        const f = sheet.peek(topLeft(box))?.fill;
        return f ? `#${f}` : '#FFFFFF';
      },
      clear() {
        setEach((c) => delete c.fill);
      },
      load: () => undefined,
    },
    borders: { getItem: () => ({ set style(_v: string) { sheet.assertEditable(box, 'format'); }, color: '' }) },
    protection: {
      set locked(v: boolean) {
        setEach((c) => (c.locked = v));
      },
      get locked() {
        return sheet.peek(topLeft(box))?.locked ?? true;
      },
    },
  };
}

/** Reads come from the top-left cell; writes merge into every cell's rule (rule, errorAlert, ...). */
export function makeDataValidation(sheet: FakeSheet, box: Box, setEach: SetEach): any {
  return new Proxy({} as any, {
    get(t, key) {
      if (key === 'clear') return () => setEach((c) => delete c.validation);
      if (key === 'load') return () => undefined;
      return sheet.peek(topLeft(box))?.validation?.[key as string] ?? t[key as string];
    },
    set(_t, key, value) {
      setEach((c) => (c.validation = { ...c.validation, [key as string]: value }));
      return true;
    },
  });
}
