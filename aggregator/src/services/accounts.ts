// Accounts, API tokens and sessions, as far as they hold rules: the scope each role keeps (checked
// against the registry), no coordinator can stop or demote themselves, new powers or a new password
// end the account's sessions, and a token's secret is shown once and never stored. Password hashing
// is slow and needs no database: it happens in the prepare* step, before the write's transaction.
import { randomUUID } from 'node:crypto';
import { appError } from '../../../templates/src/core/error-catalogue';
import { audit, entry } from '../auth/audit';
import type { AuthContext } from '../auth/middleware';
import { publicUser, ThrottledError, type PublicUser } from '../auth/login';
import { hashOneTimePassword, hashPassword, newApiToken, newOneTimePassword, sha256Hex, verifyPassword } from '../auth/secrets';
import type { Config } from '../config';
import {
  type BulkAccountRow,
  type BulkAccountsRequest,
  type BulkAccountsSummary,
  type PasswordChange,
  type PasswordResetAnswer,
} from '../contract/accounts';
import type { Role, Store, User } from '../store';
import { districtOf } from '../../../templates/src/core/districts';

/** The roles an account may have, as request schemas and the OpenAPI document list them. */
export { ROLES } from '../store';

/** A token as GET /api/users/:id/tokens lists it: never its secret, nor (the path says it) its owner. */
export type { PublicToken } from '../contract/people';
import type { PublicToken } from '../contract/people';

export interface NewAccount {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  unitCode?: string | null;
  districtCode?: string | null;
  /** The administrator chose the password: the first login must replace it. */
  mustChangePassword?: boolean;
}

export interface AccountPatch {
  displayName?: string;
  password?: string;
  role?: Role;
  unitCode?: string | null;
  districtCode?: string | null;
  disabled?: boolean;
  mustChangePassword?: boolean;
}

/** A request with its password replaced by the password's hash. */
export type Hashed<T extends { password?: string }> = Omit<T, 'password'> & { passwordHash?: string };

/** Checks the role's scope against the registry and returns exactly the scope the role keeps. */
async function scopeFor(store: Store, role: Role, unitCode?: string | null, districtCode?: string | null) {
  if (role === 'unit') {
    if (!unitCode) throw appError('SCOPE_REQUIRED', { role: 'unit' });
    if (!(await store.getUnit(unitCode))) throw appError('UNIT_UNKNOWN', { unitCode, namedIn: 'body' });
    return { unitCode, districtCode: null };
  }
  if (role === 'city_admin') return { unitCode: null, districtCode: null };
  if (role === 'district_admin' && !districtCode) throw appError('SCOPE_REQUIRED', { role: 'district_admin' });
  if (districtCode && !(await store.listUnits()).some((u) => districtOf(u)?.code === districtCode)) {
    throw appError('DISTRICT_UNKNOWN', { districtCode, namedIn: 'body' });
  }
  return { unitCode: null, districtCode: districtCode ?? null };
}

export async function userOr404(store: Store, id: string): Promise<User> {
  const user = await store.accounts.getUser(id);
  if (!user) throw appError('USER_NOT_FOUND', { id });
  return user;
}

export async function listAccounts(store: Store): Promise<PublicUser[]> {
  return (await store.accounts.listUsers()).map(publicUser);
}

/** Outside the transaction: the password becomes its hash. */
export async function prepareAccount<T extends { password?: string }>(input: T): Promise<Hashed<T>> {
  const { password, ...rest } = input;
  return { ...rest, ...(password === undefined ? {} : { passwordHash: await hashPassword(password) }) };
}

/** Throws USERNAME_TAKEN (409) when the name is used. */
export async function createAccount(tx: Store, actor: User, input: Hashed<NewAccount>): Promise<PublicUser> {
  const scope = await scopeFor(tx, input.role, input.unitCode, input.districtCode);
  const user = await tx.accounts.createUser({ username: input.username, displayName: input.displayName, role: input.role, ...scope, passwordHash: input.passwordHash!, mustChangePassword: input.mustChangePassword });
  await audit(tx, actor, 'user.create', { unitCode: user.unitCode, detail: { userId: user.id, username: user.username, role: user.role, districtCode: user.districtCode, ...(user.mustChangePassword ? { mustChangePassword: true } : {}) } });
  return publicUser(user);
}

