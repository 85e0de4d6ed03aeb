// Prefilled templates for many units at once (issue 19 item 4). exceljs takes ~50 ms per template;
// a city is 2,000+. So the template is written once through exceljs for a stand-in unit whose
// identity is marker text, and each unit's file is that template with the markers replaced: the
// unit's identity appears only in the shared strings (subtitle, stamp) and in the core properties
// (keywords), so those two parts are re-deflated and every other part is copied as compressed.
// The result is what writeTemplate would give for the unit, but for the generation time, which is
// the base's (one time for the whole batch).
import * as zlib from 'node:zlib';
import type { Catalogue } from '../core/catalogue';
import type { RegistryUnit } from '../core/registry';
import { writeTemplate } from './write-template';

const MARKERS = {
  code: '⟦unit_code⟧',
  name: '⟦unit_name⟧',
  districtCode: '⟦district_code⟧',
  districtName: '⟦district_name⟧',
} as const;
type MarkedField = keyof typeof MARKERS;

interface Part {
  name: Buffer;
  /** Deflated bytes (method 8) or stored bytes (method 0, directories). */
  packed: Buffer;
  method: number;
  crc: number;
  size: number;
  /** Inflated text, kept only for the parts that hold markers. */
  text?: string;
}

export interface TemplateBase {
  parts: Part[];
}

/** The stand-in unit: the unit with its identity replaced by markers (kept null where the unit has none). */
function standIn(unit: RegistryUnit): RegistryUnit {
  const marked = { ...unit };
  for (const field of Object.keys(MARKERS) as MarkedField[]) if (unit[field] !== null) (marked as Record<MarkedField, string | null>)[field] = MARKERS[field];
  return marked;
}

/**
 * Units whose templates differ only in their identity share one base: everything else about the
 * unit (its type, level, whether it has a district, any attribute added later) is in the key.
 */
export function baseKey(unit: RegistryUnit): string {
  return JSON.stringify(standIn(unit));
}

/** The template of a stand-in for `unit`, split into parts; `now` is the generation time of every file made from it. */
export async function templateBase(catalogue: Catalogue, year: number, unit: RegistryUnit, now: Date): Promise<TemplateBase> {
  const bytes = await writeTemplate(catalogue, unit.unitType, { year, prefill: standIn(unit), now });
  return { parts: readParts(bytes) };
}

function readParts(buf: Buffer): Part[] {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('template base: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const parts: Part[] = [];
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const nameLen = buf.readUInt16LE(p + 28);
    const name = Buffer.from(buf.subarray(p + 46, p + 46 + nameLen));
    const local = buf.readUInt32LE(p + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const packed = Buffer.from(buf.subarray(start, start + buf.readUInt32LE(p + 20)));
    const part: Part = { name, packed, method, crc: buf.readUInt32LE(p + 16), size: buf.readUInt32LE(p + 24) };
    if (method === 8) {
      const text = zlib.inflateRawSync(packed).toString('utf8');
      if (text.includes('⟦')) part.text = text;
    }
    parts.push(part);
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return parts;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The unit's template from the base made for a unit of the same baseKey. */
export function patchTemplate(base: TemplateBase, unit: RegistryUnit): Buffer {
  const raw = new Map<string, string>();
  for (const field of Object.keys(MARKERS) as MarkedField[]) raw.set(MARKERS[field], unit[field] ?? '');
  const plain = (marker: string) => escapeXml(raw.get(marker) ?? marker);
  // In the keywords (key=value;…) a value's ; and = are blanks, as stampToKeywords writes them.
  const keyword = (marker: string) => escapeXml((raw.get(marker) ?? marker).replace(/[;=]/g, ' '));
  const parts = base.parts.map((part): Part => {
    if (part.text === undefined) return part;
    const text = part.text
      .replace(/<cp:keywords>([^<]*)<\/cp:keywords>/, (_m, inner: string) => `<cp:keywords>${inner.replace(/⟦[a-z_]+⟧/g, keyword)}</cp:keywords>`)
      .replace(/⟦[a-z_]+⟧/g, plain);
    const data = Buffer.from(text, 'utf8');
    return { ...part, packed: zlib.deflateRawSync(data), crc: zlib.crc32(data), size: data.length };
  });
  return writeParts(parts);
}

/** 2025-01-01 00:00 as an MS-DOS date and time (the entries' modification time; Excel ignores it). */
const DOS_TIME = 0;
const DOS_DATE = ((2025 - 1980) << 9) | (1 << 5) | 1;

function writeParts(parts: Part[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x800, 6); // names in UTF-8
    head.writeUInt16LE(part.method, 8);
    head.writeUInt16LE(DOS_TIME, 10);
    head.writeUInt16LE(DOS_DATE, 12);
    head.writeUInt32LE(part.crc, 14);
    head.writeUInt32LE(part.packed.length, 18);
    head.writeUInt32LE(part.size, 22);
    head.writeUInt16LE(part.name.length, 26);
    head.writeUInt16LE(0, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x800, 8);
    dir.writeUInt16LE(part.method, 10);
    dir.writeUInt16LE(DOS_TIME, 12);
    dir.writeUInt16LE(DOS_DATE, 14);
    dir.writeUInt32LE(part.crc, 16);
    dir.writeUInt32LE(part.packed.length, 20);
    dir.writeUInt32LE(part.size, 24);
    dir.writeUInt16LE(part.name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(head, part.name, part.packed);
    central.push(dir, part.name);
    offset += 30 + part.name.length + part.packed.length;
  }
  const centralSize = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}
