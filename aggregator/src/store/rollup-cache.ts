// The rollup cache of 0010: the data version, cached bodies by (year, scope, settings), and the
// job row an instance holds while it computes a year so that other instances wait for its result.
import { sql, type Kysely } from 'kysely';
import type { Connection } from './connect';
import type { Database } from './schema';
import { CHUNK } from './transaction';

export interface CachedBody {
  scope: string;
  dataVersion: number;
  computedAt: string;
  body: string;
}

export interface RollupCacheStore {
  /** The data version now: bumped by every committed write to units, years or submissions. */
  version(): Promise<number>;
  /** The newest body of the scope, whatever its version (the caller compares). */
  get(year: number, scope: string, settings: string): Promise<CachedBody | undefined>;
  /** Replaces the bodies of these scopes. */
  put(year: number, settings: string, bodies: readonly CachedBody[]): Promise<void>;
  /**
   * Runs `work` while holding the year's job row (PostgreSQL: a row lock, so instances compute one
   * at a time and the second finds the first one's result); SQLite has one instance, no lock needed.
   */
  exclusive<T>(year: number, settings: string, work: () => Promise<T>): Promise<T>;
}

/** Longest wait for another instance's computation before computing anyway. */
const JOB_WAIT = '120s';

export function rollupCacheStore(conn: Connection): RollupCacheStore {
  const db: Kysely<Database> = conn.db;
  return {
    async version() {
      const row = await db.selectFrom('data_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
      return Number(row.version);
    },
    async get(year, scope, settings) {
      const row = await db.selectFrom('rollup_cache').selectAll().where('year', '=', year).where('scope', '=', scope).where('settings', '=', settings).executeTakeFirst();
      return row && { scope: row.scope, dataVersion: Number(row.data_version), computedAt: row.computed_at, body: row.body };
    },
    async put(year, settings, bodies) {
      const rows = bodies.map((b) => ({ year, scope: b.scope, settings, data_version: b.dataVersion, computed_at: b.computedAt, body: b.body }));
      // Not a versioned table: writing the cache bumps no data version.
      for (let i = 0; i < rows.length; i += CHUNK) {
        await db
          .insertInto('rollup_cache')
          .values(rows.slice(i, i + CHUNK))
          .onConflict((oc) =>
            oc.columns(['year', 'scope', 'settings']).doUpdateSet((eb) => ({
              data_version: eb.ref('excluded.data_version'),
              computed_at: eb.ref('excluded.computed_at'),
              body: eb.ref('excluded.body'),
            })),
          )
          .execute();
      }
    },
    async exclusive(year, settings, work) {
      if (conn.dialect !== 'postgres') return work();
      return db.transaction().execute(async (tx) => {
        await sql.raw(`set local lock_timeout = '${JOB_WAIT}'`).execute(tx);
        await tx
          .insertInto('rollup_jobs')
          .values({ year, settings, started_at: new Date().toISOString() })
          .onConflict((oc) => oc.columns(['year', 'settings']).doNothing())
          .execute();
        try {
          await tx.selectFrom('rollup_jobs').select('year').where('year', '=', year).where('settings', '=', settings).forUpdate().execute();
        } catch (error) {
          // Waited too long for another instance (stuck, or a very large year): compute here as well.
          if ((error as { code?: string }).code !== '55P03') throw error;
          return work();
        }
        return work();
      });
    },
  };
}