/** Changes name, password, role and scope, or stops the account. */
export async function updateAccount(tx: Store, actor: User, id: string, patch: Hashed<AccountPatch>): Promise<PublicUser> {
  const existing = await userOr404(tx, id);
  const role = patch.role ?? existing.role;
  if (id === actor.id && (patch.disabled === true || role !== 'city_admin')) {
    throw appError('SELF_LOCKOUT');
  }
  const roleOrScopeChanged = patch.role !== undefined || patch.unitCode !== undefined || patch.districtCode !== undefined;
  const scope = roleOrScopeChanged
    ? await scopeFor(tx, role, patch.unitCode === undefined ? existing.unitCode : patch.unitCode, patch.districtCode === undefined ? existing.districtCode : patch.districtCode)
    : {};
  const updated = (await tx.accounts.updateUser(id, { displayName: patch.displayName, role: patch.role, ...scope, disabled: patch.disabled, passwordHash: patch.passwordHash, mustChangePassword: patch.mustChangePassword }))!;
  // New password, new powers or a stopped account: sessions opened under the old ones end now.
  if (patch.passwordHash !== undefined || roleOrScopeChanged || patch.disabled === true) await tx.accounts.deleteSessionsOf(id);
  // The browsers it signed in from are strangers again: their logins count with everyone's.
  if (patch.passwordHash !== undefined || patch.disabled === true) await tx.accounts.forgetDevicesOf(id);
  // The fields the request named (the password by name only).
  const changed = Object.keys(patch).filter((k) => k !== 'passwordHash');
  if (patch.passwordHash !== undefined) changed.push('password');
  await audit(tx, actor, 'user.update', {
    unitCode: updated.unitCode,
    detail: { userId: id, username: existing.username, changed, role: updated.role, disabled: updated.disabled },
  });
  return publicUser(updated);
}

export async function listTokens(store: Store, userId: string): Promise<PublicToken[]> {
  await userOr404(store, userId);
  return (await store.accounts.listTokens(userId)).map(({ userId: _u, ...t }) => t);
}

/** A new API token of the account; the secret is in this answer only (the store keeps its hash). */
export async function createToken(tx: Store, actor: User, userId: string, name: string): Promise<{ id: string; name: string; token: string }> {
  const owner = await userOr404(tx, userId);
  const token = newApiToken();
  const info = await tx.accounts.createToken({ userId, name, tokenHash: sha256Hex(token) });
  await audit(tx, actor, 'token.create', { unitCode: owner.unitCode, detail: { tokenId: info.id, name, userId, username: owner.username } });
  return { id: info.id, name, token };
}

/** Revoking twice is fine (and audited once). */
export async function revokeToken(tx: Store, actor: User, id: string): Promise<void> {
  const token = await tx.accounts.getToken(id);
  if (!token) throw appError('TOKEN_NOT_FOUND', { id });
  if (await tx.accounts.revokeToken(id)) {
    await audit(tx, actor, 'token.revoke', { detail: { tokenId: id, name: token.name, userId: token.userId } });
  }
}

/** Ends the caller's session (a token caller has none to end). */
export async function logout(tx: Store, auth: AuthContext | undefined, ip: string | undefined): Promise<void> {
  if (auth?.via !== 'session' || !auth.sessionHash) return;
  await tx.accounts.deleteSession(auth.sessionHash);
  await audit(tx, auth.user, 'logout', { detail: { ip } });
}

// ---- Accounts at scale: one-time passwords, bulk unit accounts, one's own password (issue 14 item 4).

