// Accounts, sessions, API tokens and login failures. Hashing and policy live in auth/; this file
// only reads and writes rows.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { appError } from '../../../templates/src/core/error-catalogue';
import type { AccountStore, Role, TokenInfo, User } from './account-types';
import type { UsersTable, ApiTokensTable } from './account-schema';
import type { Connection } from './connect';
import type { Database } from './schema';
import { writeTransaction } from './transaction';

const toUser = (row: Selectable<UsersTable>): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role as Role,
  unitCode: row.unit_code,
  districtCode: row.district_code,
  disabled: Number(row.disabled) === 1,
  mustChangePassword: Number(row.must_change_password) === 1,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toToken = (row: Selectable<ApiTokensTable>): TokenInfo => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

const now = () => new Date().toISOString();

const usernameTaken = (username: string) => appError('USERNAME_TAKEN', { username });

export function accountStore(conn: Connection): AccountStore {
  const db: Kysely<Database> = conn.db;
  const getUser = async (id: string) => {
    const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  };
  return {
    async countUsers() {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async createUser(user) {
      const at = now();
      const row = {
        id: randomUUID(),
        username: user.username,
        display_name: user.displayName,
        role: user.role,
        unit_code: user.unitCode,
        district_code: user.districtCode,
        password_hash: user.passwordHash,
        disabled: 0,
        must_change_password: user.mustChangePassword ? 1 : 0,
        created_at: at,
        updated_at: at,
      };
      // ON CONFLICT rather than check-then-insert: two administrators (or two instances bootstrapping
      // the first admin) racing for one name get USERNAME_TAKEN, not a unique-violation 500.
      const inserted = await writeTransaction(conn, (tx) =>
        tx.insertInto('users').values(row).onConflict((oc) => oc.column('username').doNothing()).returning('id').executeTakeFirst(),
      );
      if (!inserted) throw usernameTaken(user.username);
      return toUser(row);
    },
    async updateUser(id, patch) {
      const set: Partial<Selectable<UsersTable>> = { updated_at: now() };
      if (patch.displayName !== undefined) set.display_name = patch.displayName;
      if (patch.role !== undefined) set.role = patch.role;
      if (patch.unitCode !== undefined) set.unit_code = patch.unitCode;
      if (patch.districtCode !== undefined) set.district_code = patch.districtCode;
      if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
      if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
      if (patch.mustChangePassword !== undefined) set.must_change_password = patch.mustChangePassword ? 1 : 0;
      const result = await writeTransaction(conn, (tx) => tx.updateTable('users').set(set).where('id', '=', id).executeTakeFirst());
      return Number(result.numUpdatedRows) === 0 ? undefined : getUser(id);
    },
    async listUsers() {
      return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser);
    },
    getUser,
    async findLogin(username) {
      const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      return row && { user: toUser(row), passwordHash: row.password_hash };
    },

    async createSession({ idHash, userId, csrfToken }) {
      const at = now();
      await db.insertInto('sessions').values({ id_hash: idHash, user_id: userId, csrf_token: csrfToken, created_at: at, last_seen_at: at }).execute();
    },
    async findSession(idHash) {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .select(['sessions.csrf_token', 'sessions.last_seen_at'])
        .where('sessions.id_hash', '=', idHash)
        .executeTakeFirst();
      if (!row) return undefined;
      const { csrf_token, last_seen_at, ...user } = row;
      return { user: toUser(user), csrfToken: csrf_token, lastSeenAt: last_seen_at };
    },
    async touchSession(idHash) {
      await db.updateTable('sessions').set({ last_seen_at: now() }).where('id_hash', '=', idHash).execute();
    },
    async deleteSession(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
    async deleteSessionsOf(userId) {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },
    async deleteIdleSessions(before) {
      const result = await db.deleteFrom('sessions').where('last_seen_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteOtherSessionsOf(userId, keepHash) {
      await db.deleteFrom('sessions').where('user_id', '=', userId).where('id_hash', '<>', keepHash).execute();
    },

    async rememberDevice({ idHash, userId }) {
      const at = now();
      await db
        .insertInto('login_devices')
        .values({ id_hash: idHash, user_id: userId, created_at: at, last_used_at: at })
        .onConflict((oc) => oc.column('id_hash').doUpdateSet({ last_used_at: at }))
        .execute();
    },
    async findDevice(idHash) {
      const row = await db.selectFrom('login_devices').select(['user_id', 'last_used_at']).where('id_hash', '=', idHash).executeTakeFirst();
      if (!row) return undefined;
      if (Date.now() - Date.parse(row.last_used_at) > 60_000) await db.updateTable('login_devices').set({ last_used_at: now() }).where('id_hash', '=', idHash).execute();
      return { userId: row.user_id };
    },
    async forgetDevicesOf(userId) {
      await db.deleteFrom('login_devices').where('user_id', '=', userId).execute();
    },

    async createToken({ userId, name, tokenHash }) {
      const row = { id: randomUUID(), user_id: userId, name, token_hash: tokenHash, created_at: now(), last_used_at: null, revoked_at: null };
      await db.insertInto('api_tokens').values(row).execute();
      return toToken(row);
    },
    async listTokens(userId) {
      return (await db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at').execute()).map(toToken);
    },
    async getToken(id) {
      const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toToken(row);
    },
    async revokeToken(id) {
      const result = await db.updateTable('api_tokens').set({ revoked_at: now() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async findTokenUser(tokenHash) {
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users')
        .select(['api_tokens.id as token_id', 'api_tokens.last_used_at'])
        .where('api_tokens.token_hash', '=', tokenHash)
        .where('api_tokens.revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      const { token_id, last_used_at, ...user } = row;
      // One write a minute per token is enough to tell a live token from a forgotten one.
      if (!last_used_at || Date.now() - Date.parse(last_used_at) > 60_000) {
        await db.updateTable('api_tokens').set({ last_used_at: now() }).where('id', '=', token_id).execute();
      }
      return { user: toUser(user), tokenId: token_id };
    },

    async claimLoginAttempt({ keys, since, attempt }) {
      return writeTransaction(conn, async (tx) => {
        // SQLite: BEGIN IMMEDIATE already admits one writer at a time. PostgreSQL: a transaction lock
        // per key, taken in one order so two attempts sharing both keys cannot deadlock.
        if (conn.dialect === 'postgres') {
          for (const key of keys.map((k) => k.key).sort()) await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
        }
        const counts: number[] = [];
        for (const { key } of keys) {
          const row = await tx.selectFrom('login_failures').select((eb) => eb.fn.countAll().as('n')).where('key', '=', key).where('at', '>=', since).executeTakeFirstOrThrow();
          counts.push(Number(row.n));
        }
        if (counts.some((n, i) => n >= keys[i].max)) return { counted: false, counts };
        const at = now();
        await tx.insertInto('login_failures').values(keys.map(({ key }) => ({ key, at, attempt }))).execute();
        return { counted: true, counts };
      });
    },
    async forgetLoginAttempt(attempt) {
      await db.deleteFrom('login_failures').where('attempt', '=', attempt).execute();
    },
    async countLoginFailures(key, since) {
      const row = await db
        .selectFrom('login_failures')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('key', '=', key)
        .where('at', '>=', since)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async clearLoginFailures(key) {
      await db.deleteFrom('login_failures').where('key', '=', key).execute();
    },
    async pruneLoginFailures(before) {
      await db.deleteFrom('login_failures').where('at', '<', before).execute();
    },
  };
}
