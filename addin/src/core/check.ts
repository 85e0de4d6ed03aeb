// The add-in's whole check of the open sheet: stamp → catalogue and unit type, grid → FilledSheet,
// the shared validator, last year's swings, then problems grouped by section for the pane.
// Pure and synchronous: it runs on every (debounced) edit.
import { CURRENT_CATALOGUE_VERSION, UNIT_TYPES, getCatalogue, type Catalogue, type UnitType } from '../../../templates/src/catalogue';
import { UNIT_TYPE_LABELS, type Stamp } from '../../../templates/src/contract';
import type { CellValue, FilledSheet, Problem, Severity } from '../../../templates/src/model';
import { validateSheet } from '../../../templates/src/validate';
import { yoyProblems } from '../../../templates/src/yoy';
import { gridToSheet, type Grid } from './grid';

export interface SheetCheck {
  catalogue: Catalogue;
  unitType: UnitType | null;
  year: number | null;
  sheet: FilledSheet | null;
  values: Record<string, CellValue | null>;
  derived: Record<string, number | null>;
  /** Errors first, then warnings, then info. */
  problems: Problem[];
  groups: ProblemGroup[];
  codeCells: Record<string, string>;
}

export interface ProblemGroup {
  /** Section code, or '' for problems of the whole sheet. */
  section: string;
  title: string;
  problems: Problem[];
}

export interface CheckInput {
  grid: Grid;
  sheetName: string;
  stamp: Stamp;
  /** Last year's accepted values by code, when connected to an aggregator. */
  lastYear?: Record<string, CellValue | null>;
  yoyThreshold?: number;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function checkGrid(input: CheckInput): SheetCheck {
  const catalogue = getCatalogue(input.stamp.catalogue_version ?? '') ?? getCatalogue(CURRENT_CATALOGUE_VERSION)!;
  const stampYear = Number(input.stamp.report_year);
  const year = Number.isInteger(stampYear) && stampYear > 0 ? stampYear : null;
  const empty: SheetCheck = { catalogue, unitType: null, year, sheet: null, values: {}, derived: {}, problems: [], groups: [], codeCells: {} };

  let unitType = resolveUnitType(input.stamp);
  // Without a stamp, the visible 单位类型 cell decides (a copy pasted into a fresh workbook).
  const probe = gridToSheet(input.grid, catalogue, unitType ?? 'department', input.sheetName);
  if (!unitType) {
    const label = probe.sheet.cells['meta.unit_type']?.raw;
    unitType = label?.kind === 'string' ? (UNIT_TYPE_LABELS[label.value.trim()] ?? null) : null;
  }
  if (!unitType) {
    const problems: Problem[] = [
      { rule: 'META', severity: 'error', codes: ['meta.unit_type'], cells: [], message: '无法确定单位类型（本工作簿没有标准表标识，“单位类型”栏也没有有效值）：请在填报助手中重新插入标准表，或在基本信息中选择单位类型。' },
    ];
    return { ...empty, problems, groups: groupProblems(catalogue, problems) };
  }
  const read = unitType === 'department' ? probe : gridToSheet(input.grid, catalogue, unitType, input.sheetName);
  const result = validateSheet(catalogue, read.sheet, year ? { reportYear: year } : {});
  const problems = [...read.problems, ...result.problems];
  if (input.lastYear) problems.push(...yoyProblems(catalogue, read.sheet, result, input.lastYear, input.yoyThreshold));
  problems.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  return {
    catalogue,
    unitType,
    year,
    sheet: read.sheet,
    values: result.values,
    derived: result.derived,
    problems,
    groups: groupProblems(catalogue, problems),
    codeCells: read.codeCells,
  };
}

function resolveUnitType(stamp: Stamp): UnitType | null {
  const t = stamp.unit_type as UnitType | undefined;
  return t && (UNIT_TYPES as readonly string[]).includes(t) ? t : null;
}

/** Problems by the section of their first indicator, in sheet order; errors lead inside each group. */
export function groupProblems(catalogue: Catalogue, problems: Problem[]): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>();
  for (const problem of problems) {
    const section = catalogue.field(problem.codes[0] ?? '')?.section ?? '';
    let group = groups.get(section);
    if (!group) {
      const s = catalogue.section(section);
      group = { section, title: s ? (s.code === 'meta' ? '基本信息' : s.name_zh) : '整表', problems: [] };
      groups.set(section, group);
    }
    group.problems.push(problem);
  }
  const order = new Map(catalogue.sections.map((s, i) => [s.code, i]));
  for (const g of groups.values()) g.problems.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  return [...groups.values()].sort((a, b) => (order.get(a.section) ?? -1) - (order.get(b.section) ?? -1));
}
