// The floor writer: the rollup workbook's very rows (the same sheet writers fill it, through a
// stand-in for exceljs's Workbook), serialised as hand-written sheet XML and deflated with zlib
// straight into the zip stream. What exceljs's streaming writer costs above this is its overhead.
import { once } from 'node:events';
import * as zlib from 'node:zlib';
import type { Workbook, Worksheet } from 'exceljs';
import { writeDetailSheet, writeFindingsSheet, writeStatusSheet, writeTextsSheet } from '../aggregator/src/reports/detail-sheets';
import { writeSummarySheet } from '../aggregator/src/reports/summary-sheet';
import { STYLES } from '../aggregator/src/reports/xlsx-style';
import type { Rollup, RollupScope } from '../aggregator/src/rollup/types';
import { columnLetter } from '../templates/src/core/cell-address';
import { centralHeader, endOfCentralDirectory, localHeader, type ZipRecord } from '../test/support/zip-records';

const NEEDS_ESCAPE = /[&<>]/;
const escapeXml = (s: string) => (NEEDS_ESCAPE.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : s);
const COLUMN_NAMES: string[] = [];
const colName = (n: number) => (COLUMN_NAMES[n] ??= columnLetter(n));
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** Zip framing with data descriptors, so each entry streams through deflate without buffering. */
class ZipStream {
  private offset = 0;
  private readonly central: Buffer[] = [];
  private count = 0;
  constructor(private readonly out: NodeJS.WritableStream) {}

  private async write(chunk: Buffer): Promise<void> {
    this.offset += chunk.length;
    if (!this.out.write(chunk)) await once(this.out as unknown as NodeJS.EventEmitter, 'drain');
  }

  /** Starts an entry; returns a sink of XML text and a function that ends the entry. */
  async entry(name: string): Promise<{ put(text: string): Promise<void>; end(): Promise<void> }> {
    // UTF-8 name, sizes in the data descriptor: the local header has zeros where they would be.
    const record: ZipRecord = { name: Buffer.from(name, 'utf8'), flags: 0x808, method: 8, dosDateTime: 0, crc: 0, compressedSize: 0, size: 0 };
    const start = this.offset;
    await this.write(localHeader(record));
    // Each segment is deflated on its own and ends on a sync flush, so the segments concatenate
    // into one valid deflate stream; the last one finishes it. No stream machinery, no threadpool.
    let crc = 0;
    let size = 0;
    let packed = 0;
    let pending = '';
    const flush = async (final: boolean) => {
      const bytes = Buffer.from(pending, 'utf8');
      pending = '';
      crc = zlib.crc32(bytes, crc);
      size += bytes.length;
      const out = zlib.deflateRawSync(bytes, { finishFlush: final ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH });
      packed += out.length;
      await this.write(out);
    };
    return {
      put: async (text) => {
        pending += text;
        if (pending.length > 256 * 1024) await flush(false);
      },
      end: async () => {
        await flush(true);
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(0x08074b50, 0);
        descriptor.writeUInt32LE(crc, 4);
        descriptor.writeUInt32LE(packed, 8);
        descriptor.writeUInt32LE(size, 12);
        await this.write(descriptor);
        this.central.push(centralHeader({ ...record, crc, compressedSize: packed, size }, start));
        this.count++;
      },
    };
  }

  async finish(): Promise<void> {
    const cd = Buffer.concat(this.central);
    await this.write(Buffer.concat([cd, endOfCentralDirectory(this.count, cd.length, this.offset)]));
    this.out.end();
  }
}

type Value = string | number | Date | null;
const styleIds = new Map<object, number>(Object.values(STYLES).map((s, i) => [s, i + 1]));

/** Just what the sheet writers call on exceljs's Workbook, Worksheet and Row. */
class FloorSheet {
  private rowNum = 0;
  private readonly queue: string[] = [];
  columns: unknown;
  constructor(readonly name: string) {}

