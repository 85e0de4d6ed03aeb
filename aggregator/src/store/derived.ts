// Derived values (rates, totals) are computed once per submission, when it is checked, and stored
// beside its inputs (derived_json, migration 0003), so rollups, the page and the pane read them
// instead of each recomputing. This is the same computation (the core's computeDerived) run on what
// is stored: migration 0003 fills rows stored before the column existed, and verify-store checks
// every row against it.
import { getCatalogue, UNIT_TYPES, type UnitType } from '../../../templates/src/core/catalogue';
import { computeDerived } from '../../../templates/src/core/derive';
import type { CellValue } from '../../../templates/src/core/model';

/** The derived values of stored inputs; null when the catalogue version or unit type is unknown to this build. */
export function recomputeDerived(catalogueVersion: string, unitType: string, values: Record<string, CellValue | null>): Record<string, number | null> | null {
  const catalogue = getCatalogue(catalogueVersion);
  if (!catalogue || !(UNIT_TYPES as readonly string[]).includes(unitType)) return null;
  return computeDerived(catalogue, unitType as UnitType, values);
}

/** Same codes, same numbers (blank as null): stored and recomputed derived values agree. */
export function sameDerived(a: Record<string, number | null>, b: Record<string, number | null>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && a[k] === b[k]);
}
