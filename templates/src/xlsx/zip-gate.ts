// The zip gate: the only code that touches an uploaded workbook's bytes. It reads the zip's
// central directory, refuses hostile or foreign files with a Chinese reason, and inflates the parts
// the reader asks for, each under a byte budget measured on the real output. checkEveryPart holds
// every other entry to the same budgets and, when it is XML, to the same no-declarations rule: the
// original is stored and later opened by other programs, so a part nobody here reads (a billion
// laughs in docProps/app.xml, a zip bomb named xl/media/image1.png) must not pass either.
//
// Why not yauzl: its API is callback/stream based (async only), and its per-entry stream
// machinery costs more than a whole 25 KB workbook read. An xlsx needs no more than a careful
// central-directory parse plus zlib.inflateRawSync with maxOutputLength, which is sync and lean.
import * as zlib from 'node:zlib';
import { AppError } from '../core/errors';
import { appError, type ErrorFacts } from '../core/error-catalogue';

export interface GateLimits {
  /** Largest upload accepted, in bytes. */
  maxFileBytes: number;
  /** Most entries the zip may hold. */
  maxEntries: number;
  /** Largest inflated size of one part, in bytes. */
  maxPartBytes: number;
  /** Largest inflated size of all parts read from one file, in bytes. */
  maxTotalBytes: number;
  /** Largest inflated/compressed ratio of a part larger than `ratioMinBytes`. */
  maxRatio: number;
  /** Parts up to this inflated size are never judged by ratio (tiny XML compresses very well). */
  ratioMinBytes: number;
}

const MB = 1024 * 1024;

export const DEFAULT_GATE_LIMITS: Readonly<GateLimits> = Object.freeze({
  maxFileBytes: 20 * MB,
  maxEntries: 1000,
  maxPartBytes: 50 * MB,
  maxTotalBytes: 100 * MB,
  maxRatio: 200,
  ratioMinBytes: 1 * MB,
});

export interface XlsxParts {
  /** Entry names as stored in the zip. */
  names(): string[];
  /** Whether a part exists (OPC part names are case-insensitive). */
  has(partName: string): boolean;
  /**
   * The part inflated and decoded as text; undefined when there is no such part. With `endTag`
   * (a local element name), only the text up to its first closing tag is decoded, so a reader
   * that needs just `sheetData` never decodes what follows.
   */
  text(partName: string, endTag?: string): string | undefined;
  /**
   * The part as `head` (what text(partName, endTag) gives) and `tail`, what follows that closing
   * tag — or the whole part when it has none, so a scan of the tail misses nothing. The tail is for
   * scanning markup only: a UTF-8 part's tail comes one latin1 character per byte, so ASCII (tags,
   * attributes, ranges) is exact while other text is not decoded (the Chinese prompts of a sheet's
   * validations cost more to decode than the whole rest of a read).
   */
  split(partName: string, endTag: string): { head: string; tail: string } | undefined;
  /**
   * Inflates every entry not read yet under the same budgets, and refuses any XML entry with a
   * DOCTYPE or ENTITY declaration (ZIP_BOMB / ZIP_CORRUPT / XML_DOCTYPE). Entries it inflates are
   * kept, so a later text() or split() does not inflate them again.
   */
  checkEveryPart(): void;
}

interface Entry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD_SIG = 0x06054b50;
const EOCD64_LOCATOR_SIG = 0x07064b50;
const EOCD64_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** What a caller expects inside an OOXML zip: its main part, and the error when that is missing. */
export interface ZipKind {
  mainPart: string;
  missing(parts: { has(lowerCaseName: string): boolean }): AppError;
}

const XLSX_KIND: ZipKind = { mainPart: 'xl/workbook.xml', missing: (parts) => notWorkbook(parts) };

/** Opens an uploaded workbook. Throws AppError for anything that is not a safe xlsx zip. */
export function openXlsx(bytes: Uint8Array, limits: Partial<GateLimits> = {}): XlsxParts {
  return openOfficeZip(bytes, limits, XLSX_KIND);
}

/**
 * Opens another OOXML file (a .docx report) under the same limits and checks; its messages are
 * the workbook's, so a caller for another kind rewords them by code.
 */
