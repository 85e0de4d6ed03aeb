// Entry names of uploaded zips, decided the way real archivers do. A name is UTF-8 when bit 11 of
// its flags says so, or when an Info-ZIP Unicode Path extra field (0x7075) matching the name's CRC
// gives it. Otherwise the bytes carry no encoding: Windows' built-in zip, WinRAR and 360压缩 on a
// Chinese system write GBK, macOS and Linux tools write UTF-8. Many GBK names are valid UTF-8 too
// (农委 is C5A9 CEAF: "ũί" as UTF-8), so validity alone decides nothing: both readings are scored by
// how plausible they are as Chinese file names (common hanzi high, rare hanzi and stray Latin,
// Greek or control characters low) and the better one wins. When neither reading is valid, they
// tie, or even the better one is implausible, the name is `undecided` and the caller says so.
import { crc32 } from 'node:zlib';

export interface DecidedName {
  name: string;
  /** How it was decided: the flag, the Unicode path field, or the better of the two readings. */
  by: 'utf8-flag' | 'unicode-path' | 'ascii' | 'utf8' | 'gbk';
  /** No reading was plausible (or both were equally): `name` is a best guess and may be wrong. */
  undecided: boolean;
}

export interface RawEntryName {
  fileNameRaw: Buffer;
  generalPurposeBitFlag: number;
  extraFields: readonly { id: number; data: Buffer }[];
}

const UNICODE_PATH_FIELD = 0x7075;

export function decideEntryName(entry: RawEntryName): DecidedName {
  const raw = entry.fileNameRaw;
  for (const field of entry.extraFields) {
    // Version 1, then the CRC-32 of the raw name it stands for (a stale field is ignored).
    if (field.id === UNICODE_PATH_FIELD && field.data.length >= 6 && field.data[0] === 1 && field.data.readUInt32LE(1) === crc32(raw)) {
      const name = utf8OrNull(field.data.subarray(5));
      if (name !== null) return { name, by: 'unicode-path', undecided: false };
    }
  }
  if (entry.generalPurposeBitFlag & 0x800) {
    const name = utf8OrNull(raw);
    return name !== null ? { name, by: 'utf8-flag', undecided: false } : { name: raw.toString('utf8'), by: 'utf8-flag', undecided: true };
  }
  if (raw.every((b) => b < 0x80)) return { name: raw.toString('latin1'), by: 'ascii', undecided: false };
  const utf8 = utf8OrNull(raw);
  const gbk = gbkOrNull(raw);
  const scored = [
    ...(gbk !== null ? [{ name: gbk, by: 'gbk' as const, score: plausibility(gbk) }] : []),
    ...(utf8 !== null ? [{ name: utf8, by: 'utf8' as const, score: plausibility(utf8) }] : []),
  ].sort((a, b) => b.score - a.score);
  if (scored.length === 0) return { name: new TextDecoder('gb18030').decode(raw), by: 'gbk', undecided: true };
  const [best, other] = scored;
  const undecided = best.score <= 0 || (other !== undefined && other.score === best.score);
  return { name: best.name, by: best.by, undecided };
}

function utf8OrNull(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function gbkOrNull(bytes: Buffer): string | null {
  try {
    return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Hanzi of GB2312 level 1 (the 3755 most common), level 2, and the symbols file names use. */
type CharClass = 'common' | 'hanzi' | 'punctuation' | 'symbol';
let gb2312: Map<string, CharClass> | undefined;

/** GB2312's rows, read once from the platform's GB18030 decoder (no table shipped with us). */
function gb2312Classes(): Map<string, CharClass> {
  if (gb2312) return gb2312;
  const map = new Map<string, CharClass>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0xa1; lead <= 0xf7; lead++) {
    if (lead > 0xa9 && lead < 0xb0) continue;
    const cls: CharClass = lead >= 0xb0 ? (lead <= 0xd7 ? 'common' : 'hanzi') : lead === 0xa1 || lead === 0xa3 ? 'punctuation' : 'symbol';
    for (let trail = 0xa1; trail <= 0xfe; trail++) {
      const ch = decoder.decode(Buffer.from([lead, trail]));
      if (ch.length === 1 && ch !== '\uFFFD' && !map.has(ch)) map.set(ch, cls);
    }
  }
  gb2312 = map;
  return map;
}

const SCORE: Record<CharClass, number> = { common: 3, hanzi: 1, punctuation: 1, symbol: -1 };

/**
 * How much a reading looks like a Chinese file name: the mean score of its characters beyond ASCII
 * (ASCII reads the same either way). A mean, not a sum: the GBK reading of UTF-8 bytes has more
 * characters (2 bytes each, not 3), which must not count in its favour.
 */
export function plausibility(name: string): number {
  const classes = gb2312Classes();
  let score = 0;
  let counted = 0;
  for (const ch of name) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) continue;
    counted++;
    const cls = classes.get(ch);
    if (cls) score += SCORE[cls];
    else if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) score -= 1; // rare hanzi
    else if (code < 0xa0 || code === 0xfffd || (code >= 0xe000 && code <= 0xf8ff)) score -= 5; // controls, replacement, private use
    else score -= 2; // Latin extensions, Greek, Cyrillic … outside GB2312
  }
  return counted === 0 ? 0 : score / counted;
}
