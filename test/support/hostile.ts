// Builders of hostile and awkward inputs: misbehaving parse jobs (for the parse pool) and zips the
// way real users and attackers make them (GBK names, lying headers, bombs, nesting). Everything is
// built by code so a test shows exactly what it feeds in.
import { constants as zlibConstants, crc32, deflateRawSync } from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { appError } from '../../templates/src/core/error-catalogue';
import { defineParseJob } from '../../templates/src/core/parse-job';
import { openXlsx } from '../../templates/src/xlsx/zip-gate';
import { zip, type ZipEntrySpec } from './xlsx-builder';
import { writeZipRecords } from './zip-records';

// ---------------------------------------------------------------------------------------------
// Parse-pool jobs. One job steered by its input, so one pool can be fed every kind of misbehaviour:
// the bytes hold a command ('echo', 'loop', 'heap', 'exit', 'app-error', 'throw', 'sleep:<ms>',
// 'bad-result' (a result its schema refuses), 'bad-message' (IPC garbage instead of an answer),
// 'options' (echoes the pool's job options as the command)).

export const echoResultSchema = z.object({
  fileName: z.string(),
  command: z.string(),
  pid: z.number().int(),
  /** Wall-clock start and end of the job in the child (ms since epoch), to prove two jobs overlapped. */
  startedAt: z.number(),
  endedAt: z.number(),
});
export type EchoResult = z.infer<typeof echoResultSchema>;

export const hostileJob = defineParseJob<EchoResult, unknown>({ module: __filename, name: 'hostileJob', run: runHostile, result: echoResultSchema });

async function runHostile(input: Uint8Array, fileName: string, options: unknown): Promise<EchoResult> {
  const startedAt = Date.now();
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const command = bytes.toString('utf8');
  if (command === 'bad-result') return { fileName, command, pid: String(process.pid) } as unknown as EchoResult;
  if (command === 'bad-message') {
    process.send?.({ type: 'done', id: 'not a number', outcome: 'rubbish' });
    await sleep(60_000);
  }
  if (command === 'options') return { fileName, command: JSON.stringify(options), pid: process.pid, startedAt, endedAt: Date.now() };
  if (command === 'loop') for (;;);
  if (command === 'heap') exhaustHeap();
  if (command === 'exit') process.exit(3);
  if (command === 'app-error') throw appError('NOT_XLSX', { looksLike: 'other' });
  if (command === 'throw') throw new TypeError('a bug in the parser');
  if (command.startsWith('sleep:')) await sleep(Number(command.slice('sleep:'.length)));
  return { fileName, command, pid: process.pid, startedAt, endedAt: Date.now() };
}

function exhaustHeap(): never {
  // JS arrays live on the V8 heap, so --max-old-space-size (not the OS) stops this. Few large
  // objects rather than many small ones: the heap fills fast without long marking pauses.
  const hoard: number[][] = [];
  for (let i = 0; ; i++) hoard.push(new Array<number>(1_000_000).fill(i));
}

// ---------------------------------------------------------------------------------------------
// Zips.

export type { ZipEntrySpec };

/** A well-formed zip as yazl writes it: xlsx-builder's writer, under the name the hostile tests use. */
export const buildZip = zip;

/**
 * The smallest zip our sniffing takes for a workbook: it has xl/workbook.xml. `marker` is stored in
 * it so a test can tell which workbook came out where. Not a valid workbook for the reader.
 */
