// What the page reads from /api (see /api/openapi.json): the contract's shapes under the page's
// short names, imported as types (erased from the bundle), so the page and the server cannot drift.
import type { SubmissionListItem, SubmissionSummary as StoredSummary } from '../contract/submissions';
export type { ReviewState as ReviewStatus } from '../contract/review';
export type { Role, PublicUser as User, PublicToken as Token } from '../contract/people';
export type { ReportingYear as Year, Unit, RegistryView as Registry } from '../contract/registry';
export type { Problem } from '../../../templates/src/core/model';
export type { FileResult, UploadAnswer, SubmissionDetail as Submission, ValueChange as Change } from '../contract/submissions';
export type { Progress, ProgressRow } from '../contract/progress';

export type Value = string | number | boolean | null;

/** A row of GET /api/submissions (with its warning count) or of a unit's version history (without). */
export type SubmissionSummary = StoredSummary & Partial<Pick<SubmissionListItem, 'warnings'>>;
