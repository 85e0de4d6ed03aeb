// Starts the real aggregator (store, migrations, seeding, HTTP) on a free port for one test database.
import pino from 'pino';
import type { Config } from '../../aggregator/src/config';
import { startServer, type RunningServer } from '../../aggregator/src/main';
import type { DatabaseTarget } from '../../aggregator/src/store';
import type { TestDatabase } from './databases';

export interface TestServer extends RunningServer {
  target: DatabaseTarget;
  config: Config;
  /** The first administrator, signed in with an API token. */
  admin: Caller;
  /** `init` with the administrator's Authorization header added. */
  authed(init?: RequestInit): RequestInit;
}

/** A server on a fresh database of the suite's kind (seeded like a first start). Close it in afterAll. */
export async function startTestServer(db: TestDatabase, overrides: Partial<Config> = {}): Promise<TestServer> {
  const target = await db.fresh();
  // A known first administrator, so tests can sign in (see asAdmin / callerFor below).
  const config = db.config(target, { adminUser: TEST_ADMIN.username, adminPassword: TEST_ADMIN.password, ...overrides });
  const running = await startServer(config, { logger: pino({ level: 'silent' }) });
  const admin = await asAdmin(running);
  const authed = (init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...admin.headers } });
  return { ...running, target, config, admin, authed };
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

/** The first administrator every test server starts with (ADMIN_USER / ADMIN_PASSWORD). */
export const TEST_ADMIN = { username: 'admin', password: 'test-admin-password' } as const;

export type Role = 'unit' | 'district_admin' | 'city_admin' | 'leader';

/** A signed-in account and the headers that authenticate its requests. */
export interface Caller {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  user: any;
  via: 'cookie' | 'bearer';
  /** cookie + X-CSRF-Token, or Authorization: Bearer. */
  headers: Record<string, string>;
  csrfToken?: string;
  token?: string;
}

/** Logs in with a password (POST /api/session) and returns the cookie and CSRF headers. */
export async function login(server: { url: string }, username: string, password: string): Promise<Caller> {
  const response = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`login ${username} answered ${response.status}: ${text.slice(0, 200)}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('fz_session='));
  if (!cookie) throw new Error('login set no fz_session cookie');
  const body = JSON.parse(text);
  return { user: body.user, via: 'cookie', csrfToken: body.csrfToken, headers: { cookie: cookie.split(';')[0], 'x-csrf-token': body.csrfToken } };
}

const admins = new WeakMap<object, Promise<Caller>>();

/** The first administrator with an API token (Bearer), made once per server. */
export function asAdmin(server: { url: string }): Promise<Caller> {
  let admin = admins.get(server);
  if (!admin) {
    admin = (async () => {
      const session = await login(server, TEST_ADMIN.username, TEST_ADMIN.password);
      return tokenFor(server, session, session.user);
    })();
    admins.set(server, admin);
  }
  return admin;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function tokenFor(server: { url: string }, admin: Caller, user: any): Promise<Caller> {
  const created = await fetchJson(`${server.url}/api/users/${user.id}/tokens`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: '测试令牌' }),
  });
  if (created.status !== 201) throw new Error(`token for ${user.username} answered ${created.status}: ${JSON.stringify(created.body)}`);
  return { user, via: 'bearer', token: created.body.token, headers: { authorization: `Bearer ${created.body.token}` } };
}

let accounts = 0;

/**
 * A new account of the role (created by the admin through the API) signed in by cookie or token.
 * Scope: unitCode for 'unit', districtCode for 'district_admin' and a district leader.
 */
export async function callerFor(
  server: { url: string },
  role: Role,
  scope: { unitCode?: string; districtCode?: string } = {},
  via: 'cookie' | 'bearer' = 'bearer',
): Promise<Caller> {
  const admin = await asAdmin(server);
  const username = `${role}-${++accounts}-${process.pid}`;
  const password = `pw-${username}-secret`;
  const created = await fetchJson(`${server.url}/api/users`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ username, displayName: `测试${role}`, password, role, ...scope }),
  });
  if (created.status !== 201) throw new Error(`create ${role} answered ${created.status}: ${JSON.stringify(created.body)}`);
  return via === 'cookie' ? login(server, username, password) : tokenFor(server, admin, created.body.user);
}
