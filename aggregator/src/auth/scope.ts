// What each role may see and change. The scope always comes from the signed-in account, never
// from the request: a unit account is bound to its unit, a district coordinator to its district.
import { AppError } from '../../../templates/src/core/errors';
import { appError } from '../../../templates/src/core/error-catalogue';
import type { Unit, User } from '../store';

export { ROLE_LABELS } from '../contract/people';
import { ROLE_LABELS } from '../contract/people';

type UnitRef = Pick<Unit, 'code' | 'districtCode'>;

/** May the user read this unit's submissions, progress and figures? */
export function canSeeUnit(user: User, unit: UnitRef): boolean {
  switch (user.role) {
    case 'city_admin':
      return true;
    case 'unit':
      return unit.code === user.unitCode;
    case 'district_admin':
      return unit.districtCode !== null && unit.districtCode === user.districtCode;
    case 'leader':
      return user.districtCode === null || unit.districtCode === user.districtCode;
  }
}

/** May the user upload for this unit, review it or reopen it? (Leaders never change anything.) */
export function canActForUnit(user: User, unit: UnitRef): boolean {
  return user.role !== 'leader' && canSeeUnit(user, unit);
}

/** May the user review or reopen this unit (coordinators only)? */
export function canReviewUnit(user: User, unit: UnitRef): boolean {
  return (user.role === 'city_admin' || user.role === 'district_admin') && canSeeUnit(user, unit);
}

/** Rollup scopes: null = the whole city (or 市级部门), else a district code. */
export function canSeeDistrict(user: User, districtCode: string | null): boolean {
  if (user.role === 'city_admin') return true;
  if (user.role === 'leader' && user.districtCode === null) return true;
  if (user.role === 'district_admin' || user.role === 'leader') return districtCode !== null && districtCode === user.districtCode;
  return false;
}

export function outOfScope(what: string): AppError {
  return appError('FORBIDDEN_SCOPE', { what });
}

export function assertCanSeeUnit(user: User, unit: UnitRef & { name?: string }): void {
  if (!canSeeUnit(user, unit)) throw outOfScope(`单位“${unit.name ?? unit.code}”的数据`);
}

/** The user's own description in logs and records: 'name（角色）'. */
export const describeUser = (user: User): string => `${user.username}（${ROLE_LABELS[user.role]}）`;
