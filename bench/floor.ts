// The floor of reading one workbook in Node: find the input sheet and the shared strings in the
// central directory, inflate them with zlib, decode, and pick every cell's reference, type and value
// with indexOf — no validation, no safety checks, no model. Nothing useful can read for less.
import * as zlib from 'node:zlib';

function part(buf: Buffer, wanted: string[]): Map<string, Buffer> {
  let eocd = buf.length - 22;
  while (buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const found = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const nameLen = buf.readUInt16LE(p + 28);
    const name = buf.toString('latin1', p + 46, p + 46 + nameLen);
    if (wanted.includes(name)) {
      const local = buf.readUInt32LE(p + 42);
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      found.set(name, zlib.inflateRawSync(buf.subarray(start, start + buf.readUInt32LE(p + 20))));
    }
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return found;
}

/** Returns the number of cells found (so the work cannot be optimised away). */
export function floorRead(buf: Buffer): number {
  const parts = part(buf, ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml']);
  const sst = parts.get('xl/sharedStrings.xml')!.toString('utf8');
  const strings: string[] = [];
  for (let i = sst.indexOf('<t'); i >= 0; i = sst.indexOf('<t', i + 1)) {
    const open = sst.indexOf('>', i);
    const close = sst.indexOf('</t>', open);
    strings.push(sst.slice(open + 1, close));
    i = close;
  }
  const sheet = parts.get('xl/worksheets/sheet1.xml')!.toString('utf8');
  let cells = 0;
  for (let i = sheet.indexOf('<c '); i >= 0; i = sheet.indexOf('<c ', i + 3)) {
    const end = sheet.indexOf('>', i);
    const head = sheet.slice(i, end);
    if (head.endsWith('/')) continue;
    const v = sheet.indexOf('<v>', end);
    const close = sheet.indexOf('</c>', end);
    if (v < 0 || v > close) continue;
    const value = sheet.slice(v + 3, sheet.indexOf('</v>', v));
    const isString = head.includes('t="s"');
    if ((isString ? strings[Number(value)] : value) !== undefined) cells++;
  }
  return cells;
}
