// Seeded benchmark data: a registry of the 16 Tianjin districts with as many units as asked, and
// one distinct filled workbook per unit. A few dozen base workbooks are made the real way (the
// unit's template filled through exceljs, ~50 ms each); every other unit's workbook is a base of
// the same kind with the unit's code, name and district patched into the inflated parts and its
// counts scaled, then zipped again — readable by the real reader, valid, and with Chinese text.
import { CURRENT_CATALOGUE_VERSION, getCatalogue } from '../templates/src/core/catalogue';
import { column, UNIT_TYPE_LABELS } from '../templates/src/core/contract';
import { readWorkbook } from '../templates/src/xlsx/read-workbook';
import { type RegistryUnit, type UnitTypeLabel } from '../templates/src/core/registry';
import { TIANJIN_DISTRICTS } from '../templates/src/samples/registry';
import { seededRandom } from '../test/support/sample-values';
import { filledWorkbookFor, seedOf } from '../test/support/workbooks';
import { deflateEntry, inflateEntry, readZip, writeZip, type ZipEntry } from './zip';

export const BENCH_YEAR = 2024;

const DEPARTMENTS = [
  '司法局', '市场监督管理局', '生态环境局', '人力资源和社会保障局', '住房和建设委员会', '交通运输局', '农业农村委员会',
  '教育局', '卫生健康委员会', '应急管理局', '民政局', '财政局', '审计局', '统计局', '文化和旅游局', '商务局',
  '发展和改革委员会', '工业和信息化局', '科学技术局', '规划和自然资源分局', '水务局', '城市管理委员会',
  '退役军人事务局', '医疗保障局', '体育局', '政务服务办公室', '人民政府办公室', '信访办公室', '国有资产监督管理委员会',
];
const STREETS = ['街道办事处', '镇人民政府', '综合行政执法大队', '市场监管所', '司法所'];

/** A unit as parseRegistryRows stores it: its unit type and level follow from the type label. */
function registryUnit(code: string, name: string, typeLabel: UnitTypeLabel, district: { code: string; name: string } | null): RegistryUnit {
  return {
    code,
    name,
    typeLabel,
    unitType: UNIT_TYPE_LABELS[typeLabel],
    level: district ? 'district' : 'city',
    districtCode: district?.code ?? null,
    districtName: district?.name ?? null,
  };
}

/**
 * `count` units: per district one 区人民政府 and 区级部门 (departments, then streets and offices
 * under them), and 5 % 市级部门. Same count, same registry.
 */
export function benchRegistry(count: number): RegistryUnit[] {
  const cityCount = Math.max(1, Math.round(count * 0.05));
  const perDistrict = Math.ceil((count - cityCount) / TIANJIN_DISTRICTS.length);
  const units: RegistryUnit[] = [];
  for (let i = 0; i < perDistrict; i++) {
    for (const d of TIANJIN_DISTRICTS) {
      if (units.length >= count - cityCount) break;
      if (i === 0) {
        units.push(registryUnit(`${d.code}0000`, `天津市${d.name}人民政府`, '区人民政府', d));
        continue;
      }
      const dept = DEPARTMENTS[(i - 1) % DEPARTMENTS.length];
      const round = Math.floor((i - 1) / DEPARTMENTS.length);
      const name = round === 0 ? `天津市${d.name}${dept}` : `天津市${d.name}${dept}第${round}${STREETS[round % STREETS.length]}`;
      units.push(registryUnit(`${d.code}${String(i).padStart(4, '0')}`, name, '区级部门', d));
    }
  }
  for (let i = 0; i < cityCount; i++) {
    const dept = DEPARTMENTS[i % DEPARTMENTS.length];
    const round = Math.floor(i / DEPARTMENTS.length);
    units.push(registryUnit(`120000${String(i + 1).padStart(4, '0')}`, round === 0 ? `天津市${dept}` : `天津市${dept}第${round}分局`, '市级部门', null));
  }
  return units;
}

type Kind = 'gov' | 'district' | 'city';
const kindOf = (u: RegistryUnit): Kind => (u.unitType === 'district_gov' ? 'gov' : u.level === 'city' ? 'city' : 'district');

