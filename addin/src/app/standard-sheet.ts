// What "insert the standard sheet" means: the same plan, guide and stamp the template generator
// builds (templates/src), handed to the Excel adapter to render with Office.js.
import type { Catalogue, UnitType } from '../../../templates/src/core/catalogue';
import { guideLines } from '../../../templates/src/core/guide';
import { planInputSheet, planStamp } from '../../../templates/src/core/layout';
import type { RegistryUnit } from '../../../templates/src/core/registry';
import type { StandardSheet } from '../excel/adapter';

export function standardSheet(catalogue: Catalogue, unitType: UnitType, year: number, prefill?: RegistryUnit, now = new Date()): StandardSheet {
  return {
    plan: planInputSheet(catalogue, unitType, { year, prefill }),
    guide: guideLines(catalogue, unitType, year),
    stamp: planStamp(catalogue, unitType, year, prefill, now),
  };
}
