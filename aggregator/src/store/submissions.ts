// Submissions: every upload is kept as a numbered version; exactly one version per unit and year
// is current. Original bytes live once in `blobs`, addressed by their SHA-256.
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { AppError } from '../../../templates/src/errors';
import type { Connection } from './connect';
import type { Database, SubmissionsTable } from './schema';
import { lockUnits, writeTransaction } from './transaction';
import type { NewSubmission, StoredBlob, StoredSubmission, Submission, SubmissionSource, SubmissionSummary } from './types';
import { yearUnknown } from './units';

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
  status: row.status,
});

const toSubmission = (row: Selectable<SubmissionsTable>): Submission => ({
  ...toSummary(row),
  values: JSON.parse(row.values_json),
  cells: JSON.parse(row.cells_json),
  problems: JSON.parse(row.problems_json),
});

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export async function storeSubmissions(conn: Connection, batch: readonly NewSubmission[]): Promise<StoredSubmission[]> {
  if (batch.length === 0) return [];
  // Hash outside the transaction: it is the only CPU-heavy step and needs no lock.
  const hashed = batch.map((s) => {
    const actual = sha256Of(s.bytes);
    if (s.sha256 !== undefined && s.sha256.toLowerCase() !== actual) {
      throw new AppError('SHA256_MISMATCH', `文件 ${s.fileName} 的校验值与内容不符，请重新上传。`, 400, { file: s.fileName });
    }
    return { ...s, sha256: actual };
  });
  return writeTransaction(conn, async (db) => {
    const known = await lockUnits(conn, db, hashed.map((s) => s.unitCode));
    const years = new Set(hashed.map((s) => s.year));
    for (const year of years) {
      const found = await db.selectFrom('reporting_years').select('year').where('year', '=', year).executeTakeFirst();
      if (!found) throw yearUnknown(year, 400);
    }
    const results: StoredSubmission[] = [];
    for (const s of hashed) {
      if (!known.has(s.unitCode)) {
        throw new AppError('UNIT_UNKNOWN', `单位代码“${s.unitCode}”不在单位名录中，请核对单位代码，或请管理员先导入单位名录。`, 400, {
          file: s.fileName,
        });
      }
      results.push(await insertVersion(db, s as NewSubmission & { sha256: string }));
    }
    return results;
  });
}

/** Inside a write transaction that serialises this unit: appends the next version and makes it current. */
async function insertVersion(db: Kysely<Database>, s: NewSubmission & { sha256: string }): Promise<StoredSubmission> {
  const current = await db
    .selectFrom('submissions')
    .select(['id', 'version', 'sha256'])
    .where('unit_code', '=', s.unitCode)
    .where('year', '=', s.year)
    .where('is_current', '=', 1)
    .executeTakeFirst();
  if (current && current.sha256 === s.sha256) return { id: current.id, version: Number(current.version), duplicate: true };

  await db
    .insertInto('blobs')
    .values({ sha256: s.sha256, size: s.bytes.length, bytes: s.bytes })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  const last = await db
    .selectFrom('submissions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('unit_code', '=', s.unitCode)
    .where('year', '=', s.year)
    .executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  if (current) await db.updateTable('submissions').set({ is_current: 0 }).where('id', '=', current.id).execute();
  const id = randomUUID();
  await db
    .insertInto('submissions')
    .values({
      id,
      unit_code: s.unitCode,
      year: s.year,
      version,
      sha256: s.sha256,
      file_name: s.fileName,
      catalogue_version: s.catalogueVersion,
      uploaded_by: s.uploadedBy,
      uploaded_at: new Date().toISOString(),
      source: s.source,
      is_current: 1,
      status: s.status ?? 'accepted',
      values_json: JSON.stringify(s.values),
      cells_json: JSON.stringify(s.cells),
      problems_json: JSON.stringify(s.problems),
    })
    .execute();
  return { id, version, duplicate: false };
}

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
  const rows = await db
    .selectFrom('submissions')
    .selectAll()
    .where('year', '=', year)
    .where('is_current', '=', 1)
    .orderBy('unit_code')
    .execute();
  return rows.map(toSubmission);
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
