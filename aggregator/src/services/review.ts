// The review state machine and the locks it works with. A coordinator accepts or returns the
// current version of a unit's year (an accepted one is locked until reopened); a year is open,
// closed (no uploads) or locked (no uploads, reviews or reopenings); a reopening lets one more
// upload through after the deadline or an acceptance, while the year is open. Each change writes its
// audit entry through the same transaction handle.
import { AppError } from '../../../templates/src/core/errors';
import { audit } from '../auth/audit';
import { canReviewUnit, outOfScope } from '../auth/scope';
import { DEADLINE_TOO_EARLY, deadlineAfterYear } from '../http/params';
import { ACCEPTED_STATUSES } from '../rollup/labels';
import type { Reopening, ReportingYear, Store, Submission, User, YearStatus } from '../store';
import { unitOr404 } from './registry';
import { assertDistrictNotConfirmed, returnDistrictForReopening } from './signoff';
import { visibleSubmission } from './submissions';
import { yearOr404 } from './years';

export type ReviewAction = 'accept' | 'return';

const STATUS_ZH: Record<YearStatus, string> = { open: '开放', closed: '关闭', locked: '锁定' };

/** Accepts or returns (with a reason the unit reads) the current version; answers it as reviewed, without its cells. */
export async function reviewSubmission(tx: Store, actor: User, input: { id: string; action: ReviewAction; reason?: string }): Promise<Omit<Submission, 'cells'>> {
  const { id, action, reason } = input;
  const submission = await visibleSubmission(tx, actor, id);
  const unit = await tx.getUnit(submission.unitCode);
  if (!unit || !canReviewUnit(actor, unit)) throw outOfScope(`审核单位“${unit?.name ?? submission.unitCode}”的报送`);
  if (!submission.isCurrent) {
    throw new AppError('NOT_CURRENT', `这是“${unit.name}”的第 ${submission.version} 版，已被更新的版本取代，只能审核当前版本。`, 409);
  }
  const year = await yearOr404(tx, submission.year);
  if (year.status === 'locked') throw new AppError('YEAR_LOCKED', `${year.year} 年度已锁定，不能再审核。如需变更，请由市级管理员解除锁定。`, 409);
  await assertDistrictNotConfirmed(tx, unit, submission.year);
  if (ACCEPTED_STATUSES.has(submission.status)) {
    throw new AppError('ALREADY_ACCEPTED', `“${unit.name}”的这份报表已审核通过并锁定。如需更正，请先重新开放该单位的填报，待单位重新上传后再审核。`, 409);
  }
  const status = action === 'accept' ? 'accepted' : 'returned';
  const done = await tx.review.setReview(id, { status, reason: reason || null, reviewedBy: actor.username });
  if (!done) throw new AppError('NOT_CURRENT', `“${unit.name}”刚刚上传了新版本，请刷新后审核新版本。`, 409);
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
      throw new AppError('BATCH_NOT_PENDING', `“${name}”的报表不是待审核状态，批量通过只处理待审核的报表。请从勾选中去掉该单位后重试；本批次未作任何变更。`, 409);
    }
    const errors = submission.problems.filter((p) => p.severity === 'error').length;
    if (errors > 0) {
      throw new AppError('BATCH_HAS_ERRORS', `“${name}”的报表有 ${errors} 处错误，不能批量通过。请逐份审核该单位的报表；本批次未作任何变更。`, 409);
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
    throw new AppError('INVALID_DEADLINE', `${DEADLINE_TOO_EARLY}：${year} 年度的截止日期应晚于 ${year}-12-31，收到 ${deadline}。`, 400);
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
    throw new AppError('YEAR_NOT_OPEN', `${year} 年度已${STATUS_ZH[reportingYear.status]}，不能为单位重新开放填报。请先由市级管理员把该年度恢复为开放。`, 409);
  }
  await returnDistrictForReopening(tx, actor, unit, year, reason);
  const reopening = await tx.review.reopen({ unitCode: code, year, reason, reopenedBy: actor.username });
  await audit(tx, actor, 'unit.reopen', { unitCode: code, year, detail: { reason, reopeningId: reopening.id } });
  return reopening;
}
