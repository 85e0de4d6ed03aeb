// Issue 14 item 7: under PgBouncer's transaction pooling a session-level SET leaks to whoever gets the
// connection next, so lock_timeout is SET LOCAL inside each write transaction; the pool size is
// DATABASE_POOL_SIZE. PostgreSQL only (SQLite has one connection and busy_timeout).
import { sql, type Kysely } from 'kysely';
import { ConfigError, loadConfig } from '../../aggregator/src/config';
import { connect, type Connection } from '../../aggregator/src/store/connect';
import { migrateToLatest } from '../../aggregator/src/store/migrations';
import { writeTransaction } from '../../aggregator/src/store/transaction';
import { forEachDatabase } from '../support/databases';

const lockTimeout = async (db: Kysely<unknown>) => (await sql<{ lock_timeout: string }>`show lock_timeout`.execute(db)).rows[0].lock_timeout;

forEachDatabase((db) => {
  const run = db.kind === 'postgres' ? it : it.skip;
  const opened: Connection[] = [];
  afterAll(() => Promise.all(opened.map((c) => c.db.destroy())));
  const open = async (poolSize: number) => {
    const conn = connect({ ...(await db.fresh()), databasePoolSize: poolSize });
    opened.push(conn);
    await migrateToLatest(conn.db as Kysely<unknown>, conn.dialect);
    return conn;
  };

  run('sets lock_timeout only inside write transactions; the connection keeps no trace of it', async () => {
    // One connection, so the statement after the transaction runs on the very connection it used.
    const conn = await open(1);
    const server = await lockTimeout(conn.db as Kysely<unknown>);
    expect(await writeTransaction(conn, (tx) => lockTimeout(tx as Kysely<unknown>))).toBe('10s');
    expect(await lockTimeout(conn.db as Kysely<unknown>)).toBe(server);
    expect(server).not.toBe('10s');
  });

  run('opens at most DATABASE_POOL_SIZE connections however many queries wait', async () => {
    const backends = async (conn: Connection) => {
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.3)`.execute(conn.db)),
      );
      return new Set(answers.map((a) => a.rows[0].pid)).size;
    };
    expect(await backends(await open(2))).toBe(2);
    expect(await backends(await open(10))).toBe(6);
  });

  it('reads DATABASE_POOL_SIZE (default 10) and refuses a bad one by name', () => {
    expect(loadConfig({}).databasePoolSize).toBe(10);
    expect(loadConfig({ DATABASE_POOL_SIZE: '4' }).databasePoolSize).toBe(4);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '1' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: 'many' })).toThrow(/DATABASE_POOL_SIZE="many"：应为2～1000之间的整数/);
  });
});
