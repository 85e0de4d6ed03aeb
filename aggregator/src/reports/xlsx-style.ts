// Styles and row writing shared by the rollup workbook's sheets. Style objects are shared constants:
// exceljs's streaming writer caches style ids by object identity, so reusing them keeps 20,000-row
// sheets fast.
import type { Border, Fill, Style, Worksheet, Workbook } from 'exceljs';
import { appError } from '../../../templates/src/core/error-catalogue';
import { safeText } from './text';

const thin: Partial<Border> = { style: 'thin', color: { argb: 'FFBFBFBF' } };
const borders = { top: thin, left: thin, bottom: thin, right: thin };
const fill = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const font = { name: '宋体', size: 10 };

const style = (s: Partial<Style>): Partial<Style> => Object.freeze({ font, border: borders, ...s }) as Partial<Style>;

export const STYLES = {
  title: Object.freeze({ font: { name: '黑体', size: 14, bold: true } }) as Partial<Style>,
  note: Object.freeze({ font: { ...font, color: { argb: 'FF595959' } } }) as Partial<Style>,
  header: style({ font: { ...font, bold: true }, fill: fill('FFD9E1F2'), alignment: { vertical: 'middle', horizontal: 'center', wrapText: true } }),
  section: style({ font: { ...font, bold: true }, fill: fill('FFF2F2F2') }),
  text: style({ alignment: { vertical: 'top' } }),
  wrap: style({ alignment: { vertical: 'top', wrapText: true } }),
  integer: style({ numFmt: '#,##0' }),
  decimal: style({ numFmt: '#,##0.00' }),
  rate: style({ numFmt: '0.00' }),
  pct: style({ numFmt: '0.00%' }),
  date: style({ numFmt: 'yyyy-mm-dd' }),
  integerIncomplete: style({ numFmt: '#,##0', fill: fill('FFFCE4D6') }),
  decimalIncomplete: style({ numFmt: '#,##0.00', fill: fill('FFFCE4D6') }),
  rateIncomplete: style({ numFmt: '0.00', fill: fill('FFFCE4D6') }),
  textIncomplete: style({ fill: fill('FFFCE4D6') }),
  pctSwing: style({ numFmt: '0.00%', fill: fill('FFFFC7CE'), font: { ...font, color: { argb: 'FF9C0006' } } }),
  warning: style({ font: { ...font, color: { argb: 'FF9C0006' } }, alignment: { vertical: 'top', wrapText: true } }),
} as const;
export type StyleName = keyof typeof STYLES;

export type XValue = string | number | Date | null;
export interface XCell {
  value: XValue;
  style?: StyleName;
}

export const cell = (value: XValue, style?: StyleName): XCell => ({ value, style });

/** Only these value kinds ever reach a cell: never a formula object, never a copied formula. */
function plain(value: XValue): string | number | Date | null {
  if (typeof value === 'string') return safeText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return value;
  return null;
}

/** Writes one row and commits it, so the streaming writer can flush it and memory stays flat. */
export function writeRow(sheet: Worksheet, cells: readonly XCell[]): void {
  const row = sheet.addRow(cells.map((c) => plain(c.value)));
  cells.forEach((c, i) => {
    if (c.style) row.getCell(i + 1).style = STYLES[c.style];
  });
  row.commit();
}

/**
 * exceljs's streaming writer ignores backpressure: rows written while the zip is still compressing
 * pile up in memory (a whole 20,000-row sheet, ~150 MB). Sheet writers call this after each row;
 * every PACE_ROWS rows it waits until the zip entry of the sheet has taken what was written and
 * the destination is not full. It reads the entry stream that archiver pipes the sheet into
 * (exceljs 4 / archiver 5 internals); if those are not found it only yields to the event loop.
 */
export type Pace = (sheet: Worksheet) => Promise<void>;
const PACE_ROWS = 50;
/** Never wait longer than this per call: a stalled zip must not hang the writer. */
const MAX_WAIT_MS = 30_000;

interface DrainState {
  _writableState?: { needDrain?: boolean };
  writableNeedDrain?: boolean;
  destroyed?: boolean;
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
}

const needsDrain = (s: DrainState | undefined): boolean => !!(s && (s.writableNeedDrain || s._writableState?.needDrain));

function drained(s: DrainState, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      s.removeListener('drain', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    s.once('drain', done);
  });
}

export const outputClosed = () =>
  appError('OUTPUT_CLOSED');

export function pacer(out: NodeJS.WritableStream): Pace {
  let rows = 0;
  const destination = out as unknown as DrainState;
  return async (sheet) => {
    if (++rows % PACE_ROWS !== 0) return;
    // The client went away (download aborted): stop writing instead of waiting for a drain.
    if (destination.destroyed) throw outputClosed();
    const entry = (sheet as unknown as { stream?: { pipes?: DrainState[] } }).stream?.pipes?.[0];
    const start = Date.now();
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (const s of [entry, destination]) {
      while (s && needsDrain(s) && Date.now() - start < MAX_WAIT_MS) await drained(s, 250);
    }
  };
}

/** 'YYYY-MM-DD' → a Date at UTC midnight (exceljs converts dates to serials in UTC). */
export function dateValue(text: string): Date | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : text;
}

export interface SheetOptions {
  /** Rows frozen at the top (titles and header rows), also repeated on every printed page. */
  frozenRows: number;
  frozenColumns?: number;
  widths: number[];
  /** Shrink to one page wide when printing (not for the wide 单位明细). */
  fitWidth?: boolean;
}

export function addSheet(workbook: Workbook, name: string, options: SheetOptions): Worksheet {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: options.frozenColumns ?? 0, ySplit: options.frozenRows }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: options.fitWidth ?? false,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `1:${options.frozenRows}`,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  sheet.columns = options.widths.map((width) => ({ width }));
  return sheet;
}
