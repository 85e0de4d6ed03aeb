// Builders for rollup tests: a small golden set whose figures the tests work out by hand, and a
// generated province-sized set for the scale check. Every value is made by code, nothing is stored.
import { currentCatalogue, type Catalogue } from '../../templates/src/core/catalogue';
import { FIRST_DATA_ROW, INPUT_SHEET } from '../../templates/src/core/contract';
import { computeDerived } from '../../templates/src/core/derive';
import type { CellValue } from '../../templates/src/core/model';
import type { RollupInput, RollupSubmission, RollupUnit } from '../../aggregator/src/rollup/types';

type Values = Record<string, CellValue | null>;

/** FNV-1a: a stable small number per (unit, indicator), so filler values differ but never change. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Plausible values for every input field that applies to the unit: numbers 1–20, 是 for 是/否,
 * a February date, short text. Tests override the fields they assert on.
 */
export function fillerValues(catalogue: Catalogue, unit: RollupUnit, year: number): Values {
  const values: Values = {};
  for (const field of catalogue.fields) {
    if (field.derived || !catalogue.appliesTo(field, unit.unitType)) continue;
    const h = hash(`${unit.code}|${field.code}`);
    switch (field.type) {
      case 'integer':
        values[field.code] = 1 + (h % 20);
        break;
      case 'decimal':
        values[field.code] = (h % 400) / 4;
        break;
      case 'boolean':
        values[field.code] = true;
        break;
      case 'date':
        values[field.code] = `${year + 1}-02-${String(10 + (h % 18)).padStart(2, '0')}`;
        break;
      case 'text':
        values[field.code] = `${unit.name}${field.name_zh}情况（示例）`;
        break;
      case 'percent':
        break;
    }
  }
  values['meta.unit_name'] = unit.name;
  values['meta.unit_code'] = unit.code;
  values['meta.report_year'] = year;
  values['meta.district'] = unit.districtName ?? '市级';
  return values;
}

/** The derived values a submission of these values is stored with (the check computes them at upload). */
export function storedDerived(catalogue: Catalogue, unit: RollupUnit, values: Values): Record<string, number | null> {
  return computeDerived(catalogue, unit.unitType, values);
}

/** `values` and the derived values stored with them. */
export function withDerived(catalogue: Catalogue, unit: RollupUnit, values: Values): Pick<RollupSubmission, 'values' | 'derived'> {
  return { values, derived: storedDerived(catalogue, unit, values) };
}

/** code → 'sheet!E<row>' in catalogue order, as the reader would report the source cells. */
export function cellsFor(catalogue: Catalogue): Record<string, string> {
  const cells: Record<string, string> = {};
  catalogue.fields.forEach((f, i) => (cells[f.code] = `${INPUT_SHEET}!E${FIRST_DATA_ROW + i}`));
  return cells;
}

export function submissionFor(
  catalogue: Catalogue,
  unit: RollupUnit,
  year: number,
  overrides: Values = {},
  meta: { version?: number; status?: string } = {},
): RollupSubmission {
  const version = meta.version ?? 1;
  const values = { ...fillerValues(catalogue, unit, year), ...overrides };
  return {
    unitCode: unit.code,
    submissionId: `${year}-${unit.code}-v${version}`,
    version,
    status: meta.status ?? 'accepted',
    values,
    derived: storedDerived(catalogue, unit, values),
    cells: cellsFor(catalogue),
  };
}

const districtUnit = (code: string, name: string, unitType: RollupUnit['unitType'], dCode: string, dName: string): RollupUnit => ({
  code,
  name,
  unitType,
  level: 'district',
  districtCode: dCode,
  districtName: dName,
});
const cityUnit = (code: string, name: string): RollupUnit => ({
  code,
  name,
  unitType: 'department',
  level: 'city',
  districtCode: null,
  districtName: null,
});

/** Two districts (a 区人民政府 and two 区级部门 each) and two 市级部门. */
export const GOLDEN_UNITS: RollupUnit[] = [
  // 市级部门 listed first on purpose: the engine must still put districts first.
  cityUnit('C1', '天津市司法局'),
  cityUnit('C2', '天津市政务服务办公室'),
  districtUnit('A0', '天津市和平区人民政府', 'district_gov', '120101', '和平区'),
  districtUnit('A1', '和平区司法局', 'department', '120101', '和平区'),
  districtUnit('A2', '和平区市场监管局', 'department', '120101', '和平区'),
  districtUnit('B1', '南开区司法局', 'department', '120104', '南开区'),
  districtUnit('B0', '天津市南开区人民政府', 'district_gov', '120104', '南开区'),
  districtUnit('B2', '南开区政府研究室', 'department', '120104', '南开区'),
];