export function openOfficeZip(bytes: Uint8Array, limits: Partial<GateLimits>, kind: ZipKind): XlsxParts {
  const lim: GateLimits = { ...DEFAULT_GATE_LIMITS, ...limits };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length === 0) throw appError('EMPTY_FILE');
  if (buf.length > lim.maxFileBytes) {
    throw appError('FILE_TOO_LARGE', { of: 'workbook', bytes: buf.length, limitBytes: lim.maxFileBytes });
  }
  // Any zip record signature at the start counts as a zip, so a damaged one is reported as such.
  const zipStart = buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && [0x0304, 0x0506, 0x0708].includes(buf.readUInt16BE(2));
  if (!zipStart) throw notZip(buf);

  const { entries, dataEnd } = readCentralDirectory(buf, lim);
  const byName = new Map<string, Entry>();
  for (const entry of entries) {
    checkName(entry.name);
    const key = entry.name.toLowerCase();
    if (byName.has(key)) {
      throw appError('ZIP_DUPLICATE_ENTRY', { part: entry.name });
    }
    byName.set(key, entry);
    // Bit 0: traditional/AES encryption; bit 6: strong encryption.
    if (entry.flags & 0x41) {
      throw appError('ZIP_ENCRYPTED');
    }
  }
  if (!byName.has(kind.mainPart)) throw kind.missing(byName);

  let inflatedTotal = 0;
  // Inflated once: the sweep keeps what it inflates for the reader, and a part read twice counts once.
  const inflated = new Map<Entry, Buffer>();
  const inflateOnce = (entry: Entry): Buffer => {
    let data = inflated.get(entry);
    if (!data) {
      data = inflate(buf.subarray(0, dataEnd), entry, lim, lim.maxTotalBytes - inflatedTotal);
      inflatedTotal += data.length;
      inflated.set(entry, data);
    }
    return data;
  };
  const read = (partName: string): { entry: Entry; data: Buffer } | undefined => {
    const entry = byName.get(normalizePart(partName));
    return entry ? { entry, data: inflateOnce(entry) } : undefined;
  };
  return {
    checkEveryPart() {
      for (const entry of entries) {
        if (entry.name.endsWith('/') && entry.size === 0) continue;
        const data = inflateOnce(entry);
        if (looksLikeXml(data) && (isUtf16(data) ? hasDeclarations(decodeText(data)) : hasDeclarationBytes(data))) throw declarations(entry);
      }
    },
    names: () => entries.map((e) => e.name),
    has: (partName) => byName.has(normalizePart(partName)),
    text(partName, endTag) {
      const part = read(partName);
      if (!part) return undefined;
      const { entry, data } = part;
      return checked(entry, decodeText(endTag ? data.subarray(0, endOfElement(data, endTag)) : data));
    },
    split(partName, endTag) {
      const part = read(partName);
      if (!part) return undefined;
      const { entry, data } = part;
      const end = isUtf16(data) ? -1 : endOfElement(data, endTag);
      if (end >= 0 && end < data.length) {
        return { head: checked(entry, decodeText(data.subarray(0, end))), tail: checked(entry, data.toString('latin1', end)) };
      }
      // UTF-16, or no closing tag: split the decoded text instead (byte offsets do not apply).
      const text = checked(entry, decodeText(data));
      const at = endOfElementText(text, endTag);
      return at < text.length ? { head: text.slice(0, at), tail: text.slice(at) } : { head: text, tail: text };
    },
  };
}

/** Every part read as text is XML to us, whatever its name (a rel may point anywhere): no declarations. */
function checked(entry: Entry, text: string): string {
  if (hasDeclarations(text)) throw declarations(entry);
  return text;
}

function declarations(entry: Entry): AppError {
  return appError('XML_DOCTYPE', { part: entry.name });
}

/** XML by content, whatever the name: a BOM, or markup after leading white space. */
function looksLikeXml(data: Buffer): boolean {
  if (isUtf16(data)) return true;
  let i = data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  while (i < data.length && (data[i] === 0x20 || data[i] === 0x09 || data[i] === 0x0a || data[i] === 0x0d)) i++;
  return data[i] === 0x3c; /* < */
}

const BANG = Buffer.from('<!', 'latin1');

/** hasDeclarations on UTF-8 bytes, without decoding them (the sweep sees parts nobody reads). */
function hasDeclarationBytes(data: Buffer): boolean {
  for (let i = data.indexOf(BANG); i >= 0; i = data.indexOf(BANG, i + 2)) {
    const word = data.toString('latin1', i + 2, i + 8).toUpperCase();
    if (word.startsWith('DOCTYP') || word.startsWith('ENTITY')) return true;
  }
  return false;
}

const isUtf16 = (data: Buffer) => data.length >= 2 && ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff));

/** Any `<!DOCTYPE` or `<!ENTITY` (any case); indexOf keeps this cheap on large parts. */
function hasDeclarations(text: string): boolean {
  for (let i = text.indexOf('<!'); i >= 0; i = text.indexOf('<!', i + 2)) {
    const word = text.slice(i + 2, i + 8).toUpperCase();
    if (word.startsWith('DOCTYP') || word.startsWith('ENTITY')) return true;
  }
  return false;
}

