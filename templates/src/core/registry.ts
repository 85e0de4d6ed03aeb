// The unit registry (名录): which units report, their type and district. Pure: parses rows that an
// adapter (registry-file.ts) read from a CSV or xlsx file, and provides the sample registry.
import type { UnitType } from './catalogue';
import { UNIT_TYPE_LABELS } from './contract';

export type UnitTypeLabel = '区人民政府' | '区级部门' | '市级部门';

export interface RegistryUnit {
  code: string;
  name: string;
  typeLabel: UnitTypeLabel;
  unitType: UnitType;
  level: 'district' | 'city';
  /** Null for 市级部门, which roll up to the city only. */
  districtCode: string | null;
  districtName: string | null;
  /**
   * 有行政执法职能 (registry column, default 是): false for a unit without 行政执法 powers, for which the
   * catalogue's enforcement indicators (sections marked enforcement_powers) do not apply. Absent = true.
   */
  hasEnforcement?: boolean;
}

export interface RegistryError {
  /** Spreadsheet row number: the header is row 1. */
  row: number;
  message: string;
}

export interface RegistryParseResult {
  units: RegistryUnit[];
  errors: RegistryError[];
}

type ColumnKey = 'code' | 'name' | 'type' | 'district_code' | 'district_name' | 'has_enforcement';

/** Header texts accepted per column: the Chinese one is what the blank registry workbook uses. Optional columns may be left out. */
export const REGISTRY_COLUMNS: readonly { key: ColumnKey; zh: string; en: string; optional?: true }[] = [
  { key: 'code', zh: '单位代码', en: 'code' },
  { key: 'name', zh: '单位名称', en: 'name' },
  { key: 'type', zh: '单位类型', en: 'type' },
  { key: 'district_code', zh: '所属区代码', en: 'district_code' },
  { key: 'district_name', zh: '所属区名称', en: 'district_name' },
  { key: 'has_enforcement', zh: '有行政执法职能', en: 'has_enforcement', optional: true },
];

/** 有行政执法职能: 是 / 否; blank (or no such column) is 是. */
export const ENFORCEMENT_VALUES: Readonly<Record<string, boolean>> = { 是: true, 否: false, '': true };

export const REGISTRY_TYPE_LABELS: readonly UnitTypeLabel[] = ['区人民政府', '区级部门', '市级部门'];
export const UNIT_CODE_PATTERN = /^[0-9A-Za-z_-]{1,32}$/;
/** What 所属区 says for a unit that belongs to no district (市级部门). */
export const CITY_LEVEL_DISTRICT = '市级';

/** A name as compared: NFKC (full-width brackets and spaces folded) without any white space. */
export const nameKey = (name: string): string => name.normalize('NFKC').replace(/\s+/g, '');

/**
 * Whether a name written in a workbook can mean the registry's unit: the same name, or one holding
 * the other ("和平区司法局" for "天津市和平区司法局"). Two different units of the same kind in two
 * districts never pass ("天津市和平区司法局" is not "天津市南开区司法局").
 */
export function namesAgree(written: string, registered: string): boolean {
  const a = nameKey(written);
  const b = nameKey(registered);
  return a !== '' && b !== '' && (a === b || a.includes(b) || b.includes(a));
}

/** What 所属区 should say for a unit: its district's name, or 市级. */
export const districtLabel = (unit: Pick<RegistryUnit, 'districtName'>): string => unit.districtName ?? CITY_LEVEL_DISTRICT;

const columnLabel = (key: ColumnKey) => REGISTRY_COLUMNS.find((c) => c.key === key)!.zh;

/**
 * Parses registry rows (rows[0] is the header). Every fault is reported with its spreadsheet row;
 * callers must store nothing when `errors` is non-empty, so a half-valid registry never lands.
 */
