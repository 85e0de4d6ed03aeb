// Rollups computed once per change, not once per view (issue 14 item 6). The JSON a page or script
// asks for (GET /api/rollups/{year}, without units) is served from the cache in the database while
// the data version it was computed at is still current; otherwise the year is computed once — one
// request per process does the work and the others wait for it, and on PostgreSQL one instance at a
// time — and every scope's body (city, each district) is stored for all instances.
// Workbooks, CSV and traces still compute from the data: they need every unit's values.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { appError } from '../../../templates/src/core/error-catalogue';
import { canSeeDistrict, outOfScope } from '../auth/scope';
import { scopeRollup, type RollupScope } from '../rollup';
import type { RollupAnswer as RollupJson } from '../contract/rollup';
import type { CachedBody, Store, User } from '../store';
import { buildRollup, rollupScope } from './rollups';

export const CITY_SCOPE = 'city';
export const scopeKey = (scope: RollupScope): string => (scope.level === 'city' ? CITY_SCOPE : `district:${scope.code}`);

/** Computations under way in this process, by store then year and settings. */
const inFlight = new WeakMap<Store, Map<string, Promise<void>>>();
/**
 * One computation at a time per process, whatever the year: a city's rollup at 20,000 units takes
 * ~300 MB while it is built, and on PostgreSQL each holds a pooled connection for its job row while
 * it reads through another (two years at once on a pool of two would wait on each other for ever).
 */
const queue = new WeakMap<Store, Promise<unknown>>();

function oneAtATime<T>(store: Store, work: () => Promise<T>): Promise<T> {
  const next = (queue.get(store) ?? Promise.resolve()).then(work, work);
  queue.set(store, next.catch(() => undefined));
  return next;
}

/**
 * The body of the rollup JSON the user asked for (city, or one district), with `dataVersion` and
 * `computedAt`; computed only when the data changed since. Scope is checked before anything is read.
 */
export async function cachedRollupJson(store: Store, user: User, year: number, level: 'city' | 'district', code: string | undefined, yoyThreshold: number): Promise<string> {
  return (await cachedRollupAnswer(store, user, year, level, code, yoyThreshold)).text;
}

/** A cached body ready to send: as text, as UTF-8 bytes and gzipped once (not once per request). */
export interface RollupAnswer {
  text: string;
  bytes: Buffer;
  gzipped: Buffer;
  /** Same data version, scope and settings, same body: the validator for If-None-Match. */
  etag: string;
  dataVersion: number;
}

/** The last answer per scope and settings in this process, by store: a warm view reads one number from the database. */
const answers = new WeakMap<Store, Map<string, RollupAnswer>>();

/** As cachedRollupJson, with the body kept in this process while the data version is unchanged. */
export async function cachedRollupAnswer(
  store: Store,
  user: User,
  year: number,
  level: 'city' | 'district',
  code: string | undefined,
  yoyThreshold: number,
): Promise<RollupAnswer> {
  if (!canSeeDistrict(user, level === 'city' ? null : code!)) throw outOfScope(level === 'city' ? '全市汇总' : `区“${code}”的汇总`);
  const memoKey = `${year}|${level === 'city' ? CITY_SCOPE : `district:${code}`}|${yoyThreshold}`;
  let memo = answers.get(store);
  if (!memo) answers.set(store, (memo = new Map()));
  const version = await store.rollupCache.version();
  const kept = memo.get(memoKey);
  if (kept && kept.dataVersion >= version) return kept;
  const { body, dataVersion } = await cachedBody(store, user, year, level, code, yoyThreshold, version);
  const bytes = Buffer.from(body, 'utf8');
  const answer: RollupAnswer = { text: body, bytes, gzipped: gzipSync(bytes), etag: `"rollup-${dataVersion}-${createHash('sha1').update(bytes).digest('base64url').slice(0, 16)}"`, dataVersion };
  memo.set(memoKey, answer);
  return answer;
}

async function cachedBody(
  store: Store,
  user: User,
  year: number,
  level: 'city' | 'district',
  code: string | undefined,
  yoyThreshold: number,
  version: number,
): Promise<{ body: string; dataVersion: number }> {
  const scope: RollupScope = level === 'city' ? { level: 'city' } : { level: 'district', code: code! };
  const settings = JSON.stringify({ yoyThreshold });
  const key = scopeKey(scope);
  const hit = await store.rollupCache.get(year, key, settings);
  if (hit && hit.dataVersion >= version) return hit;
  await computeOnce(store, year, settings, yoyThreshold);
  const fresh = await store.rollupCache.get(year, key, settings);
  // Computed at a version read after ours: it shows at least the data we were asked for.
  if (fresh && fresh.dataVersion >= version) return fresh;
  if (scope.level === 'district') {
    throw appError('DISTRICT_UNKNOWN', { districtCode: scope.code, namedIn: 'path' });
  }
  throw new Error(`rollup cache: no ${key} body after computing ${year}`);
}

function computeOnce(store: Store, year: number, settings: string, yoyThreshold: number): Promise<void> {
  let running = inFlight.get(store);
  if (!running) inFlight.set(store, (running = new Map()));
  const key = `${year}|${settings}`;
  let job = running.get(key);
  if (!job) {
    job = oneAtATime(store, () => store.rollupCache.exclusive(year, settings, () => compute(store, year, settings, yoyThreshold))).finally(() =>
      running.delete(key),
    );
    running.set(key, job);
  }
  return job;
}

async function compute(store: Store, year: number, settings: string, yoyThreshold: number): Promise<void> {
  // The version is read before the data: the bodies may show newer data than they say, never older.
  const dataVersion = await store.rollupCache.version();
  const done = await store.rollupCache.get(year, CITY_SCOPE, settings);
  // Another instance computed it while this one waited for the job row.
  if (done && done.dataVersion >= dataVersion) return;
  const rollup = await buildRollup(store, year, yoyThreshold);
  const computedAt = new Date().toISOString();
  const body = (scope: RollupScope): CachedBody => ({
    scope: scopeKey(scope),
    dataVersion,
    computedAt,
    body: JSON.stringify({ ...scopeRollup(rollup, scope, { units: false, unitLists: false }), dataVersion, computedAt }),
  });
  const scopes: RollupScope[] = [{ level: 'city' }, ...rollup.groups.filter((g) => g.kind === 'district').map((g) => ({ level: 'district' as const, code: g.code }))];
  await store.rollupCache.put(year, settings, scopes.map(body));
}

/** The rollup with every unit's values (units=1): never cached; the version is read before the data, as the cache does. */
export async function rollupWithUnits(
  store: Store,
  user: User,
  year: number,
  level: 'city' | 'district',
  code: string | undefined,
  yoyThreshold: number,
): Promise<RollupJson> {
  const dataVersion = await store.rollupCache.version();
  const rollup = await buildRollup(store, year, yoyThreshold);
  return { ...scopeRollup(rollup, rollupScope(rollup, user, level, code), { units: true }), dataVersion, computedAt: new Date().toISOString() };
}
