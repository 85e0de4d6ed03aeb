// Templates as units meet them: the year's catalogue version (what the year was opened with, not
// the newest), prefilled from the registry; a district's units one after another into a zip that
// is streamed, so memory stays flat however many units a district has.
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import yazl from 'yazl';
import { getCatalogue, UNIT_TYPES, type Catalogue, type UnitType } from '../../../templates/src/core/catalogue';
import { appError } from '../../../templates/src/core/error-catalogue';
import { templateFileName } from '../../../templates/src/cli/template';
import { baseKey, patchTemplate, templateBase, type TemplateBase } from '../../../templates/src/xlsx/patch-template';
import { writeTemplate } from '../../../templates/src/xlsx/write-template';
import type { Store, Unit } from '../store';
import { yearUnknown } from '../store/units';

export const BLANK_LABELS: Record<UnitType, string> = { department: '部门', district_gov: '区人民政府' };

export async function catalogueOfYear(store: Store, year: number): Promise<Catalogue> {
  const opened = await store.getYear(year);
  if (!opened) throw yearUnknown(year);
  const catalogue = getCatalogue(opened.catalogueVersion);
  // Only if a catalogue file was removed from a release that still has years opened with it.
  if (!catalogue) throw appError('CATALOGUE_UNKNOWN', { year, catalogueVersion: opened.catalogueVersion });
  return catalogue;
}

export const unitTemplateName = (year: number, unit: Pick<Unit, 'code' | 'name'>) => `${year}年度-${templateFileName(unit)}`;
export const districtZipName = (year: number, code: string, name: string | null) => `${year}年度-${code}-${name ?? ''}-填报模板.zip`;
export const cityZipName = (year: number) => `${year}年度-全市-填报模板.zip`;
export const blankTemplateName = (year: number, unitType: UnitType) => `${year}年度-${BLANK_LABELS[unitType]}填报模板（空白）.xlsx`;

export function parseUnitType(text: string): UnitType {
  if ((UNIT_TYPES as readonly string[]).includes(text)) return text as UnitType;
  throw appError('UNIT_TYPE_UNKNOWN', { text });
}

export function unitTemplate(catalogue: Catalogue, year: number, unit: Unit): Promise<Buffer> {
  return writeTemplate(catalogue, unit.unitType, { year, prefill: unit });
}

export function blankTemplate(catalogue: Catalogue, year: number, unitType: UnitType): Promise<Buffer> {
  return writeTemplate(catalogue, unitType, { year });
}

/** The district's units in registry order, or DISTRICT_UNKNOWN. */
export async function districtUnits(store: Store, code: string): Promise<Unit[]> {
  const units = (await store.listUnits()).filter((u) => u.districtCode === code);
  if (units.length === 0) throw appError('DISTRICT_UNKNOWN', { districtCode: code, namedIn: 'path' });
  return units;
}

/**
 * Writes one prefilled template per unit into a zip on `out`, generating the next only when the zip
 * has taken the last (and `out` has room), so one template at a time is in memory. Stops early when
 * `stopped()` says the client went away. Each file is the template of its kind of unit written once
 * (exceljs, ~50 ms) with the unit's identity patched in (~1 ms); all carry the zip's start time.
 */
export async function streamTemplatesZip(catalogue: Catalogue, year: number, units: readonly Unit[], out: Writable, stopped: () => boolean): Promise<void> {
  const zip = new yazl.ZipFile();
  zip.outputStream.pipe(out);
  const now = new Date();
  const bases = new Map<string, Promise<TemplateBase>>();
  for (const unit of units) {
    if (stopped()) break;
    // The registry's own fields only: the import time is no part of the template.
    const { updatedAt: _updatedAt, ...registryUnit } = unit;
    const key = baseKey(registryUnit);
    let base = bases.get(key);
    if (!base) bases.set(key, (base = templateBase(catalogue, year, registryUnit, now)));
    const entry = new PassThrough();
    // Templates are zips already: stored, not compressed again.
    zip.addReadStream(entry, templateFileName(unit), { compress: false });
    const consumed = once(entry, 'end');
    entry.end(patchTemplate(await base, registryUnit));
    await consumed;
  }
  zip.end();
}
