// A read-only consistency check of the store, for `npm run verify-store` and the crash tests: after
// a crash or a restore, every submission must have its original bytes, every blob must be the bytes
// its hash names and belong to some submission, each unit and year must have exactly one current
// version over gap-free version numbers, and each submission's stored derived values must be what its
// stored inputs give.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './connect';
import type { Database } from './schema';
import { sha256Of } from './blob-key';
import { recomputeDerived, sameDerived } from './derived';

export interface StoreVerification {
  ok: boolean;
  counts: { submissions: number; blobs: number; unitYears: number };
  /** Blobs no submission refers to (left by a write that did not finish). */
  orphanBlobs: string[];
  /** Submissions whose blob is missing. */
  missingBlobs: { id: string; sha256: string }[];
  /** Blobs whose bytes do not hash to their key, or whose size column is wrong. */
  corruptBlobs: string[];
  /** "unit/year" with versions but none current. */
  noCurrent: string[];
  /** "unit/year" with more than one current version. */
  severalCurrent: string[];
  /** "unit/year" whose versions are not exactly 1..n. */
  versionGaps: string[];
  /** Submissions whose stored derived values differ from those recomputed from their stored inputs (or cannot be recomputed). */
  derivedMismatches: string[];
  /** False on a store not yet migrated to 0003 (no derived values stored yet): the server's next start adds them. */
  derivedChecked: boolean;
  /** SQLite `PRAGMA integrity_check` ('ok' when sound); PostgreSQL: 'not applicable'. */
  integrity: string;
}

const BLOB_PAGE = 100;
const SUBMISSION_PAGE = 500;
const LIST_AT_MOST = 50;

export async function verifyStore(db: Kysely<Database>, dialect: DialectName): Promise<StoreVerification> {
  const integrity = dialect === 'sqlite' ? await sqliteIntegrity(db) : 'not applicable';

  // Read-only on a store of any age: one not yet migrated to 0006 has no baselines table to look in.
  const hasBaselines = await hasMigration(db, '0006_baselines');
  let orphanQuery = db
    .selectFrom('blobs')
    .select('sha256')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('submissions').select('id').whereRef('submissions.sha256', '=', 'blobs.sha256'))));
  // Last year's reports behind confirmed baselines are originals too (0006).
  if (hasBaselines) {
    orphanQuery = orphanQuery.where(({ not, exists, selectFrom }) => not(exists(selectFrom('baselines').select('id').whereRef('baselines.sha256', '=', 'blobs.sha256'))));
  }
  const orphanBlobs = (await orphanQuery.limit(LIST_AT_MOST).execute()).map((r) => r.sha256);
  const missingBlobs = await db
    .selectFrom('submissions')
    .select(['id', 'sha256'])
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('blobs').select('sha256').whereRef('blobs.sha256', '=', 'submissions.sha256'))))
    .limit(LIST_AT_MOST)
    .execute();

  const groups = await db
    .selectFrom('submissions')
    .select((eb) => [
      'unit_code',
      'year',
      eb.fn.countAll<number>().as('n'),
      eb.fn.max('version').as('max_version'),
      eb.fn.min('version').as('min_version'),
      eb.fn.sum<number>('is_current').as('current'),
      eb.fn.count<number>('version').distinct().as('distinct_versions'),
    ])
    .groupBy(['unit_code', 'year'])
    .execute();
  const noCurrent: string[] = [];
  const severalCurrent: string[] = [];
  const versionGaps: string[] = [];
  for (const g of groups) {
    const key = `${g.unit_code}/${g.year}`;
    const current = Number(g.current);
    if (current === 0) noCurrent.push(key);
    if (current > 1) severalCurrent.push(key);
    const n = Number(g.n);
    if (Number(g.min_version) !== 1 || Number(g.max_version) !== n || Number(g.distinct_versions) !== n) versionGaps.push(key);
  }

  const corruptBlobs: string[] = [];
  let blobCount = 0;
  for (let after = ''; ; ) {
    const page = await db.selectFrom('blobs').select(['sha256', 'size', 'bytes']).where('sha256', '>', after).orderBy('sha256').limit(BLOB_PAGE).execute();
    for (const blob of page) {
      const bytes = Buffer.from(blob.bytes);
      if (sha256Of(bytes) !== blob.sha256 || Number(blob.size) !== bytes.length) corruptBlobs.push(blob.sha256);
    }
    blobCount += page.length;
    if (page.length < BLOB_PAGE) break;
    after = page[page.length - 1].sha256;
  }
  // Read-only: a store from before 0003 is not migrated here, its derived values are just not checked.
  const derivedChecked = await hasMigration(db, '0003_derived_values');
  const derivedMismatches = derivedChecked ? await derivedMismatchesOf(db) : [];
  const submissions = Number((await db.selectFrom('submissions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  const report: StoreVerification = {
    ok: false,
    counts: { submissions, blobs: blobCount, unitYears: groups.length },
    orphanBlobs,
    missingBlobs,
    corruptBlobs: corruptBlobs.slice(0, LIST_AT_MOST),
    noCurrent: noCurrent.slice(0, LIST_AT_MOST),
    severalCurrent: severalCurrent.slice(0, LIST_AT_MOST),
    versionGaps: versionGaps.slice(0, LIST_AT_MOST),
    derivedMismatches: derivedMismatches.slice(0, LIST_AT_MOST),
    derivedChecked,
    integrity,
  };
  report.ok =
    (integrity === 'ok' || integrity === 'not applicable') &&
    [orphanBlobs, missingBlobs, corruptBlobs, noCurrent, severalCurrent, versionGaps, derivedMismatches].every((list) => list.length === 0);
  return report;
}

/** Every submission's derived values against its inputs, a page at a time (ids of those that differ). */
async function derivedMismatchesOf(db: Kysely<Database>): Promise<string[]> {
  const mismatches: string[] = [];
  for (let after = ''; ; ) {
    const page = await db
      .selectFrom('submissions')
      .innerJoin('units', 'units.code', 'submissions.unit_code')
      .select(['submissions.id', 'submissions.catalogue_version', 'units.unit_type', 'submissions.values_json', 'submissions.derived_json'])
      .where('submissions.id', '>', after)
      .orderBy('submissions.id')
      .limit(SUBMISSION_PAGE)
      .execute();
    for (const row of page) {
      const recomputed = recomputeDerived(row.catalogue_version, row.unit_type, JSON.parse(row.values_json));
      if (!recomputed || !sameDerived(JSON.parse(row.derived_json), recomputed)) mismatches.push(row.id);
    }
    if (page.length < SUBMISSION_PAGE) return mismatches;
    after = page[page.length - 1].id;
  }
}

async function hasMigration(db: Kysely<Database>, name: string): Promise<boolean> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration where name = ${name}`.execute(db);
  return rows.length > 0;
}

async function sqliteIntegrity(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
  return rows.map((r) => r.integrity_check).join('; ');
}
