// Builds raw .xlsx zips by code, so tests can imitate what Excel, WPS, LibreOffice and odd
// generators write (inline strings, cells without `r`, absolute rel targets, prefixed namespaces)
// and craft hostile files (lying sizes, encryption flags, unsafe names) without binary fixtures.
import * as yazl from 'yazl';
import type { Catalogue } from '../../templates/src/core/catalogue';
import { COLUMNS, HEADER_ROW, INPUT_SHEET, META_SHEET, STAMP_KEYS, type Stamp } from '../../templates/src/core/contract';

// ---- zips ----------------------------------------------------------------------------------------

export interface ZipEntrySpec {
  name: string;
  data: string | Buffer;
  /** Deflate (default) or store. */
  compress?: boolean;
}

/** A well-formed zip as yazl writes it (UTF-8 flag set on every name); a name ending in / is a folder. */
export function zip(entries: ZipEntrySpec[]): Promise<Buffer> {
  const file = new yazl.ZipFile();
  for (const e of entries) {
    // A fixed time, so the same entries give the same bytes.
    const mtime = new Date(2025, 0, 1);
    if (e.name.endsWith('/')) file.addEmptyDirectory(e.name, { mtime });
    else file.addBuffer(typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data, e.name, { compress: e.compress ?? true, mtime });
  }
  file.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    file.outputStream.on('data', (c: Buffer) => chunks.push(c));
    file.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    file.outputStream.on('error', reject);
  });
}

/** One central-directory entry of a built zip, open to tampering. */
export interface EntryPatch {
  readonly name: string;
  /** Where the entry's stored data starts in the zip. */
  readonly dataOffset: number;
  /** ORs bits into the general-purpose flags (central directory and local header). */
  setFlags(bits: number): void;
  /** Rewrites the uncompressed size the central directory claims (a lying header). */
  claimSize(bytes: number): void;
  /** Rewrites the compressed size the central directory claims. */
  claimCompressedSize(bytes: number): void;
  /** Renames the entry in place (same byte length), e.g. to names yazl refuses to write. */
  rename(name: string): void;
  /** Overwrites the start of the entry's stored (compressed) data. */
  overwriteData(bytes: number[]): void;
}

/** Returns a copy of `zipBytes` with entries changed by `patch`. */
export function patchZip(zipBytes: Buffer, patch: (entry: EntryPatch) => void): Buffer {
  const buf = Buffer.from(zipBytes);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const at = p;
    const nameLen = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    const dataOffset = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    patch({
      name: buf.subarray(at + 46, at + 46 + nameLen).toString('utf8'),
      dataOffset,
      setFlags(bits) {
        buf.writeUInt16LE(buf.readUInt16LE(at + 8) | bits, at + 8);
        buf.writeUInt16LE(buf.readUInt16LE(local + 6) | bits, local + 6);
      },
      claimSize(bytes) {
        buf.writeUInt32LE(bytes, at + 24);
      },
      claimCompressedSize(bytes) {
        buf.writeUInt32LE(bytes, at + 20);
      },
      rename(name) {
        const bytes = Buffer.from(name, 'utf8');
        if (bytes.length !== nameLen) throw new Error('rename must keep the byte length');
        bytes.copy(buf, at + 46);
        bytes.copy(buf, local + 30);
      },
      overwriteData(bytes) {
        Buffer.from(bytes).copy(buf, dataOffset);
      },
    });
    p = at + 46 + nameLen + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return buf;
}

// ---- cells and rows --------------------------------------------------------------------------------

export type CellValue =
  | number
  | string
  | boolean
  | { error: string }
  | { formula: string; result?: number | string | boolean }
  | { isoDate: string }
  /** Rich text runs, optionally with a phonetic (furigana) run that readers must skip. */
  | { runs: string[]; phonetic?: string }
  /** A number stored as text (Excel's green triangle). */
  | { numberAsText: string };

export interface RowCell {
  col: string;
  value: CellValue;
}
export interface Row {
  r: number;
  cells: RowCell[];
}

export const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface SheetOptions {
  /** 'shared' like Excel/WPS/LibreOffice; 'inline' like many generators. */
  strings?: 'shared' | 'inline';
  /** Leave out `r` on rows and cells, as some writers do: column gaps become empty `<c/>`; rows must be consecutive from 1. */
  omitRefs?: boolean;
  /** Namespace prefix for SpreadsheetML elements, e.g. 'x' as the Open XML SDK writes. */
  prefix?: string;
  /** XML after </sheetData>, e.g. merges or data validations. */
  tail?: string;
}

