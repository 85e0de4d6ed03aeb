// Opens the database the config names: PostgreSQL when DATABASE_URL is set, else the SQLite file
// in DATA_DIR. Everything above this file is dialect-neutral Kysely.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Pool } from 'pg';
import type { Database } from './schema';

/** Same patience as SQLite's busy_timeout; set per write transaction (see transaction.ts). */
export const LOCK_TIMEOUT_MS = 10_000;

/** PostgreSQL connections per process unless DATABASE_POOL_SIZE says otherwise. */
export const DEFAULT_POOL_SIZE = 10;

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseTarget {
  dataDir: string;
  databaseUrl?: string;
  /** SQLite only: the file may not grow beyond this many pages (tests simulate a full disk with it). */
  sqliteMaxPages?: number;
  /** PostgreSQL only: most connections this process opens (instances × this must stay below max_connections). */
  databasePoolSize?: number;
}

export interface Connection {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Human-readable location for logs: the SQLite path or the PostgreSQL host/database. */
  where: string;
}

export const sqliteFile = (dataDir: string): string => path.join(dataDir, 'aggregator.db');

export function connect(target: DatabaseTarget): Connection {
  if (target.databaseUrl) {
    // No session state is set on connect (a SET there would outlive our use of the connection
    // behind PgBouncer's transaction pooling and reach other clients): settings are SET LOCAL.
    const pool = new Pool({ connectionString: target.databaseUrl, max: target.databasePoolSize ?? DEFAULT_POOL_SIZE });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    const url = new URL(target.databaseUrl);
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      dialect: 'postgres',
      where: `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`,
    };
  }
  mkdirSync(target.dataDir, { recursive: true });
  const file = sqliteFile(target.dataDir);
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers work while one writer commits; FULL sync makes an acknowledged upload durable
  // across power loss; busy_timeout makes the CLI and the server wait for each other, not fail.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  if (target.sqliteMaxPages) sqlite.pragma(`max_page_count = ${Math.trunc(target.sqliteMaxPages)}`);
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }),
    dialect: 'sqlite',
    where: `SQLite ${path.resolve(file)}`,
  };
}