export function xlsxLike(marker: string): Promise<Buffer> {
  return buildZip([
    { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types/>' },
    { name: 'xl/workbook.xml', data: `<?xml version="1.0"?><workbook><!--${marker}--></workbook>` },
  ]);
}

export interface RawEntrySpec {
  /** Name bytes exactly as written (e.g. GBK from encodeGbk). */
  name: Buffer;
  data: Buffer;
  /** Set general-purpose bit 11 (name is UTF-8). Windows' built-in zip and WinRAR in GBK mode do not. */
  utf8Flag?: boolean;
  deflate?: boolean;
  /** Uncompressed size written in the headers, to lie about it. */
  declaredSize?: number;
  /** More general-purpose flag bits, e.g. 0x1 (encrypted). */
  extraFlags?: number;
  /** Already deflated data (e.g. deflatedZeros) written as is; `data` is then ignored. */
  packed?: PackedData;
}

/** A deflate stream with the checksum and size of what it inflates to. */
export interface PackedData {
  bytes: Buffer;
  crc: number;
  size: number;
}

const packedZeros = new Map<number, PackedData>();

/**
 * `mib` MiB of zeros as one deflate stream, built without ever holding them: 1 MiB deflated once
 * (sync-flushed, not final), repeated, then a final empty block. A 1 GiB bomb is about 1 MB.
 */
export function deflatedZeros(mib: number): PackedData {
  let packed = packedZeros.get(mib);
  if (!packed) {
    const chunk = Buffer.alloc(1024 * 1024);
    const block = deflateRawSync(chunk, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    let crc = 0;
    for (let i = 0; i < mib; i++) crc = crc32(chunk, crc);
    packed = { bytes: Buffer.concat([...Array<Buffer>(mib).fill(block), Buffer.from([0x03, 0x00])]), crc, size: mib * chunk.length };
    packedZeros.set(mib, packed);
  }
  return packed;
}

/** A zip written byte by byte, for what yazl refuses to write: non-UTF-8 names and lying headers. */
export function buildRawZip(entries: RawEntrySpec[]): Buffer {
  return writeZipRecords(
    entries.map((e) => {
      const body = e.packed ? e.packed.bytes : e.deflate ? deflateRawSync(e.data) : e.data;
      const record = {
        name: e.name,
        flags: (e.utf8Flag ? 0x0800 : 0) | (e.extraFlags ?? 0),
        method: e.deflate || e.packed ? 8 : 0,
        dosDateTime: 0x5a210000, // some DOS date, midnight
        crc: e.packed ? e.packed.crc : crc32(e.data),
        compressedSize: body.length,
        size: e.declaredSize ?? (e.packed ? e.packed.size : e.data.length),
      };
      return { record, body };
    }),
  );
}

let gbkTable: Map<string, number> | undefined;

/** Encodes text as GBK (GB18030 two-byte range), as Chinese Windows writes file names into zips. */
export function encodeGbk(text: string): Buffer {
  if (!gbkTable) gbkTable = buildGbkTable();
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const pair = gbkTable.get(ch);
    if (pair === undefined) throw new Error(`no GBK code for ${ch}`);
    out.push(pair >> 8, pair & 0xff);
  }
  return Buffer.from(out);
}

function buildGbkTable(): Map<string, number> {
  // Node has a GB18030 decoder but no encoder: decode every two-byte code once and invert.
  const pairs: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) pairs.push((lead << 8) | trail);
  }
  const bytes = Buffer.alloc(pairs.length * 2);
  pairs.forEach((p, i) => bytes.writeUInt16BE(p, i * 2));
  const chars = new TextDecoder('gb18030').decode(bytes);
  if (chars.length !== pairs.length) throw new Error('GB18030 decoder did not map the two-byte range one to one');
  const table = new Map<string, number>();
  pairs.forEach((p, i) => {
    if (!table.has(chars[i])) table.set(chars[i], p);
  });
  return table;
}

/** A deflated entry of zeros: tiny on the wire, `inflatedMb` MB once inflated. */
export function zipBomb(inflatedMb: number, name = 'bomb.xlsx'): Promise<Buffer> {
  return buildZip([{ name, data: Buffer.alloc(inflatedMb * 1024 * 1024) }]);
}

// ---------------------------------------------------------------------------------------------
// Hostile workbooks: a valid workbook with one structure that is legal in OOXML but ruinous for a
// naive parser. Measured: exceljs runs out of heap on the merge and spins forever on the validation.

/** The whole sheet (A1:XFD1048576) as one merged range, on every worksheet. */
export function withWholeSheetMerge(xlsx: Buffer): Promise<Buffer> {
  return patchWorksheets(xlsx, (xml) => {
    const merge = '<mergeCell ref="A1:XFD1048576"/>';
    if (/<mergeCells\b[^>]*>/.test(xml)) return xml.replace(/<mergeCells\b[^>]*>/, (open) => open.replace(/count="\d+"/, '') + merge);
    return insertBefore(xml, ['<phoneticPr', '<conditionalFormatting', '<dataValidations', '<hyperlinks', '<printOptions', '<pageMargins'], `<mergeCells count="1">${merge}</mergeCells>`);
  });
}

