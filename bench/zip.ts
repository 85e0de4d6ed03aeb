// Minimal zip reading and writing for the benchmark's data generator: every entry inflated, some
// replaced, the rest copied still compressed. Not for uploads (those go through the zip gate).
import * as zlib from 'node:zlib';
import { DOS_2025_02_20, writeZipRecords } from '../test/support/zip-records';

export interface ZipEntry {
  name: string;
  /** Deflated bytes as stored. */
  packed: Buffer;
  crc: number;
  size: number;
}

/** Entries of a zip written by a well-behaved writer (exceljs): central directory, deflate only. */
export function readZip(buf: Buffer): ZipEntry[] {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const next = p + 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const local = buf.readUInt32LE(p + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    let packed = buf.subarray(start, start + compressed);
    if (method === 0) packed = zlib.deflateRawSync(packed);
    entries.push({ name, packed, crc, size });
    p = next;
  }
  return entries;
}

export const inflateEntry = (e: ZipEntry): Buffer => zlib.inflateRawSync(e.packed);

/** A replacement entry, deflated at the default level as Excel and exceljs do. */
export function deflateEntry(name: string, data: Buffer): ZipEntry {
  return { name, packed: zlib.deflateRawSync(data), crc: zlib.crc32(data), size: data.length };
}

export function writeZip(entries: ZipEntry[]): Buffer {
  return writeZipRecords(
    entries.map((e) => ({
      record: { name: Buffer.from(e.name, 'utf8'), flags: 0x800, method: 8, dosDateTime: DOS_2025_02_20, crc: e.crc, compressedSize: e.packed.length, size: e.size },
      body: e.packed,
    })),
  );
}