/** A new one-time password and its hash (outside the transaction). */
export async function prepareOneTimePassword(): Promise<{ oneTimePassword: string; passwordHash: string }> {
  const oneTimePassword = newOneTimePassword();
  return { oneTimePassword, passwordHash: await hashOneTimePassword(oneTimePassword) };
}

/**
 * An administrator's reset: a new one-time password, shown once, which the next login must change.
 * Sessions end, the account's browsers are strangers again and its failed logins are forgotten (a
 * reset is how a locked-out user gets back in).
 */
export async function resetPassword(tx: Store, actor: User, id: string, prepared: { oneTimePassword: string; passwordHash: string }): Promise<PasswordResetAnswer> {
  const user = await userOr404(tx, id);
  if (user.id === actor.id) throw appError('SELF_RESET');
  await tx.accounts.updateUser(id, { passwordHash: prepared.passwordHash, mustChangePassword: true });
  await tx.accounts.deleteSessionsOf(id);
  await tx.accounts.forgetDevicesOf(id);
  await tx.accounts.clearLoginFailures(`user:${user.username}`);
  await audit(tx, actor, 'user.reset-password', { unitCode: user.unitCode, detail: { userId: id, username: user.username } });
  return { username: user.username, oneTimePassword: prepared.oneTimePassword };
}

export interface PreparedBulk {
  /** 'city' or the district's code: what the workbook is named after. */
  scope: string;
  scopeName: string;
  rows: (BulkAccountRow & { passwordHash: string })[];
  skipped: number;
}

/**
 * Outside the transaction: the units of the district (or city) that have no unit account yet, each
 * with a one-time password and its hash. A district coordinator may do this for their own district.
 */
export async function prepareBulkAccounts(store: Store, actor: User, request: BulkAccountsRequest): Promise<PreparedBulk> {
  const units = await store.listUnits();
  let inScope: typeof units;
  let scope: string;
  let scopeName: string;
  if ('city' in request) {
    if (actor.role !== 'city_admin') throw appError('BULK_CITY_FORBIDDEN');
    inScope = units;
    scope = 'city';
    scopeName = '全市';
  } else {
    if (actor.role !== 'city_admin' && actor.districtCode !== request.districtCode) {
      throw appError('BULK_OTHER_DISTRICT', { districtCode: request.districtCode });
    }
    inScope = units.filter((u) => districtOf(u)?.code === request.districtCode);
    if (inScope.length === 0) throw appError('DISTRICT_UNKNOWN', { districtCode: request.districtCode, namedIn: 'body' });
    scope = request.districtCode;
    scopeName = districtOf(inScope[0])!.name;
  }
  const withAccount = new Set((await store.accounts.listUsers()).filter((u) => u.role === 'unit' && u.unitCode).map((u) => u.unitCode!));
  const todo = inScope.filter((u) => !withAccount.has(u.code));
  const rows: PreparedBulk['rows'] = [];
  // Hashed a few at a time on libuv's threads: fast (low cost, see secrets.ts), without holding a connection.
  for (let i = 0; i < todo.length; i += 16) {
    rows.push(
      ...(await Promise.all(
        todo.slice(i, i + 16).map(async (u) => {
          const { oneTimePassword, passwordHash } = await prepareOneTimePassword();
          return { districtName: districtOf(u)?.name ?? '市级部门', unitCode: u.code, unitName: u.name, username: u.code, oneTimePassword, passwordHash };
        }),
      )),
    );
  }
  return { scope, scopeName, rows, skipped: inScope.length - todo.length };
}

/**
 * In one transaction: every account of the batch with its audit entry, or none. A unit that got an
 * account meanwhile is skipped; a user name (the unit code) already used by another account stops
 * the whole batch, naming it.
 */
