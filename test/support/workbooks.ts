// Builds filled workbooks the way units produce them: the real template for the unit (prefilled
// from the registry), then values typed in by indicator code.
import { CURRENT_CATALOGUE_VERSION, getCatalogue } from '../../templates/src/core/catalogue';
import type { RegistryUnit } from '../../templates/src/core/registry';
import { writeTemplate } from '../../templates/src/xlsx/write-template';
import { fillWorkbook, type FillValue } from './fill-workbook';
import { sampleValues } from './sample-values';

/** Header fields the template already prefills (and locks) from the registry. */
export const PREFILLED = ['meta.unit_name', 'meta.unit_code', 'meta.unit_type', 'meta.district', 'meta.report_year'];

export function seedOf(code: string, year: number): number {
  let h = year;
  for (const ch of code) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

/** A valid filled workbook for the unit; `overrides` replace (or, with null, blank) single values. */
export async function filledWorkbookFor(
  unit: RegistryUnit,
  year: number,
  overrides: Record<string, FillValue> = {},
  seed = seedOf(unit.code, year),
  remarks: Record<string, string> = {},
): Promise<Buffer> {
  const catalogue = getCatalogue(CURRENT_CATALOGUE_VERSION)!;
  const template = await writeTemplate(catalogue, unit.unitType, { year, prefill: unit });
  const values: Record<string, FillValue> = sampleValues(catalogue, unit, year, seed);
  for (const code of PREFILLED) delete values[code];
  return fillWorkbook(template, { ...values, ...overrides }, remarks);
}
