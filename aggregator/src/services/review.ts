// The review state machine and the locks it works with. A coordinator accepts or returns the
// current version of a unit's year (an accepted one is locked until reopened); a year is open,
// closed (no uploads) or locked (no uploads, reviews or reopenings); a reopening lets one more
// upload through after the deadline or an acceptance, while the year is open. Each change writes its
// audit entry through the same transaction handle.
import { appError } from '../../../templates/src/core/error-catalogue';
import { audit } from '../auth/audit';
import { YEAR_STATUS_LABELS } from '../contract/registry';
import { canReviewUnit, outOfScope } from '../auth/scope';
import { deadlineAfterYear } from '../http/params';
import { ACCEPTED_STATUSES } from '../rollup/labels';
import type { Reopening, ReportingYear, Store, Submission, User, YearStatus } from '../store';
import { unitOr404 } from './registry';
import { assertDistrictNotConfirmed, returnDistrictForReopening } from './signoff';
import { visibleSubmission } from './submissions';
import { yearOr404 } from './years';

export type ReviewAction = 'accept' | 'return';


/** Accepts or returns (with a reason the unit reads) the current version; answers it as reviewed, without its cells. */
export async function reviewSubmission(tx: Store, actor: User, input: { id: string; action: ReviewAction; reason?: string }): Promise<Omit<Submission, 'cells'>> {
  const { id, action, reason } = input;
  const submission = await visibleSubmission(tx, actor, id);
  const unit = await tx.getUnit(submission.unitCode);
  if (!unit || !canReviewUnit(actor, unit)) throw outOfScope(`审核单位“${unit?.name ?? submission.unitCode}”的报送`);
  if (!submission.isCurrent) {
    throw appError('NOT_CURRENT', { unitName: unit.name, version: submission.version });
  }
  const year = await yearOr404(tx, submission.year);
  if (year.status === 'locked') throw appError('YEAR_LOCKED', { year: year.year, refused: '审核' });
  await assertDistrictNotConfirmed(tx, unit, submission.year);
  if (ACCEPTED_STATUSES.has(submission.status)) {
    throw appError('ALREADY_ACCEPTED', { unitName: unit.name });
  }
  const status = action === 'accept' ? 'accepted' : 'returned';
  const done = await tx.review.setReview(id, { status, reason: reason || null, reviewedBy: actor.username });
  if (!done) throw appError('NOT_CURRENT', { unitName: unit.name });
  await audit(tx, actor, action === 'accept' ? 'review.accept' : 'review.return', {
    unitCode: unit.code,
    year: submission.year,
    detail: { submissionId: id, version: submission.version, reason: reason || null },
  });
  const { cells: _cells, ...reviewed } = (await tx.getSubmission(id))!;
  return reviewed;
}

/**
 * Accepts many pending submissions in one step, all or none (the caller's one transaction), one
 * audit entry each. Refuses the whole batch, naming the unit, when one is not pending or has errors.
 */
export async function acceptBatch(tx: Store, actor: User, ids: readonly string[]): Promise<Omit<Submission, 'cells'>[]> {
  const accepted: Omit<Submission, 'cells'>[] = [];
  for (const id of new Set(ids)) {
    const submission = await visibleSubmission(tx, actor, id);
    const unit = await tx.getUnit(submission.unitCode);
    const name = unit?.name ?? submission.unitCode;
    if (submission.isCurrent && submission.status !== 'pending') {
      throw appError('BATCH_NOT_PENDING', { unitName: name });
    }
    const errors = submission.problems.filter((p) => p.severity === 'error').length;
    if (errors > 0) {
      throw appError('BATCH_HAS_ERRORS', { unitName: name, errors });
    }
    accepted.push(await reviewSubmission(tx, actor, { id, action: 'accept' }));
  }
  return accepted;
}

/** Opens, closes or locks a year, optionally moving its deadline in the same step. */
export async function changeYearStatus(tx: Store, actor: User, input: { year: number; status: YearStatus; deadline?: string }): Promise<ReportingYear> {
  const { year, status, deadline } = input;
  const before = await yearOr404(tx, year);
  if (deadline !== undefined && !deadlineAfterYear(year, deadline)) {
    throw appError('INVALID_DEADLINE', { year, deadline });
  }
  if (deadline !== undefined) await tx.review.setDeadline(year, deadline);
  const after = await tx.setYearStatus(year, status);
  await audit(tx, actor, 'year.status', {
    year,
    detail: { from: before.status, to: status, ...(deadline !== undefined ? { deadlineFrom: before.deadline, deadlineTo: deadline } : {}) },
  });
  return after;
}

/** Lets the unit upload once more for the year (after the deadline or an acceptance); the year must be open. */
export async function reopenUnit(tx: Store, actor: User, input: { code: string; year: number; reason: string }): Promise<Reopening> {
  const { code, year, reason } = input;
  const unit = await unitOr404(tx, code);
  if (!canReviewUnit(actor, unit)) throw outOfScope(`重新开放单位“${unit.name}”的填报`);
  const reportingYear = await yearOr404(tx, year);
  if (reportingYear.status !== 'open') {
    throw appError('YEAR_NOT_OPEN', { year, statusLabel: YEAR_STATUS_LABELS[reportingYear.status] });
  }
  await returnDistrictForReopening(tx, actor, unit, year, reason);
  const reopening = await tx.review.reopen({ unitCode: code, year, reason, reopenedBy: actor.username });
  await audit(tx, actor, 'unit.reopen', { unitCode: code, year, detail: { reason, reopeningId: reopening.id } });
  return reopening;
}
