// The fixed records of a zip, written field by field: local header, central directory header, end
// of central directory. One writer for the benchmark's fast zips (bench/zip.ts), the floor writer's
// streamed entries (bench/floor-writer.ts) and the hostile zips whose headers lie on purpose
// (hostile.ts buildRawZip): each says what goes in a field, none restates the layout.

export interface ZipRecord {
  /** Name bytes exactly as written (UTF-8, or GBK without the UTF-8 flag). */
  name: Buffer;
  /** General-purpose bits: 0x800 name is UTF-8, 0x8 sizes follow in a data descriptor, 0x1 encrypted. */
  flags: number;
  /** 0 stored, 8 deflated. */
  method: number;
  /** DOS time in the low 16 bits, DOS date in the high 16 bits. */
  dosDateTime: number;
  crc: number;
  compressedSize: number;
  /** Uncompressed size as written (a hostile zip lies here). */
  size: number;
}

/** 2025-02-20 12:00 as a DOS date and time. */
export const DOS_2025_02_20 = ((((2025 - 1980) << 9) | (2 << 5) | 20) << 16) | 0x6000;

export function localHeader(r: ZipRecord): Buffer {
  const b = Buffer.alloc(30);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(20, 4); // version needed
  writeCommon(b, 6, r);
  return Buffer.concat([b, r.name]);
}

/** The record's entry in the central directory; its local header starts at `localOffset`. */
export function centralHeader(r: ZipRecord, localOffset: number): Buffer {
  const b = Buffer.alloc(46);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(20, 4); // version made by
  b.writeUInt16LE(20, 6); // version needed
  writeCommon(b, 8, r);
  b.writeUInt32LE(localOffset, 42);
  return Buffer.concat([b, r.name]);
}

/** Flags to name length: the same run of fields in both headers, at `at` (6 local, 8 central). */
function writeCommon(b: Buffer, at: number, r: ZipRecord): void {
  b.writeUInt16LE(r.flags, at);
  b.writeUInt16LE(r.method, at + 2);
  b.writeUInt32LE(r.dosDateTime >>> 0, at + 4);
  b.writeUInt32LE(r.crc >>> 0, at + 8);
  b.writeUInt32LE(r.compressedSize, at + 12);
  b.writeUInt32LE(r.size, at + 16);
  b.writeUInt16LE(r.name.length, at + 20);
}

export function endOfCentralDirectory(count: number, directoryLength: number, directoryOffset: number): Buffer {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(0x06054b50, 0);
  b.writeUInt16LE(count, 8);
  b.writeUInt16LE(count, 10);
  b.writeUInt32LE(directoryLength, 12);
  b.writeUInt32LE(directoryOffset, 16);
  return b;
}

/** A whole zip in one buffer: each record's local header and body, the central directory, the end. */
export function writeZipRecords(entries: { record: ZipRecord; body: Buffer }[]): Buffer {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { record, body } of entries) {
    const local = localHeader(record);
    central.push(centralHeader(record, offset));
    out.push(local, body);
    offset += local.length + body.length;
  }
  const directory = Buffer.concat(central);
  return Buffer.concat([...out, directory, endOfCentralDirectory(entries.length, directory.length, offset)]);
}
