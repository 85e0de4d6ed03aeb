// Turns one upload (any mix of .xlsx files and .zip files of them, zips possibly with folders and one
// zip inside another) into the list of workbooks to check, plus one rejected item per file that is
// skipped, so the coordinator sees what happened to every file. Zips are hostile input like
// workbooks: entries are inflated under budgets measured on the real output.
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { isAppError } from '../../../templates/src/core/errors';
import { errorText, type ErrorCode, type FactsArgs } from '../../../templates/src/core/error-catalogue';
import { openXlsx } from '../../../templates/src/xlsx/zip-gate';
import { decideEntryName, type RawEntryName } from './zip-names';

export interface UploadFile {
  name: string;
  bytes: Buffer;
}

/** A workbook to check; `file` is its path in the upload, e.g. 'batch.zip/和平区/区司法局.xlsx'. */
export interface ExpandedWorkbook {
  file: string;
  bytes: Buffer;
  /** Something to tell the uploader about the file that does not refuse it (a name whose encoding could not be decided). */
  notice?: { code: string; message: string };
}

export interface RejectedFile {
  file: string;
  error: { code: string; message: string };
}

export type ExpandedItem = ExpandedWorkbook | RejectedFile;

export const isRejected = (item: ExpandedItem): item is RejectedFile => 'error' in item;

export interface ExpandLimits {
  /** Most entries (files, folders, junk) one zip may list. */
  maxZipEntries: number;
  /** Largest inflated entry; bigger entries are skipped with a reason. */
  maxEntryBytes: number;
  /** Largest sum of inflated bytes over the whole upload. */
  maxTotalBytes: number;
  /** Largest inflated/compressed ratio of an entry larger than `ratioMinBytes`. */
  maxRatio: number;
  ratioMinBytes: number;
  /** 1: only the uploaded zip is opened; 2: also a zip inside it (a district's zip in the city's zip). */
  maxZipDepth: number;
}

const MB = 1024 * 1024;

export const DEFAULT_EXPAND_LIMITS: Readonly<ExpandLimits> = Object.freeze({
  maxZipEntries: 5000,
  maxEntryBytes: 20 * MB,
  maxTotalBytes: 256 * MB,
  maxRatio: 200,
  ratioMinBytes: 1 * MB,
  maxZipDepth: 2,
});

/** Entries worth inflating to look at; anything else in a zip is skipped by its name. */
const CANDIDATE = /(\.xlsx|\.xlsm|\.xls|\.zip|\/[^./]+)$/i;
const JUNK_SEGMENT = /^(__MACOSX|\.DS_Store|Thumbs\.db|desktop\.ini|~\$.*|\._.*)$/i;
const PLAIN_ZIP_NAME = /\.zip$/i;

/** Raised inside one zip when it must be refused as a whole (bomb, broken, over budget). */
class ZipRefused extends Error {
  readonly code: string;
  constructor(said: { code: string; message: string }) {
    super(said.message);
    this.code = said.code;
  }
}

interface Budget {
  left: number;
}

export async function expandUploads(files: UploadFile[], limits: Partial<ExpandLimits> = {}): Promise<ExpandedItem[]> {
  const lim: ExpandLimits = { ...DEFAULT_EXPAND_LIMITS, ...limits };
  const budget: Budget = { left: lim.maxTotalBytes };
  const out: ExpandedItem[] = [];
  for (const file of files) out.push(...(await classify(file.name, file.bytes, 0, lim, budget)));
  return out;
}

/** Decides what one file is by its content: a workbook, a zip to open, or something to reject. */
async function classify(file: string, bytes: Buffer, depth: number, lim: ExpandLimits, budget: Budget): Promise<ExpandedItem[]> {
  try {
    // The same gate the parse workers use: cheap (central directory only), same reasons.
    openXlsx(bytes, { maxFileBytes: lim.maxEntryBytes });
    return [{ file, bytes }];
  } catch (err) {
    if (!isAppError(err)) throw err;
    if (!PLAIN_ZIP_NAME.test(file)) return [{ file, error: { code: err.code, message: `${file}：${err.message}` } }];
    if (!isZip(bytes)) {
      return [rejected(file, 'ZIP_UNSUPPORTED', { fileName: file })];
    }
    if (depth + 1 > lim.maxZipDepth) {
      return [rejected(file, 'ZIP_TOO_DEEP', { fileName: file, maxDepth: lim.maxZipDepth, of: 'workbook' })];
    }
    return expandZip(file, bytes, depth + 1, lim, budget);
  }
}