/** Shared string table collected while rendering sheets. */
export class SharedStrings {
  readonly items: string[] = [];
  private readonly index = new Map<string, number>();
  add(xmlInner: string): number {
    let i = this.index.get(xmlInner);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(xmlInner);
      this.index.set(xmlInner, i);
    }
    return i;
  }
  xml(prefix = ''): string {
    const p = prefix ? `${prefix}:` : '';
    const ns = prefix ? `xmlns:${prefix}` : 'xmlns';
    const body = this.items.map((inner) => `<${p}si>${inner.replace(/<(\/?)(t|r|rPh|rPr)([ >])/g, `<$1${p}$2$3`)}</${p}si>`).join('');
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}sst ${ns}="${MAIN_NS}" count="${this.items.length}" uniqueCount="${this.items.length}">${body}</${p}sst>`;
  }
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function sheetXml(rows: Row[], sst: SharedStrings, opts: SheetOptions = {}): string {
  const p = opts.prefix ? `${opts.prefix}:` : '';
  const ns = opts.prefix ? `xmlns:${opts.prefix}` : 'xmlns';
  const text = (s: string) => `<t xml:space="preserve">${xmlEscape(s)}</t>`;
  const body = [...rows]
    .sort((a, b) => a.r - b.r)
    .map((row) => {
      const cells = withGapsFilled(row.cells, !!opts.omitRefs).map(({ col, value }) => {
        if (value === null) return `<${p}c/>`;
        const r = opts.omitRefs ? '' : ` r="${col}${row.r}"`;
        const c = (t: string, inner: string) => `<${p}c${r}${t ? ` t="${t}"` : ''}>${inner.replace(/<(\/?)(v|f|is|t|r|rPh)([ >])/g, `<$1${p}$2$3`)}</${p}c>`;
        const str = (inner: string) =>
          opts.strings === 'inline' ? c('inlineStr', `<is>${inner}</is>`) : c('s', `<v>${sst.add(inner)}</v>`);
        if (typeof value === 'number') return c('', `<v>${value}</v>`);
        if (typeof value === 'boolean') return c('b', `<v>${value ? 1 : 0}</v>`);
        if (typeof value === 'string') return str(text(value));
        if ('error' in value) return c('e', `<v>${value.error}</v>`);
        if ('isoDate' in value) return c('d', `<v>${value.isoDate}</v>`);
        if ('numberAsText' in value) return str(text(value.numberAsText));
        if ('runs' in value) {
          const runs = value.runs.map((run, i) => `<r>${i % 2 ? '<rPr><b/></rPr>' : ''}${text(run)}</r>`).join('');
          const phonetic = value.phonetic ? `<rPh sb="0" eb="1">${text(value.phonetic)}</rPh>` : '';
          return str(runs + phonetic);
        }
        const f = `<f>${xmlEscape(value.formula)}</f>`;
        const res = value.result;
        if (res === undefined) return c('', f);
        if (typeof res === 'number') return c('', `${f}<v>${res}</v>`);
        if (typeof res === 'boolean') return c('b', `${f}<v>${res ? 1 : 0}</v>`);
        return c('str', `${f}<v>${xmlEscape(res)}</v>`);
      });
      return `<${p}row${opts.omitRefs ? '' : ` r="${row.r}"`}>${cells.join('')}</${p}row>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet ${ns}="${MAIN_NS}" xmlns:r="${REL_NS}"><${p}sheetData>${body}</${p}sheetData>${opts.tail ?? ''}</${p}worksheet>`;
}

const colIndex = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/** Without `r`, a cell's column is its position: writers then emit empty `<c/>` for gaps. */
function withGapsFilled(cells: RowCell[], fill: boolean): Array<{ col: string; value: CellValue | null }> {
  if (!fill) return cells;
  const sorted = [...cells].sort((a, b) => colIndex(a.col) - colIndex(b.col));
  const out: Array<{ col: string; value: CellValue | null }> = [];
  for (const cell of sorted) {
    while (out.length + 1 < colIndex(cell.col)) out.push({ col: '', value: null });
    out.push(cell);
  }
  return out;
}

// ---- workbooks -----------------------------------------------------------------------------------

export interface SheetSpec {
  name: string;
  state?: 'visible' | 'hidden' | 'veryHidden';
  /** Part name in the zip (default xl/worksheets/sheetN.xml). */
  part?: string;
  /** Relationship target as written (default relative to xl/). */
  target?: string;
  xml: string;
}

export interface WorkbookSpec {
  sheets: SheetSpec[];
  sharedStrings?: SharedStrings;
  date1904?: boolean;
  coreProperties?: { category?: string; keywords?: string };
  prefix?: string;
  extraParts?: ZipEntrySpec[];
}

export function workbookParts(spec: WorkbookSpec): ZipEntrySpec[] {
  const p = spec.prefix ? `${spec.prefix}:` : '';
  const ns = spec.prefix ? `xmlns:${spec.prefix}` : 'xmlns';
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const sheets = spec.sheets.map((s, i) => {
    const part = s.part ?? `xl/worksheets/sheet${i + 1}.xml`;
    return { ...s, part, target: s.target ?? part.replace(/^xl\//, ''), rid: `rId${i + 1}` };
  });
  const rels = sheets.map(
    (s) => `<Relationship Id="${s.rid}" Type="${REL_NS}/worksheet" Target="${xmlEscape(s.target)}"/>`,
  );
  if (spec.sharedStrings) rels.push(`<Relationship Id="rIdS" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`);
  const overrides = sheets.map(
    (s) => `<Override PartName="/${s.part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  );
  const parts: ZipEntrySpec[] = [
    {
      name: '[Content_Types].xml',
      data: `${head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${overrides.join('')}</Types>`,
    },
    {
      name: '_rels/.rels',
      data: `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `${head}<${p}workbook ${ns}="${MAIN_NS}" xmlns:r="${REL_NS}"><${p}workbookPr${spec.date1904 ? ' date1904="1"' : ''}/><${p}sheets>${sheets
        .map((s, i) => `<${p}sheet name="${xmlEscape(s.name)}" sheetId="${i + 1}"${s.state && s.state !== 'visible' ? ` state="${s.state}"` : ''} r:id="${s.rid}"/>`)
        .join('')}</${p}sheets></${p}workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
    },
    ...sheets.map((s) => ({ name: s.part, data: s.xml })),
  ];
  if (spec.sharedStrings) parts.push({ name: 'xl/sharedStrings.xml', data: spec.sharedStrings.xml(spec.prefix) });
  if (spec.coreProperties) {
    const { category, keywords } = spec.coreProperties;
    parts.push({
      name: 'docProps/core.xml',
      data: `${head}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>指标表</dc:title>${category !== undefined ? `<cp:category>${xmlEscape(category)}</cp:category>` : ''}${keywords !== undefined ? `<cp:keywords>${xmlEscape(keywords)}</cp:keywords>` : ''}</cp:coreProperties>`,
    });
  }
  return [...parts, ...(spec.extraParts ?? [])];
}

