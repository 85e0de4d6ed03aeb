// Which district a unit belongs to: the one rule that progress, rollups and the registry view (and
// through it the web page) group units by. Pure and in the core, so the rollup engine may use it. A 市级部门 belongs to no district and rolls up to the
// city only. The registry writes one as level 'city' with no district code; a unit whose row lacks
// the district code cannot be placed in any district either, so it goes with the 市级部门 too
// (rollups refuse such a district-level unit before they group: ROLLUP_UNIT_NO_DISTRICT).
import type { RegistryUnit } from './registry';

/** What grouping reads of a unit. */
export type PlacedUnit = Pick<RegistryUnit, 'level' | 'districtCode' | 'districtName'>;

export interface District {
  code: string;
  name: string;
}

/** The code the 市级部门 go under where a district code is expected (progress rows, page filters). */
export const CITY_DEPARTMENTS_CODE = 'city_departments';

/** The unit's district, or null for a 市级部门. */
export function districtOf(unit: PlacedUnit): District | null {
  if (unit.level === 'city' || !unit.districtCode) return null;
  return { code: unit.districtCode, name: unit.districtName || unit.districtCode };
}

export interface DistrictGroups<U> {
  /** In the order their first unit comes; each keeps the units' order. */
  districts: (District & { units: U[] })[];
  cityDepartments: U[];
}

export function groupByDistrict<U extends PlacedUnit>(units: readonly U[]): DistrictGroups<U> {
  const districts = new Map<string, District & { units: U[] }>();
  const cityDepartments: U[] = [];
  for (const unit of units) {
    const district = districtOf(unit);
    if (!district) {
      cityDepartments.push(unit);
      continue;
    }
    let group = districts.get(district.code);
    if (!group) districts.set(district.code, (group = { ...district, units: [] }));
    group.units.push(unit);
  }
  return { districts: [...districts.values()], cityDepartments };
}
