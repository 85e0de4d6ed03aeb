// The add-in's whole check of the open sheet: grid → the reader's view of it, the aggregator's own
// checkRead (stamp, header, shared validator), last year's swings, then problems grouped by section.
// Pure and synchronous: it runs on every (debounced) edit.
import { CURRENT_CATALOGUE_VERSION, UNIT_TYPES, getCatalogue, type Catalogue, type UnitType } from '../../../templates/src/core/catalogue';
import { checkRead } from '../../../templates/src/core/check-read';
import type { Stamp } from '../../../templates/src/core/contract';
import type { Figures } from '../../../templates/src/core/derive';
import type { CellValue, FilledSheet, Problem, Severity } from '../../../templates/src/core/model';
import type { WorkbookRead } from '../../../templates/src/core/sheet-read';
import { yoyProblems } from '../../../templates/src/core/yoy';
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
  /** Last year's accepted values and the derived values stored with them, when connected to an aggregator. */
  lastYear?: Figures;
  yoyThreshold?: number;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * The same judgement as the aggregator's (checkRead: stamp, header against stamp, validator) on the
 * cells read from the open sheet, plus 同比 when last year is known. Only the registry checks (unit
 * in the 名录, year open) are left to the aggregator.
 */
export function checkGrid(input: CheckInput): SheetCheck {
  const catalogue = getCatalogue(input.stamp.catalogue_version ?? '') ?? getCatalogue(CURRENT_CATALOGUE_VERSION)!;
  // The unit type only labels the FilledSheet; checkRead decides it (stamp, else the visible 单位类型).
  const grid = gridToSheet(input.grid, catalogue, resolveUnitType(input.stamp) ?? 'department', input.sheetName);
  const read: WorkbookRead = {
    stamp: input.stamp,
    stampSource: Object.keys(input.stamp).length > 0 ? 'sheet' : 'none',
    sheet: { sheetName: input.sheetName, cells: grid.sheet.cells, date1904: false },
    problems: grid.problems,
  };
  const result = checkRead(read);
  const sheet: FilledSheet | null = result.unitType ? { ...grid.sheet, unitType: result.unitType } : null;
  const problems = [...result.problems];
  if (input.lastYear && sheet && result.catalogueVersion) {
    problems.push(...yoyProblems(catalogue, sheet, result, input.lastYear, input.yoyThreshold));
  }
  problems.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  return {
    catalogue,
    unitType: result.unitType,
    year: result.year,
    sheet,
    values: result.values,
    derived: result.derived,
    problems,
    groups: groupProblems(catalogue, problems),
    codeCells: grid.codeCells,
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
