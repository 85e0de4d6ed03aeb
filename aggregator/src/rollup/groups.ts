// The groups a rollup reports: the city (every unit), each district (its 区人民政府 sheet and its
// 区级部门), and the 市级部门, which roll up to the city only and never into a district.
// Districts are told apart by the one rule every grouping uses (templates/src/core/districts.ts).
import { groupByDistrict } from '../../../templates/src/core/districts';
import { CITY_DEPARTMENTS_GROUP_NAME, CITY_GROUP_NAME } from './labels';
import { tally } from './completeness';
import { CITY_DEPARTMENTS_GROUP, CITY_GROUP, type Completeness, type GroupKind, type UnitRef, type UnitResult } from './types';

export interface GroupDef {
  code: string;
  name: string;
  kind: GroupKind;
  units: UnitResult[];
}

/** `units` must be in output order (prepareUnits): districts by code, then 市级部门. */
export function defineGroups(units: readonly UnitResult[]): GroupDef[] {
  const { districts, cityDepartments } = groupByDistrict(units);
  return [
    { code: CITY_GROUP, name: CITY_GROUP_NAME, kind: 'city', units: [...units] },
    ...districts.map((d): GroupDef => ({ code: d.code, name: d.name, kind: 'district', units: d.units })),
    { code: CITY_DEPARTMENTS_GROUP, name: CITY_DEPARTMENTS_GROUP_NAME, kind: 'city_departments', units: cityDepartments },
  ];
}

export function completenessOf(units: readonly UnitResult[]): Completeness {
  const submittedUnits: string[] = [];
  const missingUnits: UnitRef[] = [];
  const returnedUnits: UnitRef[] = [];
  const excusedUnits: UnitRef[] = [];
  const byStatus: Record<string, number> = {};
  for (const unit of units) {
    if (unit.submission) {
      submittedUnits.push(unit.code);
      byStatus[unit.submission.status] = (byStatus[unit.submission.status] ?? 0) + 1;
    } else if (unit.standing === 'returned') returnedUnits.push({ code: unit.code, name: unit.name });
    else if (unit.standing === 'excused') excusedUnits.push({ code: unit.code, name: unit.name });
    else missingUnits.push({ code: unit.code, name: unit.name });
  }
  const t = tally(units.map((u) => u.standing));
  if (returnedUnits.length > 0) byStatus.returned = returnedUnits.length;
  return {
    expected: t.expected,
    submitted: t.submitted,
    counted: t.counted,
    accepted: t.accepted,
    pending: t.pending,
    returned: t.returned,
    excused: t.excused,
    missing: t.missing,
    submittedUnits,
    missingUnits,
    returnedUnits,
    excusedUnits,
    byStatus,
  };
}
