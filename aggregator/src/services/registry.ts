// The unit registry (名录): the view grouped by district (the one rule of districts.ts; the 区人民政府
// leads its district), reading an uploaded registry file, and importing it with its audit entry.
import { appError } from '../../../templates/src/core/error-catalogue';
import { parseRegistryRows, type RegistryUnit } from '../../../templates/src/core/registry';
import { readRegistryFile } from '../../../templates/src/xlsx/registry-file';
import { audit } from '../auth/audit';
import { canSeeUnit } from '../auth/scope';
import { detailedAppError } from '../http/errors';
import type { Store, Unit, User } from '../store';
import { groupByDistrict } from '../../../templates/src/core/districts';

export type { RegistryView } from '../contract/registry';
import type { RegistryView } from '../contract/registry';

/** Pure: the registry by district, 市级部门 apart; the 区人民政府 sheet leads its district's list. */
export function groupRegistry(units: Unit[]): RegistryView {
  const { districts, cityDepartments } = groupByDistrict(units);
  const governmentFirst = (list: Unit[]) => [...list.filter((u) => u.unitType === 'district_gov'), ...list.filter((u) => u.unitType !== 'district_gov')];
  return { total: units.length, units, districts: districts.map((d) => ({ ...d, units: governmentFirst(d.units) })), cityDepartments };
}

/** The units the user may see, grouped. */
export async function registryView(store: Store, user: User): Promise<RegistryView> {
  return groupRegistry((await store.listUnits()).filter((u) => canSeeUnit(user, u)));
}

export async function unitOr404(store: Store, code: string): Promise<Unit> {
  const unit = await store.getUnit(code);
  if (!unit) throw appError('UNIT_UNKNOWN', { unitCode: code, namedIn: 'path' });
  return unit;
}

/**
 * Reads an uploaded registry (.csv or .xlsx; other formats are refused with advice on converting).
 * Needs no database, so it runs before the import's transaction. Any bad row refuses the whole file.
 */
export async function readRegistryUpload(file: { name: string; bytes: Buffer }): Promise<RegistryUnit[]> {
  const rows = await readRegistryFile(file.bytes, file.name);
  const { units, errors } = parseRegistryRows(rows);
  if (errors.length > 0) {
    throw detailedAppError('REGISTRY_ROWS', { rows: errors.map((e) => e.message) }, { rows: errors }, { file: file.name });
  }
  if (units.length === 0) {
    throw appError('REGISTRY_EMPTY', { fileName: file.name }, { file: file.name });
  }
  return units;
}

export type { RegistryImportAnswer } from '../contract/registry';
import type { RegistryImportAnswer } from '../contract/registry';

/** Upserts the units (units not listed are kept) and answers the counts of the registry after it. */
export async function importRegistry(tx: Store, actor: User, input: { fileName: string; units: RegistryUnit[] }): Promise<RegistryImportAnswer> {
  const result = await tx.importRegistry(input.units);
  await audit(tx, actor, 'registry.import', { detail: { file: input.fileName, ...result } });
  const view = groupRegistry(await tx.listUnits());
  return { ...result, districts: view.districts.length, cityDepartments: view.cityDepartments.length };
}
