// The completeness board: per district (and 市级部门) how many units are expected, have submitted,
// are accepted / returned / waiting, excused, on time or late, who is missing, and each district's
// sign-off to the city — scoped to what the account may see.
import { canSeeDistrict, canSeeUnit } from '../auth/scope';
import { standingOf, tally, type Standing } from '../rollup/completeness';
import type { Store, Unit, User } from '../store';
import { CITY_DEPARTMENTS_CODE, districtOf, groupByDistrict } from '../../../templates/src/core/districts';
import { todayInChina } from '../auth/upload-guard';
import type { DistrictSignoff } from '../store';
import { signoffView, type SignoffView } from './signoff';
import { yearOr404 } from './years';

export type { Progress, ProgressRow } from '../contract/progress';
import type { Progress, ProgressRow } from '../contract/progress';

/** What else of the season the board reads beside the review states. */
export interface SeasonFacts {
  deadline?: string;
  /** When each unit's current version was uploaded (ISO). */
  uploadedAt?: Map<string, string>;
  excused?: Map<string, { reason: string }>;
  signoffs?: Map<string, DistrictSignoff>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Whole days from the deadline to the upload, both as China dates ('YYYY-MM-DD'). */
export const daysAfter = (deadline: string, uploadedAt: string): number =>
  Math.round((Date.parse(todayInChina(new Date(uploadedAt))) - Date.parse(deadline)) / DAY_MS);


/** Pure: the board for the units the user may see, from the registry and the year's current versions. */
export function progressOf(user: User, units: Unit[], statusByUnit: Map<string, string>, season: SeasonFacts = {}): Omit<Progress, 'year' | 'deadline'> {
  const board = boardRows(user, units, statusByUnit, season);
  const rows = [...board.districts, ...(board.cityDepartments ? [board.cityDepartments] : [])];
  return { ...board, onTime: rows.reduce((n, r) => n + r.onTime, 0), late: rows.reduce((n, r) => n + r.late, 0) };
}

function boardRows(user: User, units: Unit[], statusByUnit: Map<string, string>, season: SeasonFacts): Pick<Progress, 'districts' | 'cityDepartments'> {
  const visible = units.filter((unit) => canSeeUnit(user, unit) && canSeeDistrict(user, districtOf(unit)?.code ?? null));
  const groups = groupByDistrict(visible);
  const rowOf = (code: string, name: string, members: Unit[], signoff: SignoffView | null): ProgressRow => {
    const row: ProgressRow = {
      code,
      name,
      expected: 0,
      submitted: 0,
      counted: 0,
      accepted: 0,
      returned: 0,
      pending: 0,
      missing: 0,
      missingUnits: [],
      excused: 0,
      excusedUnits: [],
      onTime: 0,
      late: 0,
      lateUnits: [],
      onTimeShare: null,
      signoff,
    };
    const standings: Standing[] = [];
    for (const unit of members) {
      const status = statusByUnit.get(unit.code);
      const excuse = season.excused?.get(unit.code);
      const standing = standingOf(status, excuse !== undefined);
      standings.push(standing);
      const uploadedAt = season.uploadedAt?.get(unit.code);
      if (status !== undefined && uploadedAt !== undefined && season.deadline !== undefined) {
        const days = daysAfter(season.deadline, uploadedAt);
        if (days > 0) {
          row.late++;
          row.lateUnits.push({ code: unit.code, name: unit.name, daysLate: days });
        } else row.onTime++;
      }
      if (standing === 'excused') row.excusedUnits.push({ code: unit.code, name: unit.name, reason: excuse!.reason });
      if (standing === 'missing') row.missingUnits.push({ code: unit.code, name: unit.name });
    }
    const t = tally(standings);
    Object.assign(row, { expected: t.expected, submitted: t.submitted, accepted: t.accepted, returned: t.returned, pending: t.pending, missing: t.missing, excused: t.excused, counted: t.counted });
    const due = row.expected;
    row.onTimeShare = due > 0 ? Math.round((1000 * row.onTime) / due) / 1000 : null;
    return row;
  };
  return {
    districts: groups.districts.map((d) => rowOf(d.code, d.name, d.units, signoffView(season.signoffs?.get(d.code)))),
    cityDepartments: groups.cityDepartments.length > 0 ? rowOf(CITY_DEPARTMENTS_CODE, '市级部门', groups.cityDepartments, null) : null,
  };
}

export async function progressBoard(store: Store, user: User, year: number): Promise<Progress> {
  const reportingYear = await yearOr404(store, year);
  const current = await store.currentSubmissionSummaries(year);
  const status = new Map(current.map((s) => [s.unitCode, s.status]));
  const season: SeasonFacts = {
    deadline: reportingYear.deadline,
    uploadedAt: new Map(current.map((s) => [s.unitCode, s.uploadedAt])),
    excused: await store.signoffs.excuses(year),
    signoffs: await store.signoffs.signoffs(year),
  };
  return { year, deadline: reportingYear.deadline, ...progressOf(user, await store.listUnits(), status, season) };
}

/** Every unit still missing on the board, with the name of its district (or 市级部门), districts first. */
export function missingUnits(board: Progress): { group: string; code: string; name: string }[] {
  const rows = [...board.districts, ...(board.cityDepartments ? [board.cityDepartments] : [])];
  return rows.flatMap((row) => row.missingUnits.map((u) => ({ group: row.name, ...u })));
}

/**
 * The 催报 list: the missing units with the contact their sheet of the year before gave
 * (填报人及联系电话, meta.contact), or '' when they have none.
 */
export async function reminderList(store: Store, user: User, year: number): Promise<{ board: Progress; rows: { group: string; code: string; name: string; contact: string }[] }> {
  const board = await progressBoard(store, user, year);
  const missing = missingUnits(board);
  const wanted = new Set(missing.map((u) => u.code));
  const contacts = new Map<string, string>();
  if (wanted.size > 0 && (await store.getYear(year - 1))) {
    await store.eachCurrentSubmissionValues(year - 1, (batch) => {
      for (const s of batch) {
        const contact = s.values['meta.contact'];
        if (wanted.has(s.unitCode) && contact !== null && contact !== undefined) contacts.set(s.unitCode, String(contact));
      }
    });
  }
  return { board, rows: missing.map((u) => ({ ...u, contact: contacts.get(u.code) ?? '' })) };
}
