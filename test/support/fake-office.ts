// An in-memory Office/Excel host: the subset of Office.js the add-in's adapter calls, behaving like
// Excel where it matters to the add-in (locked cells refuse edits and formats while the sheet is
// protected, data validation stops typed values but not pastes, formulas are computed, onChanged
// fires on edits, getFileAsync hands over the file in slices). Runs in Node (jest) and in Chromium.
/* eslint-disable @typescript-eslint/no-explicit-any */

export interface FakeCell {
  value: string | number | boolean;
  formula?: string;
  numberFormat?: string;
  fill?: string;
  locked: boolean;
  validation?: any;
  font?: Record<string, unknown>;
}

export interface FakeSheetSnapshot {
  name: string;
  visibility: string;
  cells: Record<string, { value: string | number | boolean; formula?: string; numberFormat?: string }>;
}

export interface FakeHostOptions {
  /** Highest ExcelApi minor version the host claims (1.8 by default, the manifest's minimum). */
  excelApi?: number;
  /** Turns the workbook into .xlsx bytes for getFileAsync; without it the host lacks getFileAsync. */
  serialize?: (sheets: FakeSheetSnapshot[]) => Promise<Uint8Array>;
  /** Slice size getFileAsync uses at most (the add-in's own sliceSize is honoured when smaller). */
  maxSliceSize?: number;
}

// ---- addresses ---------------------------------------------------------------------------------

export function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}
export function colLetters(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
const MAX_ROW = 1048576;
const MAX_COL = 16384;

interface Box {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export function parseBox(address: string): Box {
  const a = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  const [from, to = from] = a.replace(/\$/g, '').split(':');
  const part = (p: string) => {
    const m = /^([A-Z]*)(\d*)$/i.exec(p);
    if (!m) throw new Error(`InvalidArgument: bad address ${address}`);
    return { c: m[1] ? colNumber(m[1]) : 0, r: m[2] ? Number(m[2]) : 0 };
  };
  const f = part(from);
  const t = part(to);
  return { r1: f.r || 1, c1: f.c || 1, r2: t.r || MAX_ROW, c2: t.c || MAX_COL };
}
const boxAddress = (b: Box) => {
  const one = `${colLetters(b.c1)}${b.r1}`;
  return b.r1 === b.r2 && b.c1 === b.c2 ? one : `${one}:${colLetters(b.c2)}${b.r2}`;
};

// ---- a tiny formula evaluator (what the sheet plan writes: IF, OR, IFERROR, N, arithmetic) ----------

class FormulaError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}
type Val = number | string | boolean;

function evaluate(formula: string, get: (address: string) => Val): Val {
  const tokens = formula.match(/"[^"]*"|[A-Z]+\d+|\d+(?:\.\d+)?|[A-Z]+(?=\()|<>|<=|>=|[-+*/(),=<>&]/gi) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const num = (v: Val): number => {
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (v === '') return 0;
    const n = Number(v);
    if (Number.isNaN(n)) throw new FormulaError('#VALUE!');
    return n;
  };
  const compare = (): Val => {
    let left = additive();
    while (['=', '<>', '<', '>', '<=', '>='].includes(peek())) {
      const op = next();
      const right = additive();
      const cmp = typeof left === 'string' || typeof right === 'string' ? String(left).localeCompare(String(right)) : num(left) - num(right);
      left = op === '=' ? cmp === 0 : op === '<>' ? cmp !== 0 : op === '<' ? cmp < 0 : op === '>' ? cmp > 0 : op === '<=' ? cmp <= 0 : cmp >= 0;
    }
    return left;
  };
  const additive = (): Val => {
    let left = term();
    while (peek() === '+' || peek() === '-') left = next() === '+' ? num(left) + num(term()) : num(left) - num(term());
    return left;
  };
  const term = (): Val => {
    let left = unary();
    while (peek() === '*' || peek() === '/') {
      const op = next();
      const right = num(unary());
      if (op === '/' && right === 0) throw new FormulaError('#DIV/0!');
      left = op === '*' ? num(left) * right : num(left) / right;
    }
    return left;
  };
  const unary = (): Val => (peek() === '-' ? (next(), -num(unary())) : primary());
  const args = (): (() => Val)[] => {
    // Arguments are evaluated lazily, so IF and IFERROR only run the branch they take.
    const list: (() => Val)[] = [];
    next(); // (
    while (peek() !== ')') {
      const start = i;
      let depth = 0;
      while (i < tokens.length && !(depth === 0 && (peek() === ',' || peek() === ')'))) {
        if (peek() === '(') depth++;
        if (peek() === ')') depth--;
        i++;
      }
      const slice = tokens.slice(start, i).join(' ');
      list.push(() => evaluate(slice, get));
      if (peek() === ',') next();
    }
    next(); // )
    return list;
  };
  const primary = (): Val => {
    const t = next();
    if (t === undefined) throw new FormulaError('#VALUE!');
    if (t === '(') {
      const v = compare();
      next();
      return v;
    }
    if (t.startsWith('"')) return t.slice(1, -1);
    if (/^\d/.test(t)) return Number(t);
    if (peek() === '(') {
      const a = args();
      switch (t.toUpperCase()) {
        case 'IF':
          return num(a[0]()) !== 0 ? a[1]() : a[2] ? a[2]() : false;
        case 'OR':
          return a.some((f) => num(f()) !== 0);
        case 'IFERROR':
          try {
            return a[0]();
          } catch (e) {
            if (e instanceof FormulaError) return a[1]();
            throw e;
          }
        case 'N': {
          const v = a[0]();
          return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : 0;
        }
        default:
          throw new FormulaError('#NAME?');
      }
    }
    if (/^[A-Z]+\d+$/i.test(t)) return get(t.toUpperCase());
    throw new FormulaError('#NAME?');
  };
  return compare();
}

