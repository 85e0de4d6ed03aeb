// What the page reads from /api (see /api/openapi.json). Every wire shape is the server's own type,
// imported as a type (erased from the bundle), so the page and the server cannot drift apart. The
// page is served by the same aggregator that answers it, so it never copes with an older server.
import type { CellValue } from '../../../templates/src/core/model';
import type { SubmissionListItem } from '../http/submission-routes';
import type { SubmissionSummary as StoredSummary } from '../store/types';
import type { PublicUser } from '../auth/login';
export type { ReviewStatus, Role } from '../store/account-types';
export type { ReportingYear as Year, Unit } from '../store/types';
export type { CellRef, Problem } from '../../../templates/src/core/model';
export type { FileResult } from '../ingest/pipeline';
export type { Progress, ProgressRow } from '../http/progress-routes';
export type { RegistryView as Registry } from '../http/registry-routes';
export type { UploadAnswer } from '../http/submission-routes';
export type { SubmissionDetail as Submission, ValueChange as Change } from '../http/submission-detail';
export type { PublicToken as Token } from '../http/account-routes';

/** An account as /api/session and /api/users send it (publicUser: no times, no password hash). */
export type User = PublicUser;

export type Value = CellValue | null;

/** A row of GET /api/submissions (with its warning count) or of a unit's version history (without). */
export type SubmissionSummary = StoredSummary & Partial<Pick<SubmissionListItem, 'warnings'>>;