export function parseRegistryRows(rows: string[][]): RegistryParseResult {
  const errors: RegistryError[] = [];
  const header = (rows[0] ?? []).map((h) => String(h ?? '').trim());
  const index = new Map<ColumnKey, number>();
  for (const col of REGISTRY_COLUMNS) {
    const at = header.findIndex((h) => h === col.zh || h.toLowerCase() === col.en);
    if (at < 0) {
      if (col.optional) continue;
      errors.push({ row: 1, message: `第1行（表头）缺少“${col.zh}”列（也可写作 ${col.en}），请按空白名录模板的表头填写。` });
    } else index.set(col.key, at);
  }
  if (errors.length > 0) return { units: [], errors };

  const units: RegistryUnit[] = [];
  const codeRows = new Map<string, number>();
  const govRows = new Map<string, number>();
  const districtNames = new Map<string, { name: string; row: number }>();

  for (let i = 1; i < rows.length; i++) {
    const rowNumber = i + 1;
    const cell = (key: ColumnKey) => (index.has(key) ? String(rows[i][index.get(key)!] ?? '').trim() : '');
    if (rows[i].every((v) => String(v ?? '').trim() === '')) continue;
    const rowErrors: string[] = [];
    const at = (key: ColumnKey) => `第${rowNumber}行“${columnLabel(key)}”列`;

    const code = cell('code');
    const name = cell('name');
    const type = cell('type');
    const districtCode = cell('district_code');
    const districtName = cell('district_name');

    if (!code) rowErrors.push(`${at('code')}为空，请填写单位代码。`);
    else if (!UNIT_CODE_PATTERN.test(code)) {
      rowErrors.push(`${at('code')}“${code}”格式不对：单位代码只能由字母、数字、下划线或短横线组成，最长32位。`);
    } else if (codeRows.has(code)) {
      rowErrors.push(`${at('code')}“${code}”与第${codeRows.get(code)}行重复，每个单位代码只能出现一次。`);
    } else codeRows.set(code, rowNumber);

    if (!name) rowErrors.push(`${at('name')}为空，请填写单位全称。`);

    const enforcement = cell('has_enforcement');
    if (!(enforcement in ENFORCEMENT_VALUES)) {
      rowErrors.push(`${at('has_enforcement')}“${enforcement}”无法识别，只能填写“是”或“否”（留空按“是”）。`);
    }

    let typeLabel: UnitTypeLabel | undefined;
    if (!type) rowErrors.push(`${at('type')}为空，请填写${REGISTRY_TYPE_LABELS.join('、')}之一。`);
    else if (!(REGISTRY_TYPE_LABELS as readonly string[]).includes(type)) {
      rowErrors.push(`${at('type')}“${type}”无法识别，只能填写${REGISTRY_TYPE_LABELS.join('、')}之一。`);
    } else typeLabel = type as UnitTypeLabel;

    if (typeLabel === '市级部门') {
      if (districtCode || districtName) {
        rowErrors.push(`第${rowNumber}行是市级部门，只汇总到全市，“所属区代码”“所属区名称”两列应留空。`);
      }
    } else if (typeLabel) {
      if (!districtCode) rowErrors.push(`${at('district_code')}为空，${typeLabel}必须填写所属区代码。`);
      else if (!UNIT_CODE_PATTERN.test(districtCode)) {
        rowErrors.push(`${at('district_code')}“${districtCode}”格式不对：只能由字母、数字、下划线或短横线组成。`);
      }
      if (!districtName) rowErrors.push(`${at('district_name')}为空，${typeLabel}必须填写所属区名称。`);
      if (districtCode && districtName) {
        const known = districtNames.get(districtCode);
        if (known && known.name !== districtName) {
          rowErrors.push(
            `${at('district_name')}“${districtName}”与第${known.row}行不一致：区代码 ${districtCode} 在第${known.row}行对应“${known.name}”，同一区代码只能对应一个区名称。`,
          );
        } else if (!known) districtNames.set(districtCode, { name: districtName, row: rowNumber });
      }
      if (typeLabel === '区人民政府' && districtCode) {
        const first = govRows.get(districtCode);
        if (first !== undefined) {
          rowErrors.push(`第${rowNumber}行：区代码 ${districtCode} 已在第${first}行有区人民政府，每个区只能有一个区人民政府。`);
        } else govRows.set(districtCode, rowNumber);
      }
    }

    if (rowErrors.length > 0) {
      errors.push(...rowErrors.map((message) => ({ row: rowNumber, message })));
      continue;
    }
    const city = typeLabel === '市级部门';
    units.push({
      code,
      name,
      typeLabel: typeLabel!,
      unitType: UNIT_TYPE_LABELS[typeLabel!],
      level: city ? 'city' : 'district',
      districtCode: city ? null : districtCode,
      districtName: city ? null : districtName,
      // Absent means 是: only a unit without the powers carries the attribute.
      ...(ENFORCEMENT_VALUES[enforcement] === false ? { hasEnforcement: false } : {}),
    });
  }
  return { units, errors };
}
