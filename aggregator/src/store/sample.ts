// The demo data of a first start (rows marked by migration 0008) and its removal in one step.
// Sample accounts are not marked: an account belongs to the sample when it cannot outlive it, that
// is when its unit is a sample unit, or its district has no unit but sample units.
import type { Kysely } from 'kysely';
import type { NewAuditEntry } from './account-types';
import { insertAuditEntries } from './audit';
import type { Connection } from './connect';
import type { Database } from './schema';
import { CHUNK, writeTransaction } from './transaction';

export interface SampleCounts {
  units: number;
  years: number[];
  accounts: number;
  submissions: number;
}

export interface SampleRemoval {
  units: number;
  /** Sample years dropped. */
  years: number[];
  /** Sample years kept because the deployment's own units submitted or were reopened in them; no longer marked. */
  keptYears: number[];
  accounts: number;
  submissions: number;
  /** Originals no remaining submission refers to. */
  blobs: number;
}

const sampleUnitCodes = (db: Kysely<Database>) => db.selectFrom('units').select('code').where('sample', '=', 1);

function sampleAccountIds(db: Kysely<Database>) {
  const sampleDistricts = db.selectFrom('units').select('district_code').where('sample', '=', 1).where('district_code', 'is not', null);
  const ownDistricts = db.selectFrom('units').select('district_code').where('sample', '=', 0).where('district_code', 'is not', null);
  return db
    .selectFrom('users')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('unit_code', 'in', sampleUnitCodes(db)),
        eb.and([eb('unit_code', 'is', null), eb('district_code', 'in', sampleDistricts), eb('district_code', 'not in', ownDistricts)]),
      ]),
    );
}

export async function sampleCounts(db: Kysely<Database>): Promise<SampleCounts> {
  const units = await db.selectFrom('units').select((eb) => eb.fn.countAll().as('n')).where('sample', '=', 1).executeTakeFirstOrThrow();
  const years = await db.selectFrom('reporting_years').select('year').where('sample', '=', 1).orderBy('year').execute();
  const accounts = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('id', 'in', sampleAccountIds(db))
    .executeTakeFirstOrThrow();
  const submissions = await db
    .selectFrom('submissions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('unit_code', 'in', sampleUnitCodes(db))
    .executeTakeFirstOrThrow();
  return { units: Number(units.n), years: years.map((y) => Number(y.year)), accounts: Number(accounts.n), submissions: Number(submissions.n) };
}

/** What a removal would drop and keep, read without changing anything. */
async function plan(db: Kysely<Database>) {
  const accountIds = (await sampleAccountIds(db).execute()).map((r) => r.id);
  const count = async (query: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) => Number((await query.executeTakeFirstOrThrow()).n);
  const units = await count(db.selectFrom('units').select((eb) => eb.fn.countAll().as('n')).where('sample', '=', 1));
  const submissions = await count(db.selectFrom('submissions').select((eb) => eb.fn.countAll().as('n')).where('unit_code', 'in', sampleUnitCodes(db)));
  // Originals only sample submissions refer to; the same bytes uploaded by one of the deployment's own units stay.
  const shas = (
    await db
      .selectFrom('submissions as s')
      .select('s.sha256')
      .distinct()
      .where('s.unit_code', 'in', sampleUnitCodes(db))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('submissions as o').select('o.id').whereRef('o.sha256', '=', 's.sha256').where('o.unit_code', 'not in', sampleUnitCodes(db)))),
      )
      .execute()
  ).map((r) => r.sha256);
  const years: number[] = [];
  const keptYears: number[] = [];
  for (const { year } of await db.selectFrom('reporting_years').select('year').where('sample', '=', 1).orderBy('year').execute()) {
    const own = (table: 'submissions' | 'reopenings') =>
      db.selectFrom(table).select('unit_code').where('year', '=', year).where('unit_code', 'not in', sampleUnitCodes(db)).limit(1).executeTakeFirst();
    ((await own('submissions')) ?? (await own('reopenings')) ? keptYears : years).push(Number(year));
  }
  return { accountIds, shas, removal: { units, years, keptYears, accounts: accountIds.length, submissions, blobs: shas.length } satisfies SampleRemoval };
}

/**
 * Drops every sample unit, its submissions, originals, reopenings and accounts (with their sessions
 * and tokens), and every sample year nothing of the deployment's own lives in, together with the
 * audit entry `audit(removal)` describes: all in one transaction (the caller's, when it runs in
 * one), or nothing. `dryRun`: only reads, and answers what a removal would do.
 */
export async function removeSample(
  conn: Connection,
  audit: (removal: SampleRemoval) => NewAuditEntry,
  options: { dryRun?: boolean } = {},
): Promise<SampleRemoval> {
  if (options.dryRun) return (await plan(conn.db)).removal;
  return writeTransaction(conn, async (db) => {
    const { accountIds, shas, removal } = await plan(db);
    for (let i = 0; i < accountIds.length; i += CHUNK) {
      const ids = accountIds.slice(i, i + CHUNK);
      await db.deleteFrom('sessions').where('user_id', 'in', ids).execute();
      await db.deleteFrom('api_tokens').where('user_id', 'in', ids).execute();
      await db.deleteFrom('login_devices').where('user_id', 'in', ids).execute();
      await db.deleteFrom('users').where('id', 'in', ids).execute();
    }
    await db.deleteFrom('submissions').where('unit_code', 'in', sampleUnitCodes(db)).execute();
    await db.deleteFrom('reopenings').where('unit_code', 'in', sampleUnitCodes(db)).execute();
    for (let i = 0; i < shas.length; i += CHUNK) await db.deleteFrom('blobs').where('sha256', 'in', shas.slice(i, i + CHUNK)).execute();
    await db.deleteFrom('units').where('sample', '=', 1).execute();
    for (const year of removal.keptYears) await db.updateTable('reporting_years').set({ sample: 0 }).where('year', '=', year).execute();
    for (const year of removal.years) await db.deleteFrom('reporting_years').where('year', '=', year).execute();
    await insertAuditEntries(db, [audit(removal)]);
    return removal;
  });
}
