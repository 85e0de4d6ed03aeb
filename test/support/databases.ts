// Runs one integration suite against every database the aggregator supports, the way Kysely's own
// tests do. Each suite gets its own SQLite directory or its own PostgreSQL schema, so parallel jest
// workers never see each other's rows. TEST_DATABASES=sqlite limits the loop (e.g. without a server).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig, type Config } from '../../aggregator/src/config';
import { openStore, type DatabaseTarget, type Store } from '../../aggregator/src/store';

export type DatabaseKind = 'sqlite' | 'postgres';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const KINDS: DatabaseKind[] = (process.env.TEST_DATABASES ?? 'sqlite,postgres')
  .split(',')
  .map((k) => k.trim())
  .filter((k): k is DatabaseKind => k === 'sqlite' || k === 'postgres');

export interface TestDatabase {
  readonly kind: DatabaseKind;
  /** A new empty database (own directory or schema), removed after the suite. */
  fresh(): Promise<DatabaseTarget>;
  /** Opens a store (migrating it); closed after the suite. Default target: a fresh database. */
  openStore(target?: DatabaseTarget): Promise<Store>;
  /** Server config for a target: port 0, silent logs. */
  config(target: DatabaseTarget, overrides?: Partial<Config>): Config;
}

/** Registers `body` once per database inside `describe('<kind>')`. */
export function forEachDatabase(body: (db: TestDatabase) => void): void {
  describe.each(KINDS)('%s', (kind) => {
    const db = new SuiteDatabase(kind);
    afterAll(() => db.cleanUp());
    body(db);
  });
}

class SuiteDatabase implements TestDatabase {
  private readonly dirs: string[] = [];
  private readonly schemas: string[] = [];
  private readonly stores: Store[] = [];

  constructor(readonly kind: DatabaseKind) {}

  async fresh(): Promise<DatabaseTarget> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-test-'));
    this.dirs.push(dataDir);
    if (this.kind === 'sqlite') return { dataDir };
    const schema = `test_${randomBytes(6).toString('hex')}`;
    await withAdmin((client) => client.query(`create schema "${schema}"`));
    this.schemas.push(schema);
    const url = new URL(POSTGRES_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return { dataDir, databaseUrl: url.toString() };
  }

  async openStore(target?: DatabaseTarget): Promise<Store> {
    const store = await openStore(target ?? (await this.fresh()));
    this.stores.push(store);
    return store;
  }

  config(target: DatabaseTarget, overrides: Partial<Config> = {}): Config {
    return { ...loadConfig({}), port: 0, logLevel: 'silent', ...target, ...overrides };
  }

  async cleanUp(): Promise<void> {
    await Promise.allSettled(this.stores.map((s) => s.close()));
    if (this.schemas.length > 0) {
      await withAdmin(async (client) => {
        for (const schema of this.schemas) await client.query(`drop schema if exists "${schema}" cascade`);
      });
    }
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
