// Starts the real aggregator (store, migrations, seeding, HTTP) on a free port for one test database.
import pino from 'pino';
import type { Config } from '../../aggregator/src/config';
import { startServer, type RunningServer } from '../../aggregator/src/main';
import type { DatabaseTarget } from '../../aggregator/src/store';
import type { TestDatabase } from './databases';

export interface TestServer extends RunningServer {
  target: DatabaseTarget;
  config: Config;
}

/** A server on a fresh database of the suite's kind (seeded like a first start). Close it in afterAll. */
export async function startTestServer(db: TestDatabase, overrides: Partial<Config> = {}): Promise<TestServer> {
  const target = await db.fresh();
  const config = db.config(target, overrides);
  const running = await startServer(config, { logger: pino({ level: 'silent' }) });
  return { ...running, target, config };
}

/** fetch + JSON body, failing loudly when the answer is not JSON. */
// Tests probe arbitrary response bodies; typing each one would only restate the assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function fetchJson(url: string, init?: RequestInit): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${init?.method ?? 'GET'} ${url} answered ${response.status} with non-JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, body, headers: response.headers };
}
