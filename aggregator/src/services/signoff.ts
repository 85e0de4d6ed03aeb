// The second review level. A district coordinator reviews the district's units, excuses those that
// need not report (with a reason), and signs the district off to the city once every expected unit
// is accepted or excused; the city confirms the district or returns it with a reason. A confirmed
// district's units are locked: no review, excuse or upload until the city returns the district or
// reopens one of its units (which returns the district, audited). 市级部门 have no sign-off: the
// city reviews them directly. Every change writes its audit entry through the same transaction.
import { appError } from '../../../templates/src/core/error-catalogue';
import { districtOf } from '../../../templates/src/core/districts';
import { audit } from '../auth/audit';
import { canReviewUnit, canSeeDistrict, outOfScope } from '../auth/scope';
import { ACCEPTED_STATUSES } from '../rollup/labels';
import type { DistrictSignoff, Store, Unit, UnitExcuse, User } from '../store';
import { unitOr404 } from './registry';
import { yearOr404 } from './years';

export { SIGNOFF_LABELS, type SignoffLabel, type SignoffView } from '../contract/progress';
import { SIGNOFF_LABELS, type SignoffView } from '../contract/progress';

export function signoffView(signoff: DistrictSignoff | undefined): SignoffView {
  if (!signoff) return { state: 'none', label: SIGNOFF_LABELS.none, submittedBy: null, submittedAt: null, decidedBy: null, decidedAt: null, reason: null };
  const { state, submittedBy, submittedAt, decidedBy, decidedAt, reason } = signoff;
  return { state, label: SIGNOFF_LABELS[state], submittedBy, submittedAt, decidedBy, decidedAt, reason };
}

const districtConfirmed = (unit: Unit, name: string, year: number) =>
  appError('DISTRICT_CONFIRMED', { districtName: unit.districtName ?? unit.districtCode ?? '', year, unitName: name });

/** Refuses a change to a unit whose district the city has confirmed for the year. */
export async function assertDistrictNotConfirmed(store: Store, unit: Unit, year: number): Promise<void> {
  const district = districtOf(unit);
  if (!district) return;
  const signoff = await store.signoffs.signoff(district.code, year);
  if (signoff?.state === 'confirmed') throw districtConfirmed(unit, unit.name, year);
}

/** The district-level units of a district (404 when the registry has none). */
async function districtUnits(store: Store, code: string): Promise<{ name: string; units: Unit[] }> {
  const units = (await store.listUnits()).filter((u) => districtOf(u)?.code === code);
  if (units.length === 0) throw appError('DISTRICT_UNKNOWN', { districtCode: code, namedIn: 'path' });
  return { name: districtOf(units[0])!.name, units };
}

/** Excuses a unit from the year (it then counts as done for the district's sign-off). */
export async function excuseUnit(tx: Store, actor: User, input: { code: string; year: number; reason: string }): Promise<UnitExcuse> {
  const { code, year, reason } = input;
  const unit = await unitOr404(tx, code);
  if (!canReviewUnit(actor, unit)) throw outOfScope(`免报单位“${unit.name}”`);
  const reportingYear = await yearOr404(tx, year);
  if (reportingYear.status === 'locked') throw appError('YEAR_LOCKED', { year, refused: '免报单位' });
  await assertDistrictNotConfirmed(tx, unit, year);
  const excuse = await tx.signoffs.excuse({ unitCode: code, year, reason, excusedBy: actor.username });
  await audit(tx, actor, 'unit.excuse', { unitCode: code, year, detail: { reason } });
  return excuse;
}

/** 区级审核完成，上报市级: only when every expected unit of the district is accepted or excused. */
export async function signoffDistrict(tx: Store, actor: User, input: { code: string; year: number }): Promise<SignoffView> {
  const { code, year } = input;
  if (!canSeeDistrict(actor, code)) throw outOfScope(`区 ${code} 的上报`);
  const district = await districtUnits(tx, code);
  const reportingYear = await yearOr404(tx, year);
  if (reportingYear.status === 'locked') throw appError('YEAR_LOCKED', { year, refused: '上报' });
  const before = await tx.signoffs.signoff(code, year);
  if (before?.state === 'submitted') throw appError('DISTRICT_ALREADY_SUBMITTED', { districtName: district.name, year });
  if (before?.state === 'confirmed') throw appError('DISTRICT_CONFIRMED', { districtName: district.name, year });

  const status = new Map((await tx.currentSubmissionSummaries(year)).map((s) => [s.unitCode, s.status]));
  const excused = await tx.signoffs.excuses(year);
  const missing: string[] = [];
  const pending: string[] = [];
  for (const unit of district.units) {
    if (excused.has(unit.code)) continue;
    const current = status.get(unit.code);
    if (current === undefined) missing.push(unit.name);
    else if (!ACCEPTED_STATUSES.has(current)) pending.push(unit.name);
  }
  if (missing.length > 0 || pending.length > 0) {
    throw appError('DISTRICT_INCOMPLETE', { districtName: district.name, year, missing, pending });
  }
  const signoff = await tx.signoffs.submit(code, year, actor.username);
  await audit(tx, actor, 'district.signoff', { year, detail: { district: code, districtName: district.name, units: district.units.length, excused: district.units.filter((u) => excused.has(u.code)).length } });
  return signoffView(signoff);
}

/** The city's decision on a submitted district: confirm, or return with a reason the district reads. */
export async function decideDistrict(tx: Store, actor: User, input: { code: string; year: number; decision: 'confirm' | 'return'; reason?: string }): Promise<SignoffView> {
  const { code, year, decision, reason } = input;
  const district = await districtUnits(tx, code);
  const reportingYear = await yearOr404(tx, year);
  if (reportingYear.status === 'locked') throw appError('YEAR_LOCKED', { year, refused: '确认或退回' });
  const before = await tx.signoffs.signoff(code, year);
  if (before?.state !== 'submitted') {
    throw appError('DISTRICT_NOT_SUBMITTED', { districtName: district.name, year, stateLabel: SIGNOFF_LABELS[before?.state ?? 'none'], decision });
  }
  const state = decision === 'confirm' ? 'confirmed' : 'returned';
  const signoff = await tx.signoffs.decide(code, year, { state, by: actor.username, reason: decision === 'return' ? (reason ?? null) : null });
  await audit(tx, actor, decision === 'confirm' ? 'district.confirm' : 'district.return', { year, detail: { district: code, districtName: district.name, reason: reason ?? null } });
  return signoffView(signoff);
}

/**
 * A reopening of a unit in a confirmed district: only the city may, and it returns the district
 * (audited as district.return, with the reopening's reason) so the district signs off again.
 */
export async function returnDistrictForReopening(tx: Store, actor: User, unit: Unit, year: number, reason: string): Promise<void> {
  const district = districtOf(unit);
  if (!district) return;
  const signoff = await tx.signoffs.signoff(district.code, year);
  if (signoff?.state !== 'confirmed') return;
  if (actor.role !== 'city_admin') throw districtConfirmed(unit, unit.name, year);
  const why = `重新开放单位“${unit.name}”：${reason}`;
  await tx.signoffs.decide(district.code, year, { state: 'returned', by: actor.username, reason: why });
  await audit(tx, actor, 'district.return', { unitCode: unit.code, year, detail: { district: district.code, districtName: district.name, reason: why } });
}