/** The values the golden tests assert on, per unit. Everything else is filler. */
export const GOLDEN_2024: Record<string, Values> = {
  A0: {
    'reg.ns_issued': 5,
    'learn.exam_participants': 10000,
    'learn.exam_passed': 9000,
    'leader.lectured': true,
    'recon.accepted': 120,
    'recon.closed': 100,
    'recon.revoked_changed': 6,
    'recon.confirmed_illegal': 2,
    'recon.ordered_perform': 1,
    'emer.rescue_teams': 3,
    'meta.report_submitted_date': '2025-02-20',
    'func.license_items': 800,
    'narr.summary': '=1+1 和平区全年推进法治政府建设',
  },
  A1: {
    'reg.ns_issued': 3,
    'learn.exam_participants': 50,
    'learn.exam_passed': 50,
    'leader.lectured': false,
    // A department must not fill a 区人民政府 indicator (R27); the rollup must never add it.
    'recon.accepted': 999,
    'meta.report_submitted_date': '2025-02-27',
    'func.license_items': null,
    'narr.summary': '@SUM(A1) 司法局综述',
  },
  A2: {
    'reg.ns_issued': 0,
    'learn.exam_participants': 0,
    'learn.exam_passed': 0,
    'leader.lectured': null,
    'meta.report_submitted_date': '2025-01-15',
    'func.license_items': null,
    'narr.summary': '-2',
  },
  B0: {
    'reg.ns_issued': 4,
    'learn.exam_participants': 1000,
    'learn.exam_passed': 800,
    'leader.lectured': true,
    'recon.accepted': 80,
    'recon.closed': 60,
    'recon.revoked_changed': 3,
    'recon.confirmed_illegal': 1,
    'recon.ordered_perform': 0,
    'emer.rescue_teams': 2,
    'meta.report_submitted_date': '2025-02-28',
    'func.license_items': null,
  },
  B1: {
    'reg.ns_issued': 2,
    'learn.exam_participants': 100,
    'learn.exam_passed': 100,
    'leader.lectured': true,
    'func.license_items': null,
  },
  B2: {
    'reg.ns_issued': 1,
    'learn.exam_participants': 100,
    'learn.exam_passed': 90,
    'leader.lectured': false,
    'func.license_items': null,
  },
  C1: {
    'reg.ns_issued': 10,
    'learn.exam_participants': 300,
    'learn.exam_passed': 270,
    'leader.lectured': true,
    'func.license_items': null,
  },
  C2: {
    'reg.ns_issued': 7,
    'learn.exam_participants': 200,
    'learn.exam_passed': 200,
    'leader.lectured': false,
    'func.license_items': 1200,
  },
};

/** Last year differs only where the YoY tests look: 南开区 issued fewer documents, 和平区 had no rescue team. */
export const GOLDEN_2023_CHANGES: Record<string, Values> = {
  A0: { 'emer.rescue_teams': 0 },
  B0: { 'reg.ns_issued': 2, 'emer.rescue_teams': 2 },
  B1: { 'reg.ns_issued': 1 },
};

export interface GoldenOptions {
  /** Units that have not submitted. */
  omit?: string[];
  /** Unit code → status other than accepted. */
  statuses?: Record<string, string>;
  withLastYear?: boolean;
}

/** The golden values for another report year: the same dates, that many years earlier (sent on time then too). */
function inYear(values: Values | undefined, year: number): Values {
  const out: Values = { ...values };
  for (const [code, v] of Object.entries(out)) {
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) out[code] = `${Number(v.slice(0, 4)) + year - 2024}${v.slice(4)}`;
  }
  return out;
}

export function goldenInput(options: GoldenOptions = {}): RollupInput {
  const catalogue = currentCatalogue();
  const build = (year: number, changes: Record<string, Values>): RollupInput => ({
    catalogue,
    year,
    units: GOLDEN_UNITS,
    submissions: GOLDEN_UNITS.filter((u) => year !== 2024 || !options.omit?.includes(u.code)).map((u) =>
      submissionFor(catalogue, u, year, { ...inYear(GOLDEN_2024[u.code], year), ...changes[u.code] }, {
        status: year === 2024 ? options.statuses?.[u.code] : undefined,
      }),
    ),
  });
  const input = build(2024, {});
  if (options.withLastYear) input.lastYear = build(2023, GOLDEN_2023_CHANGES);
  return input;
}

/**
 * A province-sized set: `districts` districts of one 区人民政府 and (perDistrict − 1) 区级部门, plus
 * `cityDepartments` 市级部门; about 3% of units have not submitted and 5% are still pending.
 */
export function scaleInput(districts = 150, perDistrict = 130, cityDepartments = 500): RollupInput {
  const catalogue = currentCatalogue();
  const units: RollupUnit[] = [];
  for (let d = 0; d < districts; d++) {
    const dCode = String(200000 + d);
    const dName = `第${d + 1}区`;
    units.push(districtUnit(`${dCode}000`, `${dName}人民政府`, 'district_gov', dCode, dName));
    for (let i = 1; i < perDistrict; i++) {
      units.push(districtUnit(`${dCode}${String(i).padStart(3, '0')}`, `${dName}第${i}部门`, 'department', dCode, dName));
    }
  }
  for (let i = 0; i < cityDepartments; i++) units.push(cityUnit(`C${String(i).padStart(4, '0')}`, `市第${i + 1}部门`));
  const cells = cellsFor(catalogue);
  const submissions: RollupSubmission[] = [];
  units.forEach((unit, i) => {
    if (i % 33 === 7) return;
    submissions.push({
      unitCode: unit.code,
      submissionId: `s-${unit.code}`,
      version: 1 + (i % 3),
      status: i % 20 === 3 ? 'pending' : 'accepted',
      ...withDerived(catalogue, unit, fillerValues(catalogue, unit, 2024)),
      // Its own object per submission, as a database layer would build it.
      cells: { ...cells },
    });
  });
  return { catalogue, year: 2024, units, submissions };
}