/**
 * Byte offset just past the first `</name>` or `</prefix:name>`; the whole length if none.
 * `<` never appears unescaped in text or attribute values, so the first match is the real tag.
 */
function endOfElement(data: Buffer, name: string): number {
  const needle = Buffer.from(`${name}>`, 'latin1');
  for (let i = data.indexOf(needle); i >= 0; i = data.indexOf(needle, i + 1)) {
    let j = i - 1;
    if (data[j] === 0x3a /* : */) while (j > 0 && data[j - 1] !== 0x2f /* / */ && data[j - 1] !== 0x3c) j--;
    else j = i;
    if (data[j - 1] === 0x2f && data[j - 2] === 0x3c) return i + needle.length;
  }
  return data.length;
}

/** endOfElement on decoded text. */
function endOfElementText(text: string, name: string): number {
  const needle = `${name}>`;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    let j = i - 1;
    if (text[j] === ':') while (j > 0 && text[j - 1] !== '/' && text[j - 1] !== '<') j--;
    else j = i;
    if (text[j - 1] === '/' && text[j - 2] === '<') return i + needle.length;
  }
  return text.length;
}

const normalizePart = (name: string) => name.replace(/^\//, '').toLowerCase();

function notZip(buf: Buffer): AppError {
  const head = buf.subarray(0, 8);
  const startsWith = (s: string) => head.subarray(0, s.length).toString('latin1') === s;
  let looksLike: Extract<ErrorFacts<'NOT_XLSX'>, { looksLike: unknown }>['looksLike'];
  if (startsWith('%PDF')) looksLike = 'pdf';
  else if (head.length === 8 && OLE_MAGIC.every((b, i) => head[i] === b)) {
    looksLike = 'old_xls';
  } else if (startsWith('Rar!') || startsWith('7z\xbc\xaf') || (head[0] === 0x1f && head[1] === 0x8b)) {
    looksLike = 'archive';
  } else if (startsWith('\x89PNG') || (head[0] === 0xff && head[1] === 0xd8)) {
    looksLike = 'image';
  } else if (looksLikeText(buf)) {
    const start = buf.subarray(0, 512).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
    looksLike = start.startsWith('<') ? 'markup' : 'text';
  } else {
    looksLike = 'other';
  }
  return appError('NOT_XLSX', { looksLike });
}

/** Text files have no NUL bytes in their head (UTF-16 has a BOM). */
function looksLikeText(buf: Buffer): boolean {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) return true;
  const head = buf.subarray(0, 1024);
  for (const b of head) if (b < 0x09) return false;
  return true;
}

function notWorkbook(byName: { has(lowerCaseName: string): boolean }): AppError {
  let looksLike: ErrorFacts<'NOT_WORKBOOK'>['looksLike'] = 'other';
  if (byName.has('word/document.xml')) looksLike = 'word';
  else if (byName.has('ppt/presentation.xml')) looksLike = 'powerpoint';
  else if (byName.has('xl/workbook.bin')) looksLike = 'xlsb';
  else if (byName.has('content.xml') && byName.has('mimetype')) looksLike = 'opendocument';
  return appError('NOT_WORKBOOK', { looksLike });
}

function corrupt(detail: string): AppError {
  return appError('ZIP_CORRUPT', { damage: detail });
}

/** Entries, and where file data ends (the central directory starts): no entry may reach past it. */
function readCentralDirectory(buf: Buffer, lim: GateLimits): { entries: Entry[]; dataEnd: number } {
  const eocd = findEocd(buf);
  if (eocd < 0) throw corrupt('找不到压缩文件目录，文件可能被截断');
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || buf.readUInt32LE(locator) !== EOCD64_LOCATOR_SIG) throw corrupt('ZIP64 目录缺失');
    const eocd64 = safeNumber(buf.readBigUInt64LE(locator + 8));
    if (eocd64 + 56 > buf.length || buf.readUInt32LE(eocd64) !== EOCD64_SIG) throw corrupt('ZIP64 目录损坏');
    count = safeNumber(buf.readBigUInt64LE(eocd64 + 32));
    cdSize = safeNumber(buf.readBigUInt64LE(eocd64 + 40));
    cdOffset = safeNumber(buf.readBigUInt64LE(eocd64 + 48));
  }
  if (count > lim.maxEntries) throw tooMany(count, lim);
  if (cdOffset + cdSize > buf.length) throw corrupt('压缩文件目录超出文件末尾，文件可能被截断');

  const entries: Entry[] = [];
  let p = cdOffset;
  const end = cdOffset + cdSize;
  while (p < end) {
    if (p + 46 > end || buf.readUInt32LE(p) !== CENTRAL_SIG) throw corrupt('压缩文件目录损坏');
    if (entries.length >= lim.maxEntries) throw tooMany(entries.length + 1, lim);
    const flags = buf.readUInt16LE(p + 8);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > end) throw corrupt('压缩文件目录损坏');
    const nameBytes = buf.subarray(p + 46, p + 46 + nameLen);
    const entry: Entry = {
      // Bit 11 marks UTF-8 names; xlsx part names are ASCII, so latin1 keeps others harmlessly.
      name: nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1'),
      flags,
      method: buf.readUInt16LE(p + 10),
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
    };
    applyZip64Extra(entry, buf.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen));
    entries.push(entry);
    p = next;
  }
  if (entries.length !== count) throw corrupt('压缩文件目录的条目数不符');
  return { entries, dataEnd: cdOffset };
}

