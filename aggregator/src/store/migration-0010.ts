// Migration 0010: a data version every write to what rollups read bumps in its own transaction
// (database triggers, so no write path can forget it), and the rollup cache shared by all instances.
// Released: never edit, add a later number.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './connect';

/** Tables a rollup reads: a change to any of them makes every cached rollup stale. */
export const VERSIONED_TABLES = ['units', 'reporting_years', 'submissions'];

export async function rollupCache(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('data_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into data_version (id, version) values (1, 0)`.execute(db);

  if (dialect === 'postgres') {
    // Bumped once per transaction, at commit (a deferred constraint trigger): the counter's row lock
    // is the last lock a writer takes and is held only while it commits, so it adds no deadlock.
    await sql`create function bump_data_version() returns trigger language plpgsql as $$
      begin
        if coalesce(current_setting('fazhi.data_version_bumped', true), '') <> '1' then
          perform set_config('fazhi.data_version_bumped', '1', true);
          update data_version set version = version + 1 where id = 1;
        end if;
        return null;
      end $$`.execute(db);
    for (const table of VERSIONED_TABLES) {
      await sql
        .raw(`create constraint trigger ${table}_bump_data_version after insert or update or delete on ${table}
          deferrable initially deferred for each row execute function bump_data_version()`)
        .execute(db);
    }
  } else {
    // SQLite admits one writer at a time already; a row trigger per change is cheap there.
    for (const table of VERSIONED_TABLES) {
      for (const op of ['insert', 'update', 'delete']) {
        await sql.raw(`create trigger ${table}_${op}_bump_data_version after ${op} on ${table} begin update data_version set version = version + 1 where id = 1; end`).execute(db);
      }
    }
  }

  // One body per (year, scope, settings): the newest computed; data_version says which data it shows.
  await db.schema
    .createTable('rollup_cache')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('data_version', 'bigint', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_cache_pk', ['year', 'scope', 'settings'])
    .execute();
  // The row an instance locks while it computes a year's rollup, so others wait for its result.
  await db.schema
    .createTable('rollup_jobs')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_jobs_pk', ['year', 'settings'])
    .execute();
}