// ---- the workbook --------------------------------------------------------------------------------

class HostError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'RichApi.Error';
  }
}

export class FakeSheet {
  readonly cells = new Map<string, FakeCell>();
  readonly columnWidths = new Map<number, number>();
  readonly rowHeights = new Map<number, number>();
  readonly merges: string[] = [];
  visibility = 'Visible';
  protectedWith: any = null;
  frozenRows = 0;
  readonly handlers: ((e: any) => Promise<void> | void)[] = [];
  readonly id: string;
  constructor(public name: string, readonly host: FakeExcelHost) {
    this.id = `{sheet-${Math.random().toString(36).slice(2)}}`;
  }
  cell(address: string): FakeCell {
    let c = this.cells.get(address);
    if (!c) this.cells.set(address, (c = { value: '', locked: true }));
    return c;
  }
  peek(address: string): FakeCell | undefined {
    return this.cells.get(address);
  }
  /** The cell's value as Excel shows it: formulas computed, errors as '#DIV/0!' text. */
  valueOf(address: string, depth = 0): Val {
    const c = this.cells.get(address);
    if (!c) return '';
    if (!c.formula) return c.value;
    if (depth > 50) return '#REF!';
    try {
      return evaluate(c.formula.slice(1), (a) => {
        const v = this.valueOf(a, depth + 1);
        if (typeof v === 'string' && /^#/.test(v) && this.cells.get(a)?.formula) throw new FormulaError(v);
        return v;
      });
    } catch (e) {
      if (e instanceof FormulaError) return e.code;
      throw e;
    }
  }
  usedBox(valuesOnly: boolean): Box | null {
    let box: Box | null = null;
    for (const [address, c] of this.cells) {
      if (valuesOnly && c.value === '' && !c.formula) continue;
      if (!valuesOnly && c.value === '' && !c.formula && !c.fill && c.locked && !c.validation && !c.numberFormat) continue;
      const { r1, c1 } = parseBox(address);
      box = box ? { r1: Math.min(box.r1, r1), c1: Math.min(box.c1, c1), r2: Math.max(box.r2, r1), c2: Math.max(box.c2, c1) } : { r1, c1, r2: r1, c2: c1 };
    }
    return box;
  }
  assertEditable(box: Box, what: 'edit' | 'format'): void {
    if (!this.protectedWith) return;
    if (what === 'format' && !this.protectedWith.allowFormatCells) {
      throw new HostError('AccessDenied', `The cell or chart you're trying to change is on a protected sheet (${this.name}!${boxAddress(box)}).`);
    }
    if (what === 'edit') {
      for (let r = box.r1; r <= box.r2; r++) {
        for (let c = box.c1; c <= box.c2; c++) {
          if (this.peek(`${colLetters(c)}${r}`)?.locked ?? true) {
            throw new HostError('AccessDenied', `The cell ${this.name}!${colLetters(c)}${r} is locked on a protected sheet.`);
          }
        }
      }
    }
  }
  async fire(address: string, source: 'Local' | 'Remote' = 'Local'): Promise<void> {
    for (const h of this.handlers) await h({ address, changeType: 'RangeEdited', source, worksheetId: this.id, type: 'WorksheetChanged' });
  }
}

export class FakeExcelHost {
  readonly sheets: FakeSheet[] = [];
  readonly properties: Record<string, string> = { title: '', category: '', keywords: '', subject: '' };
  selection: { sheet: string; address: string } | null = null;
  activeSheet: string | null = null;
  readonly calls: string[] = [];

