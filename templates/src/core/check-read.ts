// Judges what was read from one sheet (by the bytes reader, the add-in's grid or the values-only
// submission) against its stamp, its visible header and the catalogue: the one check every front
// door shares, so an upload is judged the same way everywhere.
import { z } from 'zod';
import { getCatalogue, knownCatalogueVersions, UNIT_TYPES, type Catalogue, type UnitType } from './catalogue';
import { INPUT_SHEET, STAMP_KEYS, UNIT_TYPE_LABELS, type Stamp } from './contract';
import { CITY_LEVEL_DISTRICT, nameKey } from './registry';
import type { CellRef, CellValue, Problem } from './model';
import type { WorkbookRead } from './sheet-read';
import { validateSheet } from './validate';

export interface WorkbookCheck {
  stamp: Stamp;
  unitCode: string | null;
  unitType: UnitType | null;
  year: number | null;
  catalogueVersion: string | null;
  /** Normalised input values by indicator code (null = blank or invalid). */
  values: Record<string, CellValue | null>;
  /** Derived indicators, recomputed. */
  derived: Record<string, number | null>;
  cells: Record<string, CellRef>;
  remarks: Record<string, string>;
  problems: Problem[];
}

const cellRefSchema = z.object({ sheet: z.string(), address: z.string() });

/**
 * A WorkbookCheck as it must look when it crosses a process boundary (a parse child's answer):
 * checked there, since a child with a bug, or one a hostile file made misbehave, can send anything.
 */
export const workbookCheckSchema = z.object({
  stamp: z.partialRecord(z.enum(STAMP_KEYS), z.string()),
  unitCode: z.string().nullable(),
  unitType: z.enum(UNIT_TYPES).nullable(),
  year: z.number().int().nullable(),
  catalogueVersion: z.string().nullable(),
  values: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()]).nullable()),
  derived: z.record(z.string(), z.number().nullable()),
  cells: z.record(z.string(), cellRefSchema),
  remarks: z.record(z.string(), z.string()),
  problems: z.array(
    z.object({
      rule: z.string(),
      severity: z.enum(['error', 'warning', 'info']),
      codes: z.array(z.string()),
      cells: z.array(cellRefSchema),
      message: z.string(),
    }),
  ),
}) satisfies z.ZodType<WorkbookCheck>;

/**
 * Checks what was read from a workbook — by the reader from bytes, or by the add-in from Excel
 * (values-only submission) — against its stamp, its visible header and the catalogue.
 */
export function checkRead(read: WorkbookRead): WorkbookCheck {
  const version = read.stamp.catalogue_version;
  const catalogue = version ? getCatalogue(version) : undefined;
  const problems: Problem[] = [...read.problems, ...stampProblems(read, version)];
  const visible = read.sheet ? headerValues(read) : {};
  const unitType = resolveUnitType(read.stamp, visible.unitTypeLabel, problems);
  const stampYear = read.stamp.report_year ? Number(read.stamp.report_year) : null;
  const result: WorkbookCheck = {
    stamp: read.stamp,
    unitCode: nonEmpty(read.stamp.unit_code) ?? visible.unitCode ?? null,
    unitType,
    year: stampYear ?? visible.year ?? null,
    catalogueVersion: catalogue ? catalogue.version : null,
    values: {},
    derived: {},
    cells: {},
    remarks: {},
    problems,
  };
  if (!read.sheet || !unitType || !catalogue) return finish(result);

  for (const [code, cell] of Object.entries(read.sheet.cells)) {
    result.cells[code] = cell.ref;
    if (cell.remark) result.remarks[code] = cell.remark;
  }
  const validation = validateSheet(catalogue, { ...read.sheet, unitType }, { reportYear: stampYear ?? undefined });
  result.values = validation.values;
  result.derived = validation.derived;
  problems.push(...validation.problems, ...headerMismatches(read, catalogue, validation.values));
  return finish(result);
}

function finish(result: WorkbookCheck): WorkbookCheck {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  result.problems.sort((a, b) => rank[a.severity] - rank[b.severity]);
  return result;
}

const nonEmpty = (s: string | undefined): string | undefined => (s && s.trim() !== '' ? s.trim() : undefined);

