// Opens the configured database, brings its schema up to date and returns the Store.
import type { Kysely } from 'kysely';
import { connect, type DatabaseTarget } from './connect';
import { migrateToLatest } from './migrations';
import * as submissions from './submissions';
import { storeSubmissions } from './write-submissions';
import type { Store } from './types';
import * as units from './units';

export type * from './types';
export { sqliteFile, type DatabaseTarget } from './connect';

export async function openStore(target: DatabaseTarget): Promise<Store> {
  const conn = connect(target);
  const { db } = conn;
  try {
    await migrateToLatest(db as Kysely<unknown>, conn.dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    dialect: conn.dialect,
    where: conn.where,
    importRegistry: (list) => units.importRegistry(conn, list),
    listUnits: () => units.listUnits(db),
    getUnit: (code) => units.getUnit(db, code),
    unitCount: () => units.unitCount(db),
    openYear: (year) => units.openYear(conn, year),
    getYear: (year) => units.getYear(db, year),
    listYears: () => units.listYears(db),
    setYearStatus: (year, status) => units.setYearStatus(conn, year, status),
    findSubmissionBySha: (unitCode, year, sha) => submissions.findSubmissionBySha(db, unitCode, year, sha),
    storeSubmission: async (s) => (await storeSubmissions(conn, [s]))[0],
    storeSubmissions: (batch) => storeSubmissions(conn, batch),
    currentSubmissions: (year) => submissions.currentSubmissions(db, year),
    currentSubmissionSummaries: (year) => submissions.currentSubmissionSummaries(db, year),
    submissionHistory: (unitCode, year) => submissions.submissionHistory(db, unitCode, year),
    getSubmission: (id) => submissions.getSubmission(db, id),
    getBlob: (sha) => submissions.getBlob(db, sha),
    close: () => db.destroy(),
  };
}
