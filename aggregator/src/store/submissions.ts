// Reading submissions: every upload is kept as a numbered version; exactly one version per unit
// and year is current. Original bytes live once in `blobs`, addressed by their SHA-256.
// The write path is write-submissions.ts; a year's values for a rollup are read by current-pages.ts.
import type { Kysely, Selectable } from 'kysely';
import { reviewStateOf } from '../contract/review';
import type { Database, SubmissionsTable } from './schema';
import { currentOf, eachPage, PAGE } from './current-pages';
import type { StoredBlob, Submission, SubmissionSource, SubmissionSummary } from './types';

const SUMMARY_COLUMNS = [
  'id',
  'unit_code',
  'year',
  'version',
  'sha256',
  'file_name',
  'catalogue_version',
  'uploaded_by',
  'uploaded_at',
  'source',
  'is_current',
  'status',
  'review_reason',
  'reviewed_by',
  'reviewed_at',
] as const;
type SummaryRow = Pick<Selectable<SubmissionsTable>, (typeof SUMMARY_COLUMNS)[number]>;

const toSummary = (row: SummaryRow): SubmissionSummary => ({
  id: row.id,
  unitCode: row.unit_code,
  year: Number(row.year),
  version: Number(row.version),
  sha256: row.sha256,
  fileName: row.file_name,
  catalogueVersion: row.catalogue_version,
  uploadedBy: row.uploaded_by,
  uploadedAt: row.uploaded_at,
  source: row.source as SubmissionSource,
  isCurrent: Number(row.is_current) === 1,
  reviewState: reviewStateOf(row.status),
  status: row.status,
  reviewStatus: row.status,
  reviewReason: row.review_reason,
  reviewedBy: row.reviewed_by,
  reviewedAt: row.reviewed_at,
});

const toSubmission = (row: Selectable<SubmissionsTable>): Submission => ({
  ...toSummary(row),
  values: JSON.parse(row.values_json),
  derived: JSON.parse(row.derived_json),
  cells: JSON.parse(row.cells_json),
  problems: JSON.parse(row.problems_json),
});

export async function findSubmissionBySha(
  db: Kysely<Database>,
  unitCode: string,
  year: number,
  sha256: string,
): Promise<SubmissionSummary | undefined> {
  const row = await db
    .selectFrom('submissions')
    .select(SUMMARY_COLUMNS)
    .where('unit_code', '=', unitCode)
    .where('year', '=', year)
    .where('sha256', '=', sha256.toLowerCase())
    .orderBy('version', 'desc')
    .executeTakeFirst();
  return row && toSummary(row);
}

export async function currentSubmissions(db: Kysely<Database>, year: number): Promise<Submission[]> {
  const result: Submission[] = [];
  await eachPage(
    db,
    PAGE,
    (trx, after) => currentOf(trx, year, { after }).orderBy('unit_code').selectAll().limit(PAGE).execute(),
    (row) => row.unit_code,
    (rows) => {
      for (const row of rows) result.push(toSubmission(row));
    },
  );
  return result;
}

export async function submissionHistory(db: Kysely<Database>, unitCode: string, year: number): Promise<SubmissionSummary[]> {
  const rows = await db
    .selectFrom('submissions')
    .select(SUMMARY_COLUMNS)
    .where('unit_code', '=', unitCode)
    .where('year', '=', year)
    .orderBy('version', 'desc')
    .execute();
  return rows.map(toSummary);
}

export async function getSubmission(db: Kysely<Database>, id: string): Promise<Submission | undefined> {
  const row = await db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toSubmission(row);
}

export async function getBlob(db: Kysely<Database>, sha256: string): Promise<StoredBlob | undefined> {
  const row = await db.selectFrom('blobs').selectAll().where('sha256', '=', sha256.toLowerCase()).executeTakeFirst();
  return row && { sha256: row.sha256, size: Number(row.size), bytes: Buffer.from(row.bytes) };
}

/** Like currentSubmissions without values, cells and problems: for listings of who has submitted. */
export async function currentSubmissionSummaries(db: Kysely<Database>, year: number): Promise<SubmissionSummary[]> {
  const rows = await db
    .selectFrom('submissions')
    .select(SUMMARY_COLUMNS)
    .where('year', '=', year)
    .where('is_current', '=', 1)
    .orderBy('unit_code')
    .execute();
  return rows.map(toSummary);
}
