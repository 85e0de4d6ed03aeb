// What the page reads from /api (see /api/openapi.json). Where the server already names a wire type,
// it is imported as a type (erased from the bundle), so the page and the server cannot drift apart.
import type { CellValue } from '../../../templates/src/model';
export type { Role, User } from '../store/account-types';
export type { CellRef, Problem } from '../../../templates/src/model';
export type { FileResult } from '../ingest/pipeline';
export type { ProgressRow } from '../http/progress-routes';
import type { Progress as ServerProgress } from '../http/progress-routes';
import type { FileResult } from '../ingest/pipeline';
import type { Problem } from '../../../templates/src/model';

/** The page can also build the board itself (older servers), without a deadline. */
export type Progress = Omit<ServerProgress, 'deadline'> & { deadline: string | null };

export type ReviewStatus = 'pending' | 'accepted' | 'returned';

export interface Year {
  year: number;
  catalogueVersion: string;
  deadline: string;
  status: string;
}

export interface Unit {
  code: string;
  name: string;
  typeLabel: string;
  unitType: 'district_gov' | 'department';
  districtCode: string | null;
  districtName: string | null;
}

export interface Registry {
  units: Unit[];
  districts: { code: string; name: string; units: Unit[] }[];
  cityDepartments: Unit[];
}

export interface UploadAnswer {
  dryRun: boolean;
  summary: Record<FileResult['status'], number>;
  files: FileResult[];
}

export type Value = CellValue | null;

export interface SubmissionSummary {
  id: string;
  unitCode: string;
  year: number;
  version: number;
  fileName: string;
  uploadedBy: string;
  uploadedAt: string;
  isCurrent: boolean;
  status: string;
  reviewStatus?: ReviewStatus;
  reviewReason?: string | null;
  reviewedBy?: string | null;
  reviewedAt?: string | null;
  warnings?: number;
}

export interface Submission extends SubmissionSummary {
  catalogueVersion: string;
  values: Record<string, Value>;
  problems: Problem[];
  lastYear?: { values: Record<string, Value> } | null;
  previousVersionId?: string | null;
}

export interface Change {
  code: string;
  name_zh: string;
  before: Value;
  after: Value;
}

export interface Token {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
