// Write transactions that serialise writers on both databases.
// SQLite: Kysely's own `begin` is deferred, so two processes (server and CLI) that both read before
// writing could deadlock on the lock upgrade; BEGIN IMMEDIATE takes the write lock up front and the
// other side waits (busy_timeout). PostgreSQL: an ordinary transaction; callers lock the rows they
// serialise on (see lockUnits). A write waiting on a row lock must fail (and answer 503) rather than
// hang the request for ever: lock_timeout, SET LOCAL so it ends with the transaction and never
// stays on a connection a pooler (PgBouncer, transaction mode) hands to someone else.
// A write transaction already under way is joined, not nested: a service that writes and its audit
// entry, each calling writeTransaction, commit together in the transaction of the endpoint.
import { sql, type Kysely } from 'kysely';
import { LOCK_TIMEOUT_MS, type Connection } from './connect';
import type { Database } from './schema';

/** Handles (Kysely instances) that run inside a write transaction of writeTransaction. */
const inTransaction = new WeakSet<Kysely<Database>>();

/** True when `db` is the handle of a write transaction (reads on it need no snapshot of their own). */
export const isWriteTransaction = (db: Kysely<Database>): boolean => inTransaction.has(db);

export async function writeTransaction<T>(conn: Connection, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  if (inTransaction.has(conn.db)) return work(conn.db);
  const run = (db: Kysely<Database>) => {
    inTransaction.add(db);
    return work(db);
  };
  if (conn.dialect === 'postgres') {
    return conn.db.transaction().execute(async (tx) => {
      await sql.raw(`set local lock_timeout = '${LOCK_TIMEOUT_MS}ms'`).execute(tx);
      return run(tx);
    });
  }
  // connection() holds Kysely's single SQLite connection for the whole callback.
  return conn.db.connection().execute(async (db) => {
    await sql`begin immediate`.execute(db);
    try {
      const result = await run(db);
      await sql`commit`.execute(db);
      return result;
    } catch (error) {
      // On SQLITE_FULL or an I/O error SQLite may already have rolled back by itself; ROLLBACK then
      // fails with "no transaction is active", which must not hide the error that tells the user why.
      await sql`rollback`.execute(db).catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Locks the units' rows until the transaction ends, so concurrent uploads of one unit take version
 * numbers one after another. Sorted to avoid deadlocks between batches. SQLite needs nothing:
 * BEGIN IMMEDIATE already admits one writer at a time.
 */
export async function lockUnits(conn: Connection, db: Kysely<Database>, codes: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(codes)].sort();
  const found = new Set<string>();
  for (let i = 0; i < unique.length; i += CHUNK) {
    let query = db.selectFrom('units').select('code').where('code', 'in', unique.slice(i, i + CHUNK)).orderBy('code');
    if (conn.dialect === 'postgres') query = query.forUpdate();
    for (const row of await query.execute()) found.add(row.code);
  }
  return found;
}

/** Rows per multi-row statement: well under both databases' bound-parameter limits. */
export const CHUNK = 500;