async function expandZip(file: string, bytes: Buffer, depth: number, lim: ExpandLimits, budget: Budget): Promise<ExpandedItem[]> {
  let zip: ZipFile;
  try {
    // decodeStrings off: names are decoded below (GBK), and yauzl would refuse the whole zip for one odd name.
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  } catch {
    return [brokenZip(file)];
  }
  if (zip.entryCount > lim.maxZipEntries) {
    zip.close();
    return [rejected(file, 'ZIP_TOO_MANY_ENTRIES', { zipFile: file, count: zip.entryCount, maxEntries: lim.maxZipEntries })];
  }

  const items: ExpandedItem[] = [];
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      const { name, undecided } = decidedName(entry);
      if (name === '' || name.endsWith('/') || name.split('/').some((s) => JUNK_SEGMENT.test(s))) continue;
      const path = `${file}/${name}`;
      const before = items.length;
      if (entry.isEncrypted()) {
        items.push(rejected(path, 'ZIP_ENCRYPTED', { zipFile: file, part: name }));
      } else if (!CANDIDATE.test(`/${name}`)) {
        items.push(rejected(path, 'NOT_XLSX', { zipFile: file, part: name }));
      } else if (entry.uncompressedSize > lim.maxEntryBytes) {
        items.push(rejected(path, 'FILE_TOO_LARGE', { of: 'workbook', zipFile: file, fileName: name, bytes: entry.uncompressedSize, limitBytes: lim.maxEntryBytes }));
      } else {
        const data = await inflateEntry(zip, entry, file, name, lim, budget);
        items.push(...(await classify(path, data, depth, lim, budget)));
      }
      if (undecided) for (const item of items.slice(before)) sayUndecided(item, file, name);
    }
  } catch (err) {
    if (err instanceof ZipRefused) return [{ file, error: { code: err.code, message: err.message } }];
    return [brokenZip(file)];
  } finally {
    if (zip.isOpen) zip.close();
  }
  if (items.length === 0) {
    return [rejected(file, 'ZIP_EMPTY', { zipFile: file, of: 'workbook' })];
  }
  return items;
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
    };
    const onEntry = (entry: Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(undefined));
    const onError = (err: Error) => (cleanup(), reject(err));
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

/** Inflates one entry, counting the real output: declared sizes may lie. */
async function inflateEntry(zip: ZipFile, entry: Entry, file: string, name: string, lim: ExpandLimits, budget: Budget): Promise<Buffer> {
  const bomb = (why: { maxRatio: number } | { maxBytes: number }) => new ZipRefused(errorText('ZIP_BOMB', { zipFile: file, part: name, ...why }));
  const tooMuch = () => new ZipRefused(errorText('UPLOAD_TOO_LARGE', { zipFile: file, maxTotalBytes: lim.maxTotalBytes }));

  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > lim.maxEntryBytes) throw bomb({ maxBytes: lim.maxEntryBytes });
      if (size > lim.ratioMinBytes && size > entry.compressedSize * lim.maxRatio) throw bomb({ maxRatio: lim.maxRatio });
      if (size > budget.left) throw tooMuch();
      chunks.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  budget.left -= size;
  return Buffer.concat(chunks, size);
}

/** An entry's name, decided as archivers do (zip-names.ts), made tidy and relative. */
export function entryName(entry: RawEntryName): string {
  return decidedName(entry).name;
}

function decidedName(entry: RawEntryName): { name: string; undecided: boolean } {
  const { name, undecided } = decideEntryName(entry);
  // Names are only shown, never used as paths on disk; still keep them tidy and relative.
  const trailingSlash = /[/\\]$/.test(name);
  const clean = name
    .split(/[/\\]/)
    .filter((s) => s !== '' && s !== '.' && s !== '..')
    .join('/');
  return { name: clean + (trailingSlash && clean ? '/' : ''), undecided };
}

const UNDECIDED_ADVICE = '请在 Windows 中右键文件选择“发送到—压缩(zipped)文件夹”或用 7-Zip、WinRAR 重新压缩后上传，或直接上传 .xlsx 文件';

/** Tells the uploader that what they see as the file's name is a guess. */
function sayUndecided(item: ExpandedItem, zipName: string, name: string): void {
  const what = `压缩包 ${zipName} 中文件名“${name}”的编码无法确定（既不像 GBK 也不像 UTF-8 编码的中文），显示的文件名可能与原名不同`;
  if (isRejected(item)) item.error.message += `（另：${what}）`;
  else item.notice = { code: 'ZIP_NAME_UNDECIDED', message: `${item.file}：${what}；文件内容不受影响，已照常检查。如需正确的文件名，${UNDECIDED_ADVICE}。` };
}

const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;

/** A file refused with the catalogue's message for `code`. */
function rejected<C extends ErrorCode>(file: string, code: C, ...facts: FactsArgs<C>): RejectedFile {
  const { message } = errorText(code, ...facts);
  return { file, error: { code, message } };
}

function brokenZip(file: string): RejectedFile {
  return rejected(file, 'ZIP_BROKEN', { zipFile: file });
}
