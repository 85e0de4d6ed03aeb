// What the page reads from /api (see /api/openapi.json); only the fields the page shows.
export type Role = 'unit' | 'district_admin' | 'city_admin' | 'leader';
export type ReviewStatus = 'pending' | 'accepted' | 'returned';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitCode: string | null;
  districtCode: string | null;
  disabled: boolean;
}

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

export interface CellRef {
  sheet: string;
  address: string;
}

export interface Problem {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  codes: string[];
  cells: CellRef[];
  message: string;
}

export interface FileResult {
  file: string;
  status: 'accepted' | 'rejected' | 'duplicate';
  submissionId: string | null;
  unit: string | null;
  unitName?: string | null;
  year: number | null;
  version: number | null;
  problems: Problem[];
}

export interface UploadAnswer {
  dryRun: boolean;
  summary: Record<FileResult['status'], number>;
  files: FileResult[];
}

export type Value = number | boolean | string | null;

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
  deadline: string | null;
  districts: ProgressRow[];
  cityDepartments: ProgressRow | null;
}

export interface Token {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