export async function createBulkAccounts(tx: Store, actor: User, prepared: PreparedBulk): Promise<{ rows: BulkAccountRow[]; summary: BulkAccountsSummary }> {
  const users = await tx.accounts.listUsers();
  const withAccount = new Set(users.filter((u) => u.role === 'unit' && u.unitCode).map((u) => u.unitCode!));
  const rows = prepared.rows.filter((r) => !withAccount.has(r.unitCode));
  const names = new Map(users.map((u) => [u.username, u]));
  const clashes = rows.filter((r) => names.has(r.username));
  if (clashes.length > 0) {
    const listed = clashes.slice(0, 5).map((r) => `“${r.username}”（${r.unitName}）`).join('、');
    throw appError('BULK_USERNAMES_TAKEN', { listed, count: clashes.length });
  }
  const entries = [];
  for (const r of rows) {
    const user = await tx.accounts.createUser({ username: r.username, displayName: r.unitName, role: 'unit', unitCode: r.unitCode, districtCode: null, passwordHash: r.passwordHash, mustChangePassword: true });
    entries.push(entry(actor, 'user.create', { unitCode: r.unitCode, detail: { userId: user.id, username: user.username, role: 'unit', districtCode: null, bulk: prepared.scope, oneTimePassword: true } }));
  }
  for (let i = 0; i < entries.length; i += 500) await tx.audit.append(entries.slice(i, i + 500));
  return {
    rows: rows.map(({ passwordHash: _h, ...row }) => row),
    summary: { created: rows.length, skipped: prepared.skipped + (prepared.rows.length - rows.length) },
  };
}

export interface PreparedPasswordChange {
  userId: string;
  /** The hash the current password was checked against: the change applies only if it is still the one. */
  checkedHash: string;
  nextHash: string;
  wasOneTime: boolean;
}

/**
 * Outside the transaction: checks the current password (counted like a login failure against the
 * user name when wrong, so a borrowed session cannot guess it) and hashes the new one.
 */
export async function preparePasswordChange(store: Store, config: Config, user: User, change: PasswordChange): Promise<PreparedPasswordChange> {
  if (change.next === change.current) throw appError('PASSWORD_SAME');
  if (change.next.trim().toLowerCase() === user.username.toLowerCase()) throw appError('PASSWORD_WEAK');
  const found = await store.accounts.findLogin(user.username);
  if (!found) throw appError('USER_NOT_FOUND', { id: user.id });
  const since = new Date(Date.now() - config.loginWindowMinutes * 60_000).toISOString();
  const attempt = randomUUID();
  const claim = await store.accounts.claimLoginAttempt({ keys: [{ key: `user:${user.username}`, max: config.loginMaxFailures }], since, attempt });
  if (!claim.counted) throw new ThrottledError(config.loginWindowMinutes);
  const ok = await verifyPassword(change.current, found.passwordHash);
  if (!ok) {
    await store.transaction((tx) => audit(tx, user, 'login.failure', { detail: { reason: 'current_password' } }));
    throw appError('PASSWORD_WRONG');
  }
  await store.accounts.forgetLoginAttempt(attempt);
  return { userId: user.id, checkedHash: found.passwordHash, nextHash: await hashPassword(change.next), wasOneTime: found.user.mustChangePassword };
}

/** Sets one's own password; every other session of the account ends (the one that changed it stays). */
export async function changeOwnPassword(tx: Store, auth: AuthContext, prepared: PreparedPasswordChange): Promise<PublicUser> {
  const found = await tx.accounts.findLogin(auth.user.username);
  if (!found || found.passwordHash !== prepared.checkedHash) {
    throw appError('PASSWORD_CHANGED');
  }
  const updated = (await tx.accounts.updateUser(prepared.userId, { passwordHash: prepared.nextHash, mustChangePassword: false }))!;
  if (auth.sessionHash) await tx.accounts.deleteOtherSessionsOf(prepared.userId, auth.sessionHash);
  else await tx.accounts.deleteSessionsOf(prepared.userId);
  await audit(tx, auth.user, 'user.password', { unitCode: auth.user.unitCode, detail: { userId: prepared.userId, username: auth.user.username, wasOneTime: prepared.wasOneTime } });
  return publicUser(updated);
}