  constructor(readonly options: FakeHostOptions = {}) {
    this.sheets.push(new FakeSheet('Sheet1', this));
    this.activeSheet = 'Sheet1';
  }

  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  /** What a user does by typing: refused on locked cells and by Stop-style data validation. */
  async type(sheetName: string, address: string, value: string | number): Promise<{ ok: boolean; alert?: string }> {
    const sheet = this.sheet(sheetName)!;
    const box = parseBox(address);
    try {
      sheet.assertEditable(box, 'edit');
    } catch (e) {
      return { ok: false, alert: (e as Error).message };
    }
    const cell = sheet.cell(address);
    const typed = typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) && cell.numberFormat !== '@' ? Number(value) : value;
    const refusal = cell.validation ? validationRefusal(cell.validation, typed) : null;
    if (refusal) return { ok: false, alert: refusal };
    cell.value = typed;
    delete cell.formula;
    this.selection = { sheet: sheetName, address };
    await sheet.fire(address);
    return { ok: true };
  }

  /** A paste: data validation does not run, locks still hold. Fires one change for the block. */
  async paste(sheetName: string, topLeft: string, rows: (string | number | boolean)[][]): Promise<void> {
    const sheet = this.sheet(sheetName)!;
    const { r1, c1 } = parseBox(topLeft);
    const box = { r1, c1, r2: r1 + rows.length - 1, c2: c1 + Math.max(...rows.map((r) => r.length)) - 1 };
    sheet.assertEditable(box, 'edit');
    rows.forEach((row, i) =>
      row.forEach((v, j) => {
        const cell = sheet.cell(`${colLetters(c1 + j)}${r1 + i}`);
        cell.value = v;
        delete cell.formula;
      }),
    );
    await sheet.fire(boxAddress(box));
  }

  snapshot(): FakeSheetSnapshot[] {
    return this.sheets.map((s) => ({
      name: s.name,
      visibility: s.visibility,
      cells: Object.fromEntries(
        [...s.cells].filter(([, c]) => c.value !== '' || c.formula).map(([a, c]) => {
          const out: FakeSheetSnapshot['cells'][string] = { value: s.valueOf(a) };
          if (c.formula) out.formula = c.formula.slice(1);
          if (c.numberFormat) out.numberFormat = c.numberFormat;
          return [a, out];
        }),
      ),
    }));
  }
}

function validationRefusal(v: any, typed: unknown): string | null {
  const rule = v.rule ?? {};
  const alert = v.errorAlert?.message ?? '输入值非法';
  if (typed === '' || typed === null) return null;
  const basic = rule.wholeNumber ?? rule.decimal;
  if (basic) {
    if (typeof typed !== 'number' || (rule.wholeNumber && !Number.isInteger(typed))) return alert;
    const [lo, hi] = [Number(basic.formula1), Number(basic.formula2)];
    if (basic.operator === 'Between' && (typed < lo || typed > hi)) return alert;
    if (basic.operator === 'GreaterThanOrEqualTo' && typed < lo) return alert;
  }
  if (rule.list) {
    const items = String(rule.list.source).split(',');
    if (!items.includes(String(typed))) return alert;
  }
  return null;
}

