// Accounts, API tokens and sessions, as far as they hold rules: the scope each role keeps (checked
// against the registry), no coordinator can stop or demote themselves, new powers or a new password
// end the account's sessions, and a token's secret is shown once and never stored. Password hashing
// is slow and needs no database: it happens in the prepare* step, before the write's transaction.
import { appError } from '../../../templates/src/core/error-catalogue';
import { audit } from '../auth/audit';
import type { AuthContext } from '../auth/middleware';
import { publicUser, type PublicUser } from '../auth/login';
import { hashPassword, newApiToken, sha256Hex } from '../auth/secrets';
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
}

export interface AccountPatch {
  displayName?: string;
  password?: string;
  role?: Role;
  unitCode?: string | null;
  districtCode?: string | null;
  disabled?: boolean;
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
  const user = await tx.accounts.createUser({ username: input.username, displayName: input.displayName, role: input.role, ...scope, passwordHash: input.passwordHash! });
  await audit(tx, actor, 'user.create', { unitCode: user.unitCode, detail: { userId: user.id, username: user.username, role: user.role, districtCode: user.districtCode } });
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
  const updated = (await tx.accounts.updateUser(id, { displayName: patch.displayName, role: patch.role, ...scope, disabled: patch.disabled, passwordHash: patch.passwordHash }))!;
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
