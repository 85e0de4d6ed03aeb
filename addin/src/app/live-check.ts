// One run of the check the pane and the 校验 button share: read the input sheet through the adapter,
// check it with the shared validator, and paint faulty value cells (the rest back to the template's
// own fill). Painting is diffed against what this runtime painted last, so a run that changes nothing
// touches nothing; a fresh runtime (the ribbon command) paints every value cell once.
import type { UnitType } from '../../../templates/src/core/catalogue';
import type { Stamp } from '../../../templates/src/core/contract';
import { planInputSheet, type SheetPlan } from '../../../templates/src/core/layout';
import type { Figures } from '../../../templates/src/core/derive';
import type { RegistryUnit, UnitTypeLabel } from '../../../templates/src/core/registry';
import { unitTypeLabel } from '../../../aggregator/src/contract/registry';
import { checkGrid, type SheetCheck } from '../core/check';
import { paintCells, protectionOptions, readInputSheet, type CellFill } from '../excel/adapter';

export const HIGHLIGHT = { error: 'FFC7CE', warning: 'FFEB9C' } as const;

export interface LiveCheckState {
  /** Value-cell address → fill this runtime last painted there. */
  painted: Map<string, string | null>;
  /** Last year's figures as the aggregator stores them (values and derived values). */
  lastYear?: Figures;
  yoyThreshold?: number;
}

export interface LiveCheckResult {
  check: SheetCheck;
  stamp: Stamp;
  sheetName: string;
}

export const newLiveCheckState = (): LiveCheckState => ({ painted: new Map() });

/** Null when the workbook has no input sheet yet. */
export async function runLiveCheck(state: LiveCheckState): Promise<LiveCheckResult | null> {
  const read = await readInputSheet();
  if (!read) return null;
  const check = checkGrid({ grid: read.grid, sheetName: read.sheetName, stamp: read.stamp, lastYear: state.lastYear, yoyThreshold: state.yoyThreshold });
  if (check.sheet && check.unitType) {
    const plan = planInputSheet(check.catalogue, check.unitType, { year: check.year ?? new Date().getFullYear() - 1, prefill: prefillFromStamp(read.stamp, check.unitType) });
    const fills = wantedFills(check, plan);
    const changed: CellFill[] = [];
    for (const [address, fill] of fills) {
      if (state.painted.get(address) !== fill) changed.push({ address, fill });
    }
    if (changed.length > 0) {
      await paintCells(read.sheetName, changed, protectionOptions(plan));
      for (const { address, fill } of changed) state.painted.set(address, fill);
    }
  }
  return { check, stamp: read.stamp, sheetName: read.sheetName };
}

/** Every value cell's fill: highlighted when it has an error or warning, else the template's fill. */
export function wantedFills(check: SheetCheck, plan: SheetPlan): Map<string, string | null> {
  const severity = new Map<string, 'error' | 'warning'>();
  for (const p of check.problems) {
    if (p.severity === 'info') continue;
    for (const code of p.codes) {
      const cell = check.sheet?.cells[code];
      if (!cell) continue;
      if (severity.get(cell.ref.address) !== 'error') severity.set(cell.ref.address, p.severity);
    }
  }
  const fills = new Map<string, string | null>();
  for (const row of plan.rows) {
    if (row.type !== 'indicator') continue;
    const cell = check.sheet?.cells[row.code];
    if (!cell) continue;
    const s = severity.get(cell.ref.address);
    fills.set(cell.ref.address, s ? HIGHLIGHT[s] : (row.value.style.fill ?? null));
  }
  return fills;
}

/** Enough of the registry unit for the plan to tell prefilled (green) cells from input (yellow) ones. */
function prefillFromStamp(stamp: Stamp, unitType: UnitType): RegistryUnit | undefined {
  if (!stamp.unit_code) return undefined;
  const level = stamp.district_code ? 'district' : 'city';
  return {
    code: stamp.unit_code,
    name: stamp.unit_name ?? '',
    typeLabel: unitTypeLabel({ unitType, level }) as UnitTypeLabel,
    unitType,
    level,
    districtCode: stamp.district_code ?? null,
    districtName: stamp.district_name ?? null,
  };
}