interface Base {
  unit: RegistryUnit;
  entries: ZipEntry[];
  sheetIndex: number;
  sheetXml: string;
  sstIndex: number;
  sstXml: string;
  coreIndex: number;
  coreXml: string;
  /** Value-cell addresses of the counts and amounts that may be scaled. */
  scalable: Map<string, 'integer' | 'decimal'>;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface Generator {
  registry: RegistryUnit[];
  /** The unit's workbook (distinct bytes per unit). */
  workbook(index: number): Buffer;
  baseCount: number;
  msBases: number;
}

/** Bases: `perKind` real workbooks of each kind (区人民政府, 区级部门, 市级部门). */
export async function createGenerator(registry: RegistryUnit[], perKind = 16): Promise<Generator> {
  const t = Date.now();
  const catalogue = getCatalogue(CURRENT_CATALOGUE_VERSION)!;
  const valueCol = column('value').letter;
  const bases: Record<Kind, Base[]> = { gov: [], district: [], city: [] };
  for (const unit of registry) {
    const list = bases[kindOf(unit)];
    if (list.length >= perKind) continue;
    const bytes = await filledWorkbookFor(unit, BENCH_YEAR, {}, seedOf(unit.code, BENCH_YEAR));
    const read = readWorkbook(bytes, catalogue);
    const entries = readZip(bytes);
    const index = (name: string) => entries.findIndex((e) => e.name === name);
    const sheetIndex = index('xl/worksheets/sheet1.xml');
    const sstIndex = index('xl/sharedStrings.xml');
    const coreIndex = index('docProps/core.xml');
    const scalable = new Map<string, 'integer' | 'decimal'>();
    for (const field of catalogue.fields) {
      const cell = read.sheet?.cells[field.code];
      if (!cell || field.derived || field.max !== undefined || (field.type !== 'integer' && field.type !== 'decimal')) continue;
      if (cell.raw.kind !== 'number' || !cell.ref.address.startsWith(valueCol)) continue;
      scalable.set(cell.ref.address, field.type);
    }
    list.push({
      unit,
      entries,
      sheetIndex,
      sheetXml: inflateEntry(entries[sheetIndex]).toString('utf8'),
      sstIndex,
      sstXml: inflateEntry(entries[sstIndex]).toString('utf8'),
      coreIndex,
      coreXml: inflateEntry(entries[coreIndex]).toString('utf8'),
      scalable,
    });
  }
  const msBases = Date.now() - t;

  function workbook(i: number): Buffer {
    const unit = registry[i];
    const list = bases[kindOf(unit)];
    const base = list[i % list.length];
    if (base.unit.code === unit.code) return writeZip(base.entries);
    const rnd = seededRandom(seedOf(unit.code, BENCH_YEAR));
    // Scaling up keeps every rule: part ≤ whole, sums, equalities and minimums survive floor(k·x).
    const k = 1 + rnd() * 2;
    const sheet = base.sheetXml.replace(/<c r="([A-Z]+\d+)"([^>]*)><v>([^<]*)<\/v><\/c>/g, (m, ref: string, attrs: string, v: string) => {
      const type = base.scalable.get(ref);
      if (!type || attrs.includes(' t=')) return m;
      const x = Number(v);
      const scaled = type === 'integer' ? Math.floor(x * k) : Math.floor(x * k * 100) / 100;
      return `<c r="${ref}"${attrs}><v>${scaled}</v></c>`;
    });
    let sst = base.sstXml
      .replace(new RegExp(`>${escapeRegExp(base.unit.code)}<`, 'g'), `>${unit.code}<`)
      .replace(new RegExp(`>${escapeRegExp(escapeXml(base.unit.name))}<`, 'g'), `>${escapeXml(unit.name)}<`);
    if (base.unit.districtCode && unit.districtCode) {
      sst = sst
        .replace(new RegExp(`>${base.unit.districtCode}<`, 'g'), `>${unit.districtCode}<`)
        .replace(new RegExp(`>${escapeRegExp(base.unit.districtName!)}<`, 'g'), `>${unit.districtName}<`);
    }
    const core = base.coreXml.replace(/<cp:keywords>[^<]*<\/cp:keywords>/, (kw) =>
      kw
        .replace(/unit_code=[^;<]*/, `unit_code=${unit.code}`)
        .replace(/unit_name=[^;<]*/, `unit_name=${escapeXml(unit.name)}`)
        .replace(/district_code=[^;<]*/, `district_code=${unit.districtCode ?? ''}`)
        .replace(/district_name=[^;<]*/, `district_name=${unit.districtName ?? ''}`),
    );
    const entries = [...base.entries];
    entries[base.sheetIndex] = deflateEntry(entries[base.sheetIndex].name, Buffer.from(sheet, 'utf8'));
    entries[base.sstIndex] = deflateEntry(entries[base.sstIndex].name, Buffer.from(sst, 'utf8'));
    entries[base.coreIndex] = deflateEntry(entries[base.coreIndex].name, Buffer.from(core, 'utf8'));
    return writeZip(entries);
  }

  return { registry, workbook, baseCount: bases.gov.length + bases.district.length + bases.city.length, msBases };
}
