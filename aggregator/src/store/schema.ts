// Row shapes of the aggregator's tables, as Kysely sees them. Both databases store the same
// representation: dates and timestamps as ISO text, flags as 0/1, JSON as text, so one query
// layer serves SQLite and PostgreSQL without per-dialect conversions.
import type { ColumnType } from 'kysely';
import type { ApiTokensTable, AuditLogTable, LoginDevicesTable, LoginFailuresTable, ReopeningsTable, SessionsTable, UsersTable } from './account-schema';
import type { BaselinesTable } from './baseline-schema';

export interface UnitsTable {
  code: string;
  name: string;
  /** As the registry writes it: 区人民政府 | 区级部门 | 市级部门. */
  type_label: string;
  unit_type: string;
  level: string;
  district_code: string | null;
  district_name: string | null;
  updated_at: string;
  /** 0008: 1 = loaded by the first start for the demo; an import of the code makes it the deployment's own (0). */
  sample: ColumnType<number, number | undefined, number>;
  /** 0011: 有行政执法职能, 1 = 是 (the default), 0 = 否. */
  has_enforcement: ColumnType<number, number | undefined, number>;
}

export interface ReportingYearsTable {
  year: number;
  catalogue_version: string;
  /** 'YYYY-MM-DD'. */
  deadline: string;
  status: string;
  opened_at: string;
  /** 0002: 1 = locked (status is then 'closed'); nothing may change in a locked year. */
  locked: ColumnType<number, number | undefined, number>;
  /** 0008: 1 = opened by the first start for the demo. */
  sample: ColumnType<number, number | undefined, number>;
}

export interface BlobsTable {
  sha256: string;
  size: number;
  bytes: Buffer;
}

export interface SubmissionsTable {
  id: string;
  unit_code: string;
  year: number;
  version: number;
  sha256: string;
  file_name: string;
  catalogue_version: string;
  uploaded_by: string;
  uploaded_at: string;
  source: string;
  /** 1 for the unit's current version of the year, else 0; a partial unique index keeps one. */
  is_current: number;
  status: ColumnType<string, string | undefined, string>;
  values_json: string;
  cells_json: string;
  problems_json: string;
  /** 0003: derived values (rates, totals) as computed when the submission was checked. */
  derived_json: string;
  /** Review (0002): why it was returned, who reviewed it and when; null until reviewed. */
  review_reason: ColumnType<string | null, string | null | undefined, string | null>;
  reviewed_by: ColumnType<string | null, string | null | undefined, string | null>;
  reviewed_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** 0009: a unit excused from a year's reporting by a coordinator, and why. */
export interface UnitExcusesTable {
  unit_code: string;
  year: number;
  reason: string;
  excused_by: string;
  excused_at: string;
}

/** 0009: a district's sign-off to the city: submitted, then confirmed or returned (with a reason). */
export interface DistrictSignoffsTable {
  district_code: string;
  year: number;
  state: string;
  submitted_by: string;
  submitted_at: string;
  decided_by: ColumnType<string | null, string | null | undefined, string | null>;
  decided_at: ColumnType<string | null, string | null | undefined, string | null>;
  reason: ColumnType<string | null, string | null | undefined, string | null>;
}

/** 0010: one row (id 1); every write to units, reporting_years or submissions bumps version. */
export interface DataVersionTable {
  id: number;
  version: ColumnType<number | string, number, number>;
}

/** 0010: the rollup JSON of one scope, as computed at data_version. */
export interface RollupCacheTable {
  year: number;
  scope: string;
  settings: string;
  data_version: ColumnType<number | string, number, number>;
  computed_at: string;
  body: string;
}

export interface RollupJobsTable {
  year: number;
  settings: string;
  started_at: string;
}

export interface Database {
  units: UnitsTable;
  reporting_years: ReportingYearsTable;
  blobs: BlobsTable;
  submissions: SubmissionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  login_devices: LoginDevicesTable;
  audit_log: AuditLogTable;
  reopenings: ReopeningsTable;
  baselines: BaselinesTable;
  unit_excuses: UnitExcusesTable;
  district_signoffs: DistrictSignoffsTable;
  data_version: DataVersionTable;
  rollup_cache: RollupCacheTable;
  rollup_jobs: RollupJobsTable;
}

