// The completeness board: per district (and 市级部门) how many units are expected, have submitted,
// are accepted / returned / waiting, and who is missing — scoped to what the account may see.
import { canSeeDistrict, canSeeUnit } from '../auth/scope';
import { ACCEPTED_STATUSES } from '../rollup/labels';
import type { Store, Unit, User } from '../store';
import { CITY_DEPARTMENTS_CODE, districtOf, groupByDistrict } from '../../../templates/src/core/districts';
import { yearOr404 } from './years';

export interface ProgressRow {
  code: string;
  name: string;
  expected: number;
  submitted: number;
  accepted: number;
  returned: number;
  pending: number;
  missing: number;
  missingUnits: { code: string; name: string }[];
}

export interface Progress {
  year: number;
  deadline: string;
  districts: ProgressRow[];
  cityDepartments: ProgressRow | null;
}

const RETURNED = new Set(['returned', 'rejected']);

/** Pure: the board for the units the user may see, from the registry and the year's current versions. */
export function progressOf(user: User, units: Unit[], statusByUnit: Map<string, string>): Omit<Progress, 'year' | 'deadline'> {
  const visible = units.filter((unit) => canSeeUnit(user, unit) && canSeeDistrict(user, districtOf(unit)?.code ?? null));
  const groups = groupByDistrict(visible);
  const rowOf = (code: string, name: string, members: Unit[]): ProgressRow => {
    const row: ProgressRow = { code, name, expected: members.length, submitted: 0, accepted: 0, returned: 0, pending: 0, missing: 0, missingUnits: [] };
    for (const unit of members) {
      const status = statusByUnit.get(unit.code);
      if (status === undefined) {
        row.missing++;
        row.missingUnits.push({ code: unit.code, name: unit.name });
        continue;
      }
      row.submitted++;
      if (ACCEPTED_STATUSES.has(status)) row.accepted++;
      else if (RETURNED.has(status)) row.returned++;
      else row.pending++;
    }
    return row;
  };
  return {
    districts: groups.districts.map((d) => rowOf(d.code, d.name, d.units)),
    cityDepartments: groups.cityDepartments.length > 0 ? rowOf(CITY_DEPARTMENTS_CODE, '市级部门', groups.cityDepartments) : null,
  };
}

export async function progressBoard(store: Store, user: User, year: number): Promise<Progress> {
  const reportingYear = await yearOr404(store, year);
  const status = new Map((await store.currentSubmissionSummaries(year)).map((s) => [s.unitCode, s.status]));
  return { year, deadline: reportingYear.deadline, ...progressOf(user, await store.listUnits(), status) };
}

/** Every unit still missing on the board, with the name of its district (or 市级部门), districts first. */
export function missingUnits(board: Progress): { group: string; code: string; name: string }[] {
  const rows = [...board.districts, ...(board.cityDepartments ? [board.cityDepartments] : [])];
  return rows.flatMap((row) => row.missingUnits.map((u) => ({ group: row.name, ...u })));
}
