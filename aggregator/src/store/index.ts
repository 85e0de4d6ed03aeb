// Opens the configured database, brings its schema up to date and returns the Store.
import { sql, type Kysely } from 'kysely';
import { connect, sqliteFile, type Connection, type DatabaseTarget } from './connect';
import { accountStore } from './accounts';
import { auditStore } from './audit';
import { baselineStore } from './baselines';
import { migrateToLatest } from './migrations';
import { reviewStore } from './review';
import { signoffStore } from './signoffs';
import { removeSample, sampleCounts } from './sample';
import { rollupCacheStore } from './rollup-cache';
import { eachCurrentSubmissionValues } from './current-pages';
import * as submissions from './submissions';
import { writeTransaction } from './transaction';
import { storeSubmissions } from './write-submissions';
import type { Store } from './types';
import * as units from './units';
import { verifyStore } from './verify';

export type * from './types';
export type { DistrictSignoff, SignoffState, UnitExcuse } from './signoffs';
export type { SampleCounts, SampleRemoval } from './sample';
export type { CachedBody, RollupCacheStore } from './rollup-cache';
export { sqliteFile, type DatabaseTarget } from './connect';
export { ROLES } from './account-types';
export { sha256Of } from './blob-key';

/** Where the target points, without credentials, for messages. */
const describeTarget = (target: DatabaseTarget) =>
  target.databaseUrl ? `PostgreSQL ${new URL(target.databaseUrl).host}` : `SQLite ${sqliteFile(target.dataDir)}`;

export async function openStore(target: DatabaseTarget): Promise<Store> {
  let conn: Connection | undefined;
  try {
    conn = connect(target);
    // Fail here with a clear message rather than inside the first migration.
    await sql`select 1`.execute(conn.db);
  } catch (error) {
    await conn?.db.destroy().catch(() => undefined);
    throw new Error(`无法打开数据库（${describeTarget(target)}）：${(error as Error).message}。请检查 DATA_DIR 或 DATABASE_URL 设置，以及数据库是否已启动。`, {
      cause: error,
    });
  }
  const { db } = conn;
  try {
    await migrateToLatest(db as Kysely<unknown>, conn.dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return storeOn(conn, () => db.destroy());
}

/**
 * The store on a connection, or on the handle of a write transaction (see Store.transaction):
 * every method then runs in that transaction, and the writes that open their own join it.
 */
function storeOn(conn: Connection, close: () => Promise<void>): Store {
  const { db } = conn;
  return {
    dialect: conn.dialect,
    where: conn.where,
    transaction: (work) =>
      writeTransaction(conn, (tx) =>
        work(storeOn({ ...conn, db: tx }, () => Promise.reject(new Error('close the store, not a transaction handle')))),
      ),
    importRegistry: (list, options) => units.importRegistry(conn, list, options),
    listUnits: () => units.listUnits(db),
    getUnit: (code) => units.getUnit(db, code),
    unitCount: () => units.unitCount(db),
    openYear: (year, options) => units.openYear(conn, year, options),
    getYear: (year) => units.getYear(db, year),
    listYears: () => units.listYears(db),
    setYearStatus: (year, status) => units.setYearStatus(conn, year, status),
    findSubmissionBySha: (unitCode, year, sha) => submissions.findSubmissionBySha(db, unitCode, year, sha),
    storeSubmission: async (s) => (await storeSubmissions(conn, [s]))[0],
    storeSubmissions: (batch) => storeSubmissions(conn, batch),
    currentSubmissions: (year) => submissions.currentSubmissions(db, year),
    eachCurrentSubmissionValues: (year, onBatch, options) => eachCurrentSubmissionValues(db, year, onBatch, options),
    currentSubmissionSummaries: (year) => submissions.currentSubmissionSummaries(db, year),
    submissionHistory: (unitCode, year) => submissions.submissionHistory(db, unitCode, year),
    getSubmission: (id) => submissions.getSubmission(db, id),
    getBlob: (sha) => submissions.getBlob(db, sha),
    verify: () => verifyStore(db, conn.dialect),
    sampleCounts: () => sampleCounts(db),
    removeSample: (audit, options) => removeSample(conn, audit, options),
    accounts: accountStore(conn),
    audit: auditStore(conn),
    review: reviewStore(db),
    baselines: baselineStore(conn),
    signoffs: signoffStore(db),
    rollupCache: rollupCacheStore(conn),
    close,
  };
}
