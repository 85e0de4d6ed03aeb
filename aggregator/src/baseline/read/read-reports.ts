// Turns uploaded report files (.txt, .docx, text .pdf, or a .zip of them, folders allowed) into
// texts, one item per file, each either read or rejected with a Chinese reason. The format is told
// by content, not by the name; zips are inflated under the same budgets as workbook uploads.
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { isAppError } from '../../../../templates/src/core/errors';
import { appError, errorText, type ErrorCode, type FactsArgs } from '../../../../templates/src/core/error-catalogue';
import { DEFAULT_EXPAND_LIMITS, type ExpandLimits, entryName } from '../../ingest/expand-uploads';
import { decodeReportText, looksLikeText } from './decode-text';
import { docxText } from './read-docx';
import type { PdfReader } from './pdf-reader';
import type { ReportFormat } from '../../contract/baselines';

export type { ReportFormat } from '../../contract/baselines';

export interface ReportInput {
  name: string;
  bytes: Buffer;
}

/** A read report: `file` is its path in the upload ('区级.zip/河北区/区司法局.docx'). */
export interface ReadReport {
  file: string;
  format: ReportFormat;
  text: string;
  /** The file's own bytes (inside a zip: the entry's), to be kept as the original. */
  bytes: Buffer;
}

export interface RejectedReport {
  file: string;
  error: { code: string; message: string };
}

export type ReportItem = ReadReport | RejectedReport;
export const isRejectedReport = (item: ReportItem): item is RejectedReport => 'error' in item;

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const JUNK_SEGMENT = /^(__MACOSX|\.DS_Store|Thumbs\.db|desktop\.ini|~\$.*|\._.*)$/i;

interface Context {
  pdf: PdfReader;
  lim: ExpandLimits;
  budget: { left: number };
}

export async function readReports(files: ReportInput[], pdf: PdfReader, limits: Partial<ExpandLimits> = {}): Promise<ReportItem[]> {
  const lim: ExpandLimits = { ...DEFAULT_EXPAND_LIMITS, ...limits };
  const ctx: Context = { pdf, lim, budget: { left: lim.maxTotalBytes } };
  const out: ReportItem[] = [];
  for (const f of files) out.push(...(await classify(f.name, f.bytes, 0, ctx)));
  return out;
}

/** Reads one report file by its content; throws AppError with the reason it cannot be read. */
export async function readReportFile(file: string, bytes: Buffer, pdf: PdfReader): Promise<{ format: ReportFormat; text: string }> {
  if (bytes.length === 0) throw appError('EMPTY_FILE', { fileName: file });
  if (bytes.length > DEFAULT_EXPAND_LIMITS.maxEntryBytes) {
    throw appError('FILE_TOO_LARGE', { of: 'report', fileName: file, bytes: bytes.length, limitBytes: DEFAULT_EXPAND_LIMITS.maxEntryBytes });
  }
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return { format: 'pdf', text: await pdf.read(bytes, file) };
  if (isZip(bytes)) return { format: 'docx', text: docxText(bytes, file) };
  if (OLE_MAGIC.every((b, i) => bytes[i] === b)) {
    throw appError('OLD_WORD', { fileName: file });
  }
  if (!looksLikeText(bytes)) {
    throw appError('NOT_REPORT', { fileName: file });
  }
  const { text } = decodeReportText(bytes);
  if (text.trim() === '') throw appError('EMPTY_FILE', { fileName: file, noText: true });
  return { format: 'txt', text };
}

async function classify(file: string, bytes: Buffer, depth: number, ctx: Context): Promise<ReportItem[]> {
  const { lim } = ctx;
  try {
    const { format, text } = await readReportFile(file, bytes, ctx.pdf);
    return [{ file, format, text, bytes }];
  } catch (e) {
    if (!isAppError(e)) throw e;
    // A zip that is no Word document is an archive of reports.
    if (e.code !== 'NOT_DOCX') return [{ file, error: { code: e.code, message: e.message } }];
    if (depth + 1 > lim.maxZipDepth) return [rejected(file, 'ZIP_TOO_DEEP', { fileName: file, maxDepth: lim.maxZipDepth, of: 'report' })];
    return expandZip(file, bytes, depth + 1, ctx);
  }
}

async function expandZip(file: string, bytes: Buffer, depth: number, ctx: Context): Promise<ReportItem[]> {
  const { lim } = ctx;
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  } catch {
    return [rejected(file, 'ZIP_BROKEN', { zipFile: file })];
  }
  if (zip.entryCount > lim.maxZipEntries) {
    zip.close();
    return [rejected(file, 'ZIP_TOO_MANY_ENTRIES', { zipFile: file, count: zip.entryCount, maxEntries: lim.maxZipEntries })];
  }
  const items: ReportItem[] = [];
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      const name = entryName(entry);
      if (name === '' || name.endsWith('/') || name.split('/').some((s) => JUNK_SEGMENT.test(s))) continue;
      const path = `${file}/${name}`;
      if (entry.isEncrypted()) items.push(rejected(path, 'ZIP_ENCRYPTED', { zipFile: file, part: name }));
      else if (entry.uncompressedSize > lim.maxEntryBytes) items.push(rejected(path, 'FILE_TOO_LARGE', { of: 'report', zipFile: file, fileName: name, bytes: entry.uncompressedSize, limitBytes: lim.maxEntryBytes }));
      else items.push(...(await classify(path, await inflateEntry(zip, entry, file, name, lim, ctx.budget), depth, ctx)));
    }
  } catch (e) {
    if (isAppError(e)) return [{ file, error: { code: e.code, message: e.message } }];
    return [rejected(file, 'ZIP_BROKEN', { zipFile: file })];
  } finally {
    if (zip.isOpen) zip.close();
  }
  if (items.length === 0) return [rejected(file, 'ZIP_EMPTY', { zipFile: file, of: 'report' })];
  return items;
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
    const onEntry = (entry: Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(undefined));
    const onError = (err: Error) => (cleanup(), reject(err));
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

/** Inflates one entry counting the real output, as workbook uploads do: declared sizes may lie. */
async function inflateEntry(zip: ZipFile, entry: Entry, file: string, name: string, lim: ExpandLimits, budget: { left: number }): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > lim.maxEntryBytes || (size > lim.ratioMinBytes && size > entry.compressedSize * lim.maxRatio)) {
        throw appError('ZIP_BOMB', { zipFile: file, part: name });
      }
      if (size > budget.left) throw appError('UPLOAD_TOO_LARGE', { zipFile: file });
      chunks.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  budget.left -= size;
  return Buffer.concat(chunks, size);
}

const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;
/** A report refused with the catalogue's message for `code`. */
function rejected<C extends ErrorCode>(file: string, code: C, ...facts: FactsArgs<C>): RejectedReport {
  return { file, error: { code, message: errorText(code, ...facts).message } };
}