function stampProblems(read: WorkbookRead, version: string | undefined): Problem[] {
  if (read.stampSource === 'none') {
    return [metaProblem('工作簿缺少标准模板标识（隐藏的 _meta 工作表和文档属性均不存在）：请从汇总系统或填报助手下载当年标准模板填报，不要把内容复制到其他工作簿。')];
  }
  if (!version) return [metaProblem('模板标识中缺少指标目录版本：请重新下载当年标准模板填报。')];
  if (!getCatalogue(version)) {
    return [metaProblem(`模板的指标目录版本“${version}”不是本系统支持的版本（支持：${knownCatalogueVersions().join('、')}）：请下载当年标准模板重新填报。`)];
  }
  return [];
}

function resolveUnitType(stamp: Stamp, visibleLabel: string | undefined, problems: Problem[]): UnitType | null {
  const stamped = stamp.unit_type as UnitType | undefined;
  if (stamped && (UNIT_TYPES as readonly string[]).includes(stamped)) return stamped;
  const fromLabel = visibleLabel ? UNIT_TYPE_LABELS[visibleLabel] : undefined;
  if (fromLabel) return fromLabel;
  problems.push(metaProblem('无法确定单位类型（模板标识和“单位类型”栏都没有有效值）：请在基本信息中选择单位类型，或重新下载对应类型的模板。'));
  return null;
}

interface VisibleHeader {
  unitCode?: string;
  unitTypeLabel?: string;
  year?: number;
}

function headerValues(read: WorkbookRead): VisibleHeader {
  const text = (code: string): string | undefined => {
    const raw = read.sheet?.cells[code]?.raw;
    if (!raw || raw.kind === 'empty' || raw.kind === 'error') return undefined;
    return nonEmpty(String(raw.value));
  };
  const year = Number(text('meta.report_year'));
  return { unitCode: text('meta.unit_code'), unitTypeLabel: text('meta.unit_type'), year: Number.isInteger(year) ? year : undefined };
}

/** The visible 基本信息 must agree with the stamp: a stamp is never trusted alone, nor the header alone. */
function headerMismatches(read: WorkbookRead, catalogue: Catalogue, values: Record<string, CellValue | null>): Problem[] {
  const problems: Problem[] = [];
  const compare = (code: string, stamped: string | undefined, shown: string | undefined, what: string, same = (a: string, b: string) => a === b) => {
    if (!stamped || shown === undefined || same(stamped, shown)) return;
    const cell = read.sheet?.cells[code];
    const name = catalogue.field(code)?.name_zh ?? code;
    const where = cell ? `${cell.ref.sheet}!${cell.ref.address}` : INPUT_SHEET;
    problems.push({
      rule: 'META',
      severity: 'error',
      codes: [code],
      cells: cell ? [cell.ref] : [],
      message: `${where}【${name}】填写的“${shown}”与模板标识中的${what}“${stamped}”不一致：请勿修改预填的基本信息；如单位信息有误，请联系区级管理员更正名录后重新下载模板。`,
    });
  };
  const str = (v: CellValue | null | undefined) => (v === null || v === undefined ? undefined : String(v));
  compare('meta.unit_code', nonEmpty(read.stamp.unit_code), str(values['meta.unit_code']), '单位代码');
  compare('meta.report_year', nonEmpty(read.stamp.report_year), str(values['meta.report_year']), '报告年度');
  // Name and district as prefilled: white space and full-width forms aside, the sheet must say what the stamp says.
  const sameName = (a: string, b: string) => nameKey(a) === nameKey(b);
  compare('meta.unit_name', nonEmpty(read.stamp.unit_name), str(values['meta.unit_name']), '单位名称', sameName);
  // A prefilled stamp names the unit; without a district it is a 市级部门's.
  const prefilled = nonEmpty(read.stamp.unit_name) !== undefined;
  const stampedDistrict = nonEmpty(read.stamp.district_name) ?? (prefilled ? CITY_LEVEL_DISTRICT : undefined);
  compare('meta.district', stampedDistrict, str(values['meta.district']), '所属区', sameName);
  const label = str(values['meta.unit_type']);
  const stampedType = read.stamp.unit_type;
  if (label && stampedType && UNIT_TYPE_LABELS[label] !== stampedType) {
    compare('meta.unit_type', stampedType === 'district_gov' ? '区人民政府' : '区级部门或市级部门', label, '单位类型');
  }
  return problems;
}

function metaProblem(message: string): Problem {
  return { rule: 'META', severity: 'error', codes: [], cells: [], message };
}