// ---- the Office.js surface --------------------------------------------------------------------

function makeRange(host: FakeExcelHost, sheet: FakeSheet, box: Box): any {
  const each = (fn: (address: string, r: number, c: number) => void) => {
    for (let r = box.r1; r <= box.r2; r++) for (let c = box.c1; c <= box.c2; c++) fn(`${colLetters(c)}${r}`, r - box.r1, c - box.c1);
  };
  const grid = <T>(fn: (address: string) => T): T[][] => {
    const out: T[][] = [];
    for (let r = box.r1; r <= box.r2; r++) {
      const row: T[] = [];
      for (let c = box.c1; c <= box.c2; c++) row.push(fn(`${colLetters(c)}${r}`));
      out.push(row);
    }
    return out;
  };
  const setGrid = (rows: unknown[][], apply: (cell: FakeCell, v: unknown) => void, what: 'edit' | 'format') => {
    sheet.assertEditable(box, what);
    each((a, i, j) => apply(sheet.cell(a), rows[Math.min(i, rows.length - 1)][Math.min(j, rows[0].length - 1)]));
  };
  const setEach = (apply: (cell: FakeCell) => void) => {
    sheet.assertEditable(box, 'format');
    each((a) => apply(sheet.cell(a)));
  };
  const fontProxy = () =>
    new Proxy({} as Record<string, unknown>, {
      set(_t, key, value) {
        setEach((c) => (c.font = { ...c.font, [key as string]: value }));
        return true;
      },
      get(_t, key) {
        return sheet.peek(boxAddress({ ...box, r2: box.r1, c2: box.c1 }))?.font?.[key as string];
      },
    });
  const isWholeColumn = box.r1 === 1 && box.r2 === MAX_ROW;
  const isWholeRow = box.c1 === 1 && box.c2 === MAX_COL;
  const dvState: any = {};
  const range: any = {
    isNullObject: false,
    load: () => range,
    get address() {
      return `${sheet.name}!${boxAddress(box)}`;
    },
    get rowIndex() {
      return box.r1 - 1;
    },
    get columnIndex() {
      return box.c1 - 1;
    },
    get values() {
      return grid((a) => sheet.valueOf(a));
    },
    set values(rows: unknown[][]) {
      setGrid(rows, (cell, v) => {
        cell.value = v as Val;
        delete cell.formula;
      }, 'edit');
      void sheet.fire(boxAddress(box));
    },
    get formulas() {
      return grid((a) => sheet.peek(a)?.formula ?? sheet.peek(a)?.value ?? '');
    },
    set formulas(rows: unknown[][]) {
      setGrid(rows, (cell, v) => {
        if (typeof v === 'string' && v.startsWith('=')) {
          cell.formula = v;
          cell.value = '';
        } else {
          cell.value = v as Val;
          delete cell.formula;
        }
      }, 'edit');
      void sheet.fire(boxAddress(box));
    },
    get valueTypes() {
      return grid((a) => {
        const v = sheet.valueOf(a);
        if (v === '') return 'Empty';
        if (typeof v === 'boolean') return 'Boolean';
        if (typeof v === 'number') return Number.isInteger(v) ? 'Integer' : 'Double';
        return /^#/.test(v) && sheet.peek(a)?.formula ? 'Error' : 'String';
      });
    },
    set numberFormat(rows: unknown[][]) {
      setGrid(rows, (cell, v) => (cell.numberFormat = String(v)), 'format');
    },
    get numberFormat() {
      return grid((a) => sheet.peek(a)?.numberFormat ?? 'General');
    },
    format: {
      set columnWidth(w: number) {
        for (let c = box.c1; c <= Math.min(box.c2, 200); c++) sheet.columnWidths.set(c, w);
      },
      set rowHeight(h: number) {
        for (let r = box.r1; r <= Math.min(box.r2, 5000); r++) sheet.rowHeights.set(r, h);
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
      font: fontProxy(),
      fill: {
        set color(v: string) {
          setEach((c) => (c.fill = v.replace('#', '').toUpperCase()));
        },
        get color() {
          const f = sheet.peek(boxAddress({ ...box, r2: box.r1, c2: box.c1 }))?.fill;
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
          return sheet.peek(boxAddress({ ...box, r2: box.r1, c2: box.c1 }))?.locked ?? true;
        },
      },
    },
    dataValidation: new Proxy(dvState, {
      get(t, key) {
        if (key === 'clear') return () => setEach((c) => delete c.validation);
        if (key === 'load') return () => undefined;
        return sheet.peek(boxAddress({ ...box, r2: box.r1, c2: box.c1 }))?.validation?.[key as string] ?? t[key as string];
      },
      set(_t, key, value) {
        setEach((c) => (c.validation = { ...c.validation, [key as string]: value }));
        return true;
      },
    }),
    merge() {
      sheet.merges.push(boxAddress(box));
    },
    select() {
      if (host.activeSheet !== sheet.name) throw new HostError('InvalidSelection', 'The selection can only be on the active sheet.');
      host.selection = { sheet: sheet.name, address: boxAddress(box) };
    },
    clear() {
      if (sheet.protectedWith) sheet.assertEditable(box, 'edit');
      for (const a of [...sheet.cells.keys()]) {
        const { r1, c1 } = parseBox(a);
        if (r1 >= box.r1 && r1 <= box.r2 && c1 >= box.c1 && c1 <= box.c2) sheet.cells.delete(a);
      }
    },
  };
  return range;
}

function makeSheet(host: FakeExcelHost, sheet: FakeSheet): any {
  const api: any = {
    isNullObject: false,
    load: () => api,
    get name() {
      return sheet.name;
    },
    set name(v: string) {
      if (host.sheet(v)) throw new HostError('ItemAlreadyExists', `A sheet named ${v} exists.`);
      sheet.name = v;
    },
    get id() {
      return sheet.id;
    },
    get visibility() {
      return sheet.visibility;
    },
    set visibility(v: string) {
      sheet.visibility = v;
    },
    getRange: (address?: string) => makeRange(host, sheet, address ? parseBox(address) : { r1: 1, c1: 1, r2: MAX_ROW, c2: MAX_COL }),
    getUsedRange: (valuesOnly?: boolean) => {
      const box = sheet.usedBox(!!valuesOnly) ?? { r1: 1, c1: 1, r2: 1, c2: 1 };
      return makeRange(host, sheet, box);
    },
    getUsedRangeOrNullObject: (valuesOnly?: boolean) => {
      const box = sheet.usedBox(!!valuesOnly);
      return box ? makeRange(host, sheet, box) : { isNullObject: true, load: () => undefined };
    },
    activate() {
      if (sheet.visibility !== 'Visible') throw new HostError('InvalidOperation', 'A hidden sheet cannot be activated.');
      host.activeSheet = sheet.name;
    },
    delete() {
      if (host.sheets.filter((s) => s.visibility === 'Visible' && s !== sheet).length === 0) {
        throw new HostError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
      }
      host.sheets.splice(host.sheets.indexOf(sheet), 1);
      if (host.activeSheet === sheet.name) host.activeSheet = host.sheets.find((s) => s.visibility === 'Visible')!.name;
    },
    freezePanes: {
      freezeRows: (n: number) => {
        sheet.frozenRows = n;
      },
    },
    protection: {
      load: () => undefined,
      get protected() {
        return sheet.protectedWith !== null;
      },
      protect(options: any = {}) {
        if (sheet.protectedWith) throw new HostError('InvalidOperationInCellEditMode', 'The sheet is already protected.');
        sheet.protectedWith = options;
      },
      unprotect() {
        sheet.protectedWith = null;
      },
    },
    onChanged: {
      add(handler: (e: any) => void) {
        sheet.handlers.push(handler);
        return { remove: () => sheet.handlers.splice(sheet.handlers.indexOf(handler), 1) };
      },
    },
  };
  return api;
}

function makeWorkbook(host: FakeExcelHost): any {
  const nullSheet = { isNullObject: true, load: () => undefined };
  return {
    worksheets: {
      getItem(name: string) {
        const s = host.sheet(name);
        if (!s) throw new HostError('ItemNotFound', `The requested resource doesn't exist (${name}).`);
        return makeSheet(host, s);
      },
      getItemOrNullObject(name: string) {
        const s = host.sheet(name);
        return s ? makeSheet(host, s) : nullSheet;
      },
      add(name: string) {
        if (host.sheet(name)) throw new HostError('ItemAlreadyExists', `A sheet named ${name} exists.`);
        const s = new FakeSheet(name, host);
        host.sheets.push(s);
        return makeSheet(host, s);
      },
      getActiveWorksheet: () => makeSheet(host, host.sheet(host.activeSheet!)!),
    },
    properties: new Proxy(host.properties, {
      get: (t, key) => (key === 'load' ? () => undefined : t[key as string]),
      set: (t, key, value) => {
        t[key as string] = String(value);
        return true;
      },
    }),
    getSelectedRange: () => makeRange(host, host.sheet(host.selection?.sheet ?? host.activeSheet!)!, parseBox(host.selection?.address ?? 'A1')),
  };
}

export const EXCEL_ENUMS = {
  PageOrientation: { landscape: 'Landscape', portrait: 'Portrait' },
  PaperType: { a4: 'A4' },
  ProtectionSelectionMode: { normal: 'Normal', unlocked: 'Unlocked', none: 'None' },
  DataValidationAlertStyle: { stop: 'Stop', warning: 'Warning', information: 'Information' },
  SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
};

/** Installs `Office` and `Excel` on the global object and returns the host to drive and inspect. */
export function installFakeOffice(target: any = globalThis, options: FakeHostOptions = {}): FakeExcelHost {
  const host = new FakeExcelHost(options);
  const supported = options.excelApi ?? 1.8;
  target.Excel = {
    ...EXCEL_ENUMS,
    async run(batch: (context: any) => Promise<unknown>) {
      const context = { workbook: makeWorkbook(host), sync: async () => undefined };
      host.calls.push('Excel.run');
      return batch(context);
    },
  };
  const document: any = {};
  if (options.serialize) {
    document.getFileAsync = (fileType: string, opts: { sliceSize?: number }, callback: (r: any) => void) => {
      options.serialize!(host.snapshot()).then(
        (bytes) => {
          const size = Math.min(opts?.sliceSize ?? 4194304, options.maxSliceSize ?? 4194304);
          const count = Math.max(1, Math.ceil(bytes.length / size));
          const file = {
            size: bytes.length,
            sliceCount: count,
            getSliceAsync: (i: number, cb: (r: any) => void) =>
              setTimeout(() => cb({ status: 'succeeded', value: { index: i, size, data: Array.from(bytes.subarray(i * size, (i + 1) * size)) } }), 0),
            closeAsync: (cb?: () => void) => setTimeout(() => cb?.(), 0),
          };
          host.calls.push(`getFileAsync:${fileType}:${count}`);
          callback({ status: 'succeeded', value: file });
        },
        (error: Error) => callback({ status: 'failed', error: { message: error.message } }),
      );
    };
  }
  const associations: Record<string, (event: any) => unknown> = {};
  target.Office = {
    HostType: { Excel: 'Excel' },
    FileType: { Compressed: 'compressed' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    onReady: (cb?: (info: unknown) => void) => {
      const info = { host: 'Excel', platform: 'OfficeOnline' };
      cb?.(info);
      return Promise.resolve(info);
    },
    context: {
      document,
      requirements: {
        isSetSupported: (name: string, version = '1.1') => (name === 'ExcelApi' ? Number(version) <= supported : name === 'File' ? !!options.serialize : false),
      },
    },
    actions: { associate: (name: string, fn: (event: any) => unknown) => (associations[name] = fn) },
  };
  (host as any).associations = associations;
  return host;
}
