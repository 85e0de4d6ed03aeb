// The write path of submissions. A batch costs a fixed handful of statements whatever its size:
// lock the units, read their current and highest versions, then insert blobs, demote the previous
// current versions and insert the new ones with multi-row statements, all in one transaction.
// A file let through by a reopening uses it up in the same transaction, so two uploads racing for
// one reopening cannot both get in. Each stored file's audit entry is written in that transaction
// too: no submission without its entry, and no entry for a submission that was rolled back.
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { AppError } from '../../../templates/src/core/errors';
import { appError } from '../../../templates/src/core/error-catalogue';
import type { NewAuditEntry } from './account-types';
import { insertAuditEntries } from './audit';
import type { Connection } from './connect';
import { useReopening } from './review';
import type { Database, SubmissionsTable } from './schema';
import { CHUNK, lockUnits, writeTransaction } from './transaction';
import type { NewSubmission, StoredSubmission } from './types';
import { sha256Of } from './blob-key';
import { yearUnknown } from './units';

/** Rows per blob insert: blobs are whole files, so fewer per statement than CHUNK. */
const BLOB_CHUNK = 50;

const keyOf = (unitCode: string, year: number) => `${unitCode}\u0000${year}`;

interface UnitYearState {
  /** The version that is current when this item is reached (stored or earlier in the batch). */
  current?: { id: string; version: number; sha256: string };
  maxVersion: number;
}

export async function storeSubmissions(conn: Connection, batch: readonly NewSubmission[]): Promise<StoredSubmission[]> {
  if (batch.length === 0) return [];
  // Hashing is the only CPU-heavy step and needs no lock, so it happens before the transaction.
  const items = batch.map((s) => {
    const actual = sha256Of(s.bytes);
    if (s.sha256 !== undefined && s.sha256.toLowerCase() !== actual) {
      throw appError('SHA256_MISMATCH', { fileName: s.fileName }, { file: s.fileName });
    }
    return { ...s, sha256: actual };
  });
  const unitCodes = [...new Set(items.map((s) => s.unitCode))];
  const years = [...new Set(items.map((s) => s.year))];

  return writeTransaction(conn, async (db) => {
    const known = await lockUnits(conn, db, unitCodes);
    const unknown = items.find((s) => !known.has(s.unitCode));
    if (unknown) {
      throw appError('UNIT_UNKNOWN', { unitCode: unknown.unitCode, namedIn: 'body' }, { file: unknown.fileName });
    }
    const openYears = new Set((await db.selectFrom('reporting_years').select('year').where('year', 'in', years).execute()).map((r) => Number(r.year)));
    const missingYear = years.find((y) => !openYears.has(y));
    if (missingYear !== undefined) throw yearUnknown(missingYear, 400);

    const state = new Map<string, UnitYearState>();
    for (let i = 0; i < unitCodes.length; i += CHUNK) {
      const codes = unitCodes.slice(i, i + CHUNK);
      const maxima = await db
        .selectFrom('submissions')
        .select(['unit_code', 'year', (eb) => eb.fn.max('version').as('max_version')])
        .where('unit_code', 'in', codes)
        .where('year', 'in', years)
        .groupBy(['unit_code', 'year'])
        .execute();
      for (const row of maxima) state.set(keyOf(row.unit_code, Number(row.year)), { maxVersion: Number(row.max_version) });
      const currents = await db
        .selectFrom('submissions')
        .select(['id', 'unit_code', 'year', 'version', 'sha256'])
        .where('unit_code', 'in', codes)
        .where('year', 'in', years)
        .where('is_current', '=', 1)
        .execute();
      for (const row of currents) {
        state.get(keyOf(row.unit_code, Number(row.year)))!.current = { id: row.id, version: Number(row.version), sha256: row.sha256 };
      }
    }

    const uploadedAt = new Date().toISOString();
    const results: StoredSubmission[] = [];
    const demote: string[] = [];
    const inserts = new Map<string, Insertable<SubmissionsTable>>();
    const blobs = new Map<string, Buffer>();
    const reopened = new Set<string>();
    const audits: NewAuditEntry[] = [];
    for (const s of items) {
      const key = keyOf(s.unitCode, s.year);
      const st = state.get(key) ?? { maxVersion: 0 };
      state.set(key, st);
      if (st.current?.sha256 === s.sha256) {
        results.push({ id: st.current.id, version: st.current.version, duplicate: true });
        continue;
      }
      if (s.reopening) {
        // One reopening, one new version: a second file of this batch, or a file whose upload was
        // judged before another upload used the reopening, is refused and nothing of it is stored.
        if (reopened.has(key) || !(await useReopening(db, s.unitCode, s.year, uploadedAt))) throw await reopeningGone(db, s, st.current?.version);
        reopened.add(key);
      }
      if (st.current) {
        const pending = inserts.get(st.current.id);
        if (pending) pending.is_current = 0;
        else demote.push(st.current.id);
      }
      const id = randomUUID();
      const version = st.maxVersion + 1;
      st.maxVersion = version;
      st.current = { id, version, sha256: s.sha256 };
      blobs.set(s.sha256, s.bytes);
      inserts.set(id, {
        id,
        unit_code: s.unitCode,
        year: s.year,
        version,
        sha256: s.sha256,
        file_name: s.fileName,
        catalogue_version: s.catalogueVersion,
        uploaded_by: s.uploadedBy,
        uploaded_at: uploadedAt,
        source: s.source,
        is_current: 1,
        status: s.status ?? 'accepted',
        values_json: JSON.stringify(s.values),
        derived_json: JSON.stringify(s.derived),
        cells_json: JSON.stringify(s.cells),
        problems_json: JSON.stringify(s.problems),
      });
      results.push({ id, version, duplicate: false });
      if (s.audit) audits.push(s.audit({ id, version }));
    }

    const blobRows = [...blobs].map(([sha256, bytes]) => ({ sha256, size: bytes.length, bytes }));
    for (let i = 0; i < blobRows.length; i += BLOB_CHUNK) {
      await db
        .insertInto('blobs')
        .values(blobRows.slice(i, i + BLOB_CHUNK))
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    }
    // Demote before inserting: the partial unique index admits one current row at every moment.
    for (let i = 0; i < demote.length; i += CHUNK) {
      await db.updateTable('submissions').set({ is_current: 0 }).where('id', 'in', demote.slice(i, i + CHUNK)).execute();
    }
    const rows = [...inserts.values()];
    for (let i = 0; i < rows.length; i += CHUNK) {
      await db.insertInto('submissions').values(rows.slice(i, i + CHUNK)).execute();
    }
    await insertAuditEntries(db, audits, uploadedAt);
    return results;
  });
}

async function reopeningGone(db: Kysely<Database>, s: NewSubmission, currentVersion: number | undefined): Promise<AppError> {
  const unit = await db.selectFrom('units').select('name').where('code', '=', s.unitCode).executeTakeFirst();
  return appError('SUBMISSION_LOCKED', { unitName: unit?.name ?? s.unitCode, year: s.year, currentVersion }, { file: s.fileName });
}