  addRow(values: Value[]) {
    const styles: number[] = [];
    return {
      getCell: (i: number) => ({
        set style(s: object) {
          styles[i] = styleIds.get(s) ?? 0;
        },
      }),
      commit: () => {
        const r = ++this.rowNum;
        let xml = `<row r="${r}">`;
        values.forEach((v, k) => {
          const ref = `${colName(k + 1)}${r}`;
          const s = styles[k + 1] ? ` s="${styles[k + 1]}"` : '';
          if (typeof v === 'string') xml += `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(v)}</t></is></c>`;
          else if (typeof v === 'number') xml += `<c r="${ref}"${s}><v>${v}</v></c>`;
          else if (v instanceof Date) xml += `<c r="${ref}"${s}><v>${(v.getTime() - EXCEL_EPOCH) / 86_400_000}</v></c>`;
          else if (s) xml += `<c r="${ref}"${s}/>`;
        });
        this.queue.push(xml + '</row>');
      },
    };
  }

  /** Rows committed since the last call. */
  take(): string {
    return this.queue.splice(0).join('');
  }

  commit(): void {
    // Rows are taken by the pacer and at the end of the sheet.
  }
}

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';

const NUM_FMTS: Record<string, number> = {};
function stylesXml(): string {
  const styles = Object.values(STYLES);
  const fmts: string[] = [];
  const xfs = styles.map((s) => {
    const code = (s as { numFmt?: string }).numFmt;
    if (!code) return '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>';
    if (!(code in NUM_FMTS)) {
      NUM_FMTS[code] = 164 + fmts.length;
      fmts.push(`<numFmt numFmtId="${NUM_FMTS[code]}" formatCode="${escapeXml(code)}"/>`);
    }
    return `<xf numFmtId="${NUM_FMTS[code]}" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>`;
  });
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<numFmts count="${fmts.length}">${fmts.join('')}</numFmts><fonts count="1"><font><sz val="10"/><name val="宋体"/></font></fonts>` +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length + 1}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>${xfs.join('')}</cellXfs></styleSheet>`
  );
}

export async function writeFloorWorkbook(rollup: Rollup, scope: RollupScope, out: NodeJS.WritableStream): Promise<void> {
  const zip = new ZipStream(out);
  const sheets: string[] = [];
  let current: { sheet: FloorSheet; sink: Awaited<ReturnType<ZipStream['entry']>> } | null = null;
  const endCurrent = async () => {
    if (!current) return;
    await current.sink.put(current.sheet.take() + '</sheetData></worksheet>');
    await current.sink.end();
    current = null;
  };
  const openSheet = async (name: string) => {
    await endCurrent();
    const sheet = new FloorSheet(name);
    sheets.push(name);
    const sink = await zip.entry(`xl/worksheets/sheet${sheets.length}.xml`);
    await sink.put(SHEET_HEAD);
    current = { sheet, sink };
    return sheet;
  };
  // The summary writer is synchronous: it gets a sheet whose rows are written when it returns.
  const summary = await openSheet('汇总');
  const workbook = { addWorksheet: () => summary } as unknown as Workbook;
  writeSummarySheet(workbook, rollup, scope);
  let rows = 0;
  const pace = async (sheet: Worksheet) => {
    if (++rows % 50 !== 0 || !current) return;
    await current.sink.put((sheet as unknown as FloorSheet).take());
  };
  let next: FloorSheet | null = null;
  const lazy = { addWorksheet: () => next! } as unknown as Workbook;
  for (const [name, write] of [
    ['单位明细', writeDetailSheet],
    ['填报情况', writeStatusSheet],
    ['文字汇编', writeTextsSheet],
    ['问题清单', writeFindingsSheet],
  ] as const) {
    next = await openSheet(name);
    await write(lazy, rollup, scope, pace);
  }
  await endCurrent();

  const rels = sheets
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join('');
  const small: [string, string][] = [
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        '</Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ],
    [
      'xl/workbook.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
        sheets.map((name, i) => `<sheet name="${name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    ],
    ['xl/styles.xml', stylesXml()],
  ];
  for (const [name, text] of small) {
    const sink = await zip.entry(name);
    await sink.put(text);
    await sink.end();
  }
  await zip.finish();
}
