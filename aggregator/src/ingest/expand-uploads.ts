// Turns one upload (any mix of .xlsx files and .zip files of them, zips possibly with folders and one
// zip inside another) into the list of workbooks to check, plus one rejected item per file that is
// skipped, so the coordinator sees what happened to every file. Zips are hostile input like
// workbooks: entries are inflated under budgets measured on the real output.
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { isAppError } from '../../../templates/src/core/errors';
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
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
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
    if (!PLAIN_ZIP_NAME.test(file)) return [rejected(file, err.code, `${file}：${err.message}`)];
    if (!isZip(bytes)) {
      return [rejected(file, 'ZIP_UNSUPPORTED', `${file} 不是 zip 格式的压缩包（目前只支持 .zip，不支持 RAR/7z）：请改用 zip 格式压缩后重新上传`)];
    }
    if (depth + 1 > lim.maxZipDepth) {
      return [rejected(file, 'ZIP_TOO_DEEP', `${file} 是压缩包里的压缩包，嵌套层数超过 ${lim.maxZipDepth} 层，已跳过：请解压后把 .xlsx 文件直接放进一个压缩包再上传`)];
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
    return [rejected(file, 'ZIP_TOO_MANY_ENTRIES', `压缩包 ${file} 中有 ${zip.entryCount} 个文件，超过上限 ${lim.maxZipEntries} 个：请分成几个压缩包分批上传`)];
  }

  const items: ExpandedItem[] = [];
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      const { name, undecided } = decidedName(entry);
      if (name === '' || name.endsWith('/') || name.split('/').some((s) => JUNK_SEGMENT.test(s))) continue;
      const path = `${file}/${name}`;
      const before = items.length;
      if (entry.isEncrypted()) {
        items.push(rejected(path, 'ZIP_ENCRYPTED', `压缩包 ${file} 中的 ${name} 设置了解压密码，无法读取，已跳过：请去掉密码重新压缩后上传`));
      } else if (!CANDIDATE.test(`/${name}`)) {
        items.push(rejected(path, 'NOT_XLSX', `压缩包 ${file} 中的 ${name} 不是 .xlsx 文件，已跳过`));
      } else if (entry.uncompressedSize > lim.maxEntryBytes) {
        items.push(rejected(path, 'FILE_TOO_LARGE', `压缩包 ${file} 中的 ${name} 大小 ${mbText(entry.uncompressedSize)} 超过上限 ${mbText(lim.maxEntryBytes)}，已跳过：标准指标表通常不到 1 MB，请删除图片或多余工作表后重新保存`));
      } else {
        const data = await inflateEntry(zip, entry, file, name, lim, budget);
        items.push(...(await classify(path, data, depth, lim, budget)));
      }
      if (undecided) for (const item of items.slice(before)) sayUndecided(item, file, name);
    }
  } catch (err) {
    if (err instanceof ZipRefused) return [rejected(file, err.code, err.message)];
    return [brokenZip(file)];
  } finally {
    if (zip.isOpen) zip.close();
  }
  if (items.length === 0) {
    return [rejected(file, 'ZIP_EMPTY', `压缩包 ${file} 中没有 .xlsx 文件：请确认压缩的是填报好的指标表工作簿`)];
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
  const bomb = (why: string) =>
    new ZipRefused('ZIP_BOMB', `压缩包 ${file} 中的 ${name} ${why}，可能是恶意构造的“压缩炸弹”，整个压缩包已拒绝：请直接压缩填报好的 .xlsx 文件后重新上传`);
  const tooMuch = () =>
    new ZipRefused('UPLOAD_TOO_LARGE', `本次上传解压后的文件总量超过 ${mbText(lim.maxTotalBytes)}，压缩包 ${file} 未处理：请分批上传`);

  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > lim.maxEntryBytes) throw bomb(`解压后超过 ${mbText(lim.maxEntryBytes)}`);
      if (size > lim.ratioMinBytes && size > entry.compressedSize * lim.maxRatio) throw bomb(`压缩比超过 ${lim.maxRatio}:1`);
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
const mbText = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

function rejected(file: string, code: string, message: string): RejectedFile {
  return { file, error: { code, message } };
}

function brokenZip(file: string): RejectedFile {
  return rejected(file, 'ZIP_BROKEN', `压缩包 ${file} 已损坏或不完整，无法解压：请重新压缩（zip 格式）后再上传`);
}