function findEocd(buf: Buffer): number {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf[i] === 0x50 && buf.readUInt32LE(i) === EOCD_SIG && i + 22 + buf.readUInt16LE(i + 20) <= buf.length) return i;
  }
  return -1;
}

function applyZip64Extra(entry: Entry, extra: Buffer): void {
  let p = 0;
  while (p + 4 <= extra.length) {
    const id = extra.readUInt16LE(p);
    const len = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const take = () => {
        if (q + 8 > p + 4 + len || q + 8 > extra.length) throw corrupt('ZIP64 扩展字段损坏');
        const v = safeNumber(extra.readBigUInt64LE(q));
        q += 8;
        return v;
      };
      if (entry.size === 0xffffffff) entry.size = take();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = take();
      if (entry.localOffset === 0xffffffff) entry.localOffset = take();
      return;
    }
    p += 4 + len;
  }
}

function safeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('ZIP64 数值超出范围');
  return Number(v);
}

function tooMany(count: number, lim: GateLimits): AppError {
  return appError('ZIP_TOO_MANY_ENTRIES', { count, maxEntries: lim.maxEntries });
}

function checkName(name: string): void {
  const segments = name.split(/[/\\]/);
  if (/^[/\\]/.test(name) || /^[a-zA-Z]:/.test(name) || segments.includes('..') || name.includes('\0')) {
    throw appError('ZIP_UNSAFE_NAME', { part: name });
  }
}

function inflate(buf: Buffer, entry: Entry, lim: GateLimits, totalLeft: number): Buffer {
  const p = entry.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL_SIG) throw corrupt(`部件“${entry.name}”的位置信息错误`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) throw corrupt(`部件“${entry.name}”的数据不完整，文件可能被截断`);
  const packed = buf.subarray(start, end);

  // Budget on the real output: a central directory that under-states the size gains nothing.
  const byRatio = Math.max(lim.ratioMinBytes, entry.compressedSize * lim.maxRatio);
  const budget = Math.min(lim.maxPartBytes, totalLeft, byRatio);
  const overRatio = budget === byRatio;
  if (entry.size > budget) throw bomb(entry, lim, overRatio);

  let data: Buffer;
  if (entry.method === 0 || entry.compressedSize === 0) {
    // Some writers store empty entries (folders) with method 8 and no data at all.
    data = packed;
  } else if (entry.method === 8) {
    try {
      data = zlib.inflateRawSync(packed, { maxOutputLength: Math.max(1, budget) });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw bomb(entry, lim, overRatio);
      }
      throw corrupt(`部件“${entry.name}”解压出错`);
    }
  } else {
    throw corrupt(`部件“${entry.name}”使用了不支持的压缩方式 ${entry.method}`);
  }
  if (data.length > budget) throw bomb(entry, lim, overRatio);
  if (data.length !== entry.size || zlib.crc32(data) !== entry.crc) throw corrupt(`部件“${entry.name}”校验失败`);
  return data;
}

function bomb(entry: Entry, lim: GateLimits, byRatio: boolean): AppError {
  return appError(
    'ZIP_BOMB',
    byRatio ? { part: entry.name, maxRatio: lim.maxRatio } : { part: entry.name, maxPartBytes: lim.maxPartBytes, maxTotalBytes: lim.maxTotalBytes },
  );
}

/** Parts are UTF-8 in practice; honour a UTF-16 BOM since XML allows it. */
function decodeText(data: Buffer): string {
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return data.subarray(2).toString('utf16le');
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) {
    const swapped = Buffer.from(data.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const text = data.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