/** A data validation over the whole sheet, on every worksheet. */
export function withWholeSheetValidation(xlsx: Buffer): Promise<Buffer> {
  return patchWorksheets(xlsx, (xml) => {
    const rule = '<dataValidation type="whole" allowBlank="1" showErrorMessage="1" sqref="A1:XFD1048576"><formula1>0</formula1><formula2>100</formula2></dataValidation>';
    if (/<dataValidations\b[^>]*>/.test(xml)) return xml.replace(/<dataValidations\b[^>]*>/, (open) => open.replace(/count="\d+"/, '') + rule);
    return insertBefore(xml, ['<hyperlinks', '<printOptions', '<pageMargins'], `<dataValidations count="1">${rule}</dataValidations>`);
  });
}

function insertBefore(xml: string, candidates: string[], insert: string): string {
  for (const tag of candidates) {
    const at = xml.indexOf(tag);
    if (at >= 0) return xml.slice(0, at) + insert + xml.slice(at);
  }
  return xml.replace('</worksheet>', `${insert}</worksheet>`);
}

/** Rewrites every worksheet part of an xlsx whose parts are all text (as exceljs writes them). */
async function patchWorksheets(xlsx: Buffer, patch: (xml: string) => string): Promise<Buffer> {
  const parts = openXlsx(xlsx);
  return buildZip(
    parts.names().map((name) => {
      const text = parts.text(name) ?? '';
      return { name, data: /^xl\/worksheets\/[^/]+\.xml$/.test(name) ? patch(text) : text };
    }),
  );
}

/** A conditional format over the whole sheet, on every worksheet. */
export function withWholeSheetConditionalFormat(xlsx: Buffer): Promise<Buffer> {
  return patchWorksheets(xlsx, (xml) => {
    const rule = '<conditionalFormatting sqref="A1:XFD1048576"><cfRule type="cellIs" priority="1" operator="greaterThan"><formula>0</formula></cfRule></conditionalFormatting>';
    return insertBefore(xml, ['<dataValidations', '<hyperlinks', '<printOptions', '<pageMargins'], rule);
  });
}

/** `count` separate two-cell merges far below the data, on every worksheet. */
export function withManyMerges(xlsx: Buffer, count: number): Promise<Buffer> {
  const merges = Array.from({ length: count }, (_, i) => `<mergeCell ref="H${1000 + i}:I${1000 + i}"/>`).join('');
  return patchWorksheets(xlsx, (xml) => {
    if (/<mergeCells\b[^>]*>/.test(xml)) return xml.replace(/<mergeCells\b[^>]*>/, (open) => open.replace(/count="\d+"/, '') + merges);
    return insertBefore(xml, ['<phoneticPr', '<conditionalFormatting', '<dataValidations', '<hyperlinks', '<printOptions', '<pageMargins'], `<mergeCells count="${count}">${merges}</mergeCells>`);
  });
}

/**
 * Rebuilds an xlsx (all parts text, as exceljs writes them) with parts changed by `patch`: return the
 * new text, or null to leave the part out. `extra` parts are appended as given.
 */
export async function rewriteParts(xlsx: Buffer, patch: (name: string, text: string) => string | null, extra: ZipEntrySpec[] = []): Promise<Buffer> {
  const parts = openXlsx(xlsx);
  const entries: ZipEntrySpec[] = [];
  for (const name of parts.names()) {
    const text = patch(name, parts.text(name) ?? '');
    if (text !== null) entries.push({ name, data: text });
  }
  return buildZip([...entries, ...extra]);
}

/**
 * The xlsx with `extra` entries appended, written byte by byte (every existing part deflated with
 * the UTF-8 flag), for entries yazl cannot write: pre-deflated bombs, lying sizes.
 */
export function withRawEntries(xlsx: Buffer, extra: RawEntrySpec[]): Buffer {
  const parts = openXlsx(xlsx);
  const existing = parts.names().filter((n) => !n.endsWith('/')).map((name) => ({ name: Buffer.from(name, 'utf8'), data: Buffer.from(parts.text(name) ?? '', 'utf8'), utf8Flag: true, deflate: true }));
  return buildRawZip([...existing, ...extra]);
}
