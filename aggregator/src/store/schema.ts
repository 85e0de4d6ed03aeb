// Row shapes of the aggregator's tables, as Kysely sees them. Both databases store the same
// representation: dates and timestamps as ISO text, flags as 0/1, JSON as text, so one query
// layer serves SQLite and PostgreSQL without per-dialect conversions.
import type { ColumnType } from 'kysely';

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
}

export interface ReportingYearsTable {
  year: number;
  catalogue_version: string;
  /** 'YYYY-MM-DD'. */
  deadline: string;
  status: string;
  opened_at: string;
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
}

export interface Database {
  units: UnitsTable;
  reporting_years: ReportingYearsTable;
  blobs: BlobsTable;
  submissions: SubmissionsTable;
}

