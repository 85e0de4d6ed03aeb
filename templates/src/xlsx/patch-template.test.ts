// Issue 19 item 4: a patched template is the template writeTemplate writes for the unit. Every part
// inflates to exactly exceljs's own output for that unit at the same time (but the core properties'
// modification time, which exceljs takes from the clock), the reader takes it with the unit's
// stamp, and it survives a LibreOffice round trip with the stamp unchanged.
import { execFile } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import * as zlib from 'zlib';
import { currentCatalogue } from '../core/catalogue';
import type { RegistryUnit } from '../core/registry';
import { readWorkbook } from './read-workbook';
import { baseKey, patchTemplate, templateBase } from './patch-template';
import { writeTemplate } from './write-template';

const catalogue = currentCatalogue();
const NOW = new Date('2025-01-10T08:00:00.000Z');
const YEAR = 2024;

const department = (code: string, name: string, district: { code: string; name: string } | null): RegistryUnit => ({
  code,
  name,
  typeLabel: district ? '区级部门' : '市级部门',
  unitType: 'department',
  level: district ? 'district' : 'city',
  districtCode: district?.code ?? null,
  districtName: district?.name ?? null,
});
const NANKAI = { code: '120104', name: '南开区' };
const UNITS: RegistryUnit[] = [
  department('120104001', '天津市南开区司法局', NANKAI),
  // XML's own characters and the keywords' separators in a name.
  department('120104002', '南开区“法治&发展”<研究>中心;第=1所', NANKAI),
  department('120000003', '天津市市场监督管理局', null),
  { code: '1201040000', name: '天津市南开区人民政府', typeLabel: '区人民政府', unitType: 'district_gov', level: 'district', districtCode: NANKAI.code, districtName: NANKAI.name },
];

/** name → inflated content of every part of an xlsx. */
function parts(buf: Buffer): Map<string, string> {
  let eocd = buf.length - 22;
  while (buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const out = new Map<string, string>();
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < buf.readUInt16LE(eocd + 10); i++) {
    const nameLen = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + buf.readUInt32LE(p + 20));
    const text = (buf.readUInt16LE(p + 10) === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    out.set(buf.toString('utf8', p + 46, p + 46 + nameLen), text.replace(/<dcterms:modified[^>]*>[^<]*<\/dcterms:modified>/, ''));
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

async function patched(unit: RegistryUnit): Promise<Buffer> {
  return patchTemplate(await templateBase(catalogue, YEAR, unit, NOW), unit);
}

describe('patchTemplate', () => {
  it.each(UNITS.map((u) => [u.name, u] as const))('gives exceljs’s template for %s, part for part', async (_name, unit) => {
    const expected = parts(await writeTemplate(catalogue, unit.unitType, { year: YEAR, prefill: unit, now: NOW }));
    const actual = parts(await patched(unit));
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    for (const [name, text] of expected) expect({ name, text: actual.get(name) }).toEqual({ name, text });
  });

  it('is read with the unit’s stamp and no problem', async () => {
    const unit = UNITS[1];
    const read = readWorkbook(await patched(unit), catalogue);
    expect(read.problems).toEqual([]);
    expect(read.stamp).toMatchObject({ unit_code: unit.code, unit_name: unit.name, district_code: '120104', district_name: '南开区', unit_type: 'department', report_year: '2024' });
  });

  it('shares a base between units that differ only by identity, not across kinds', () => {
    expect(baseKey(UNITS[0])).toBe(baseKey(UNITS[1]));
    expect(baseKey(UNITS[0])).not.toBe(baseKey(UNITS[2])); // no district
    expect(baseKey(UNITS[0])).not.toBe(baseKey(UNITS[3])); // 区人民政府
  });

  const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));
  (soffice ? it : it.skip)('keeps its stamp and cells through a LibreOffice round trip', async () => {
    const unit = UNITS[1];
    const bytes = await patched(unit);
    const dir = mkdtempSync(join(tmpdir(), 'patch-lo-'));
    try {
      mkdirSync(join(dir, 'out'));
      writeFileSync(join(dir, 'unit.xlsx'), bytes);
      await promisify(execFile)(
        soffice!,
        ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', join(dir, 'out'), join(dir, 'unit.xlsx')],
        { timeout: 90000 },
      );
      const before = readWorkbook(bytes, catalogue);
      const after = readWorkbook(readFileSync(join(dir, 'out', 'unit.xlsx')), catalogue);
      expect(after.problems).toEqual([]);
      expect(after.stamp).toEqual(before.stamp);
      expect(after.stamp.unit_name).toBe(unit.name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120000);
});