export const buildWorkbook = (spec: WorkbookSpec): Promise<Buffer> => zip(workbookParts(spec));

// ---- the standard indicator layout ----------------------------------------------------------------

const col = (key: (typeof COLUMNS)[number]['key']) => COLUMNS.find((c) => c.key === key)!.letter;

export interface StandardRowsInput {
  values?: Record<string, CellValue>;
  remarks?: Record<string, string>;
}

/** Title, subtitle, header and one row per catalogue field, as the template lays them out. */
export function standardRows(catalogue: Catalogue, input: StandardRowsInput = {}): Row[] {
  const rows: Row[] = [
    { r: 1, cells: [{ col: 'A', value: '法治政府建设年度指标填报表' }] },
    { r: 2, cells: [{ col: 'A', value: `指标目录 ${catalogue.version}` }] },
    { r: HEADER_ROW, cells: COLUMNS.map((c) => ({ col: c.letter, value: c.header })) },
  ];
  catalogue.fields.forEach((field, i) => {
    const cells: RowCell[] = [
      { col: col('seq'), value: i + 1 },
      { col: col('code'), value: field.code },
      { col: col('name'), value: field.name_zh },
      { col: col('unit'), value: field.unit_zh },
    ];
    const value = input.values?.[field.code];
    if (value !== undefined) cells.push({ col: col('value'), value });
    if (field.help_zh) cells.push({ col: col('help'), value: field.help_zh });
    const remark = input.remarks?.[field.code];
    if (remark !== undefined) cells.push({ col: col('remark'), value: remark });
    rows.push({ r: HEADER_ROW + 1 + i, cells });
  });
  return rows;
}

/** Gives rows consecutive numbers in their array order (after inserting, deleting or sorting). */
export function renumber(rows: Row[]): Row[] {
  return rows.map((row, i) => ({ ...row, r: i + 1 }));
}

export function metaRows(stamp: Stamp): Row[] {
  return STAMP_KEYS.filter((k) => stamp[k] !== undefined).map((k, i) => ({
    r: i + 1,
    cells: [
      { col: 'A', value: k },
      { col: 'B', value: stamp[k]! },
    ],
  }));
}

export interface StandardWorkbookOptions extends SheetOptions {
  rows: Row[];
  stamp?: Stamp;
  metaState?: 'hidden' | 'veryHidden';
  date1904?: boolean;
  coreProperties?: WorkbookSpec['coreProperties'];
  /** Where the input sheet is stored and how the workbook rels point at it. */
  inputPart?: string;
  inputTarget?: string;
  inputName?: string;
}

/** A workbook with the input sheet (and a meta sheet when a stamp is given). */
export function standardWorkbook(o: StandardWorkbookOptions): Promise<Buffer> {
  const sst = new SharedStrings();
  const sheets: SheetSpec[] = [
    { name: o.inputName ?? INPUT_SHEET, xml: sheetXml(o.rows, sst, o), part: o.inputPart, target: o.inputTarget },
  ];
  if (o.stamp) sheets.push({ name: META_SHEET, state: o.metaState ?? 'veryHidden', xml: sheetXml(metaRows(o.stamp), sst, o) });
  return buildWorkbook({
    sheets,
    sharedStrings: sst.items.length > 0 ? sst : undefined,
    date1904: o.date1904,
    coreProperties: o.coreProperties,
    prefix: o.prefix,
  });
}
