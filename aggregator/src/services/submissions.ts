// Reading submissions as an account may: only units in its scope, the current versions of a year
// (optionally of one unit or district), one submission with what its review page shows beside it,
// a unit's version history and an original file.
import { appError } from '../../../templates/src/core/error-catalogue';
import { assertCanSeeUnit, canSeeUnit } from '../auth/scope';
import type { StoredBlob, Store, Submission, SubmissionSummary, Unit, User } from '../store';
import { districtOf } from '../../../templates/src/core/districts';
import { unitOr404 } from './registry';

/** GET /api/submissions/:id: the submission with the unit's current values of last year and the version before. */
export type { SubmissionDetail, SubmissionListItem } from '../contract/submissions';
import type { SubmissionDetail, SubmissionListItem } from '../contract/submissions';

/** The submission, if the user may see its unit; 404 when it does not exist. */
export async function visibleSubmission(store: Store, user: User, id: string): Promise<Submission> {
  const submission = await store.getSubmission(id);
  if (!submission) throw appError('SUBMISSION_NOT_FOUND', { id });
  const unit = await store.getUnit(submission.unitCode);
  assertCanSeeUnit(user, unit ?? { code: submission.unitCode, districtCode: null });
  return submission;
}

/** The version uploaded before this one, if any. */
export async function previousVersionId(store: Store, submission: Submission): Promise<string | null> {
  const history = await store.submissionHistory(submission.unitCode, submission.year);
  return history.find((v) => v.version < submission.version)?.id ?? null;
}

/** What the review page needs: the submission, the unit's current values of last year, the version before. */
export async function submissionDetail(store: Store, user: User, id: string): Promise<SubmissionDetail> {
  const submission = await visibleSubmission(store, user, id);
  const last = (await store.submissionHistory(submission.unitCode, submission.year - 1)).find((v) => v.isCurrent);
  const lastYear = last ? await store.getSubmission(last.id) : undefined;
  return {
    ...submission,
    lastYear: lastYear ? { id: lastYear.id, version: lastYear.version, values: lastYear.values, derived: lastYear.derived } : null,
    previousVersionId: await previousVersionId(store, submission),
  };
}

/** The year's current versions the user may see, of one unit or one district if asked. */
export async function currentSubmissionList(store: Store, user: User, filter: { year: number; unit?: string; district?: string }): Promise<SubmissionListItem[]> {
  const { year, unit, district } = filter;
  const units = new Map((await store.listUnits()).map((u) => [u.code, u]));
  const visible = (code: string) => {
    const u = units.get(code);
    return u !== undefined && canSeeUnit(user, u) && (!district || districtOf(u)?.code === district);
  };
  const current = await store.currentSubmissions(year);
  return current
    .filter((s) => (!unit || s.unitCode === unit) && visible(s.unitCode))
    .map(({ values: _v, cells: _c, problems, ...summary }) => ({ ...summary, warnings: problems.filter((p) => p.severity === 'warning').length }));
}

/** The original bytes of a submission the user may see. */
export async function originalFile(store: Store, user: User, id: string): Promise<{ submission: Submission; blob: StoredBlob }> {
  const submission = await visibleSubmission(store, user, id);
  const blob = await store.getBlob(submission.sha256);
  if (!blob) throw appError('SUBMISSION_NOT_FOUND', { id, fileMissing: true });
  return { submission, blob };
}

/** Every version of a unit's year, newest first. */
export async function unitHistory(store: Store, user: User, code: string, year: number): Promise<{ unit: Unit; year: number; versions: SubmissionSummary[] }> {
  const unit = await unitOr404(store, code);
  assertCanSeeUnit(user, unit);
  return { unit, year, versions: await store.submissionHistory(code, year) };
}
