// Password login with throttling kept in the database, so every instance behind a load balancer
// counts the same failures. Two kinds of attempt:
// - from a browser that signed in to this account before (its device cookie, fz_device): counted
//   against that device alone, so neither an attacker guessing the user name nor the shared NAT
//   address of a whole district (LOGIN_MAX_FAILURES_PER_IP) locks the account's own user out;
// - from anywhere else: counted per user name (guessing one account) and per address (spraying many).
// Check and count are one step (claimLoginAttempt, serialised per key on both databases): an
// attempt is counted before its password is checked, so of any number of attempts racing on one
// instance or many exactly the limit reach the password check. An attempt whose password is right
// takes its count back.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../templates/src/core/errors';
import { appError, errorText } from '../../../templates/src/core/error-catalogue';
import type { Config } from '../config';
import type { Store, User } from '../store';
import { audit } from './audit';
import { dummyHash, newCsrfToken, newDeviceId, newSessionId, sha256Hex, verifyPassword } from './secrets';

export interface LoginResult {
  user: User;
  sessionId: string;
  csrfToken: string;
  /** The browser's device cookie after this login (the one it sent, or a new one). */
  deviceId: string;
}

/** A stopped account, at login and on every later request with its session or token. */
export const accountDisabled = () => appError('ACCOUNT_DISABLED');

export async function login(
  store: Store,
  config: Config,
  input: { username: string; password: string; ip: string; previousSessionId?: string; deviceId?: string },
): Promise<LoginResult> {
  const { username, password, ip } = input;
  const userKey = `user:${username}`;
  const since = new Date(Date.now() - config.loginWindowMinutes * 60_000).toISOString();
  const attempt = randomUUID();
  const found = await store.accounts.findLogin(username);
  // A device cookie counts only for the account it was issued to: any other cookie, or none, is an
  // attempt from anywhere.
  const deviceHash = input.deviceId ? sha256Hex(input.deviceId) : undefined;
  const device = deviceHash && found ? await store.accounts.findDevice(deviceHash) : undefined;
  const knownDevice = device !== undefined && device.userId === found?.user.id;
  const deviceKey = `device:${deviceHash}`;
  const claim = await store.accounts.claimLoginAttempt({
    keys: knownDevice
      ? [{ key: deviceKey, max: config.loginMaxFailures }]
      : [
          { key: userKey, max: config.loginMaxFailures },
          { key: `ip:${ip}`, max: config.loginMaxFailuresPerIp },
        ],
    since,
    attempt,
  });
  if (!claim.counted) {
    const detail = knownDevice ? { ip, knownDevice, byDevice: claim.counts[0] } : { ip, byUser: claim.counts[0], byAddress: claim.counts[1] };
    await audit(store, { username, role: '' }, 'login.throttled', { detail });
    throw new ThrottledError(config.loginWindowMinutes);
  }

  // The claim is committed on its own, so that racing attempts count it; each outcome below then
  // commits with its audit entry. Should that fail, the claim is taken back: nothing of this attempt
  // stays without its audit entry (unless the database is gone altogether, when it stays counted).
  let settled = false;
  try {
    // Unknown names cost the same scrypt as known ones, so response time does not reveal accounts.
    const ok = found ? await verifyPassword(password, found.passwordHash) : (await verifyPassword(password, await dummyHash()), false);
    // Each outcome is recorded in one transaction with its audit entry (the password check, slow and
    // read-only, stays outside it); a refusal is thrown only once its record is committed.
    if (!found || !ok) {
      await store.transaction(async (tx) => {
        // The attempt counted above stays counted: it is this failure.
        await tx.accounts.pruneLoginFailures(since);
        await audit(tx, { username, role: found?.user.role ?? '' }, 'login.failure', { detail: { ip, reason: found ? 'password' : 'unknown_user', ...(knownDevice ? { knownDevice } : {}) } });
      });
      settled = true;
      throw appError('LOGIN_FAILED');
    }
    // The password was right: the attempt is no failure and takes its count back (a stopped
    // account is refused, not guessed at).
    if (found.user.disabled) {
      await store.transaction(async (tx) => {
        await tx.accounts.forgetLoginAttempt(attempt);
        await audit(tx, found.user, 'login.failure', { detail: { ip, reason: 'disabled' } });
      });
      settled = true;
      throw accountDisabled();
    }
    const sessionId = newSessionId();
    const csrfToken = newCsrfToken();
    // The browser is remembered for this account from now on (a cookie of another account is replaced).
    const deviceId = knownDevice ? input.deviceId! : newDeviceId();
    await store.transaction(async (tx) => {
      await tx.accounts.forgetLoginAttempt(attempt);
      await tx.accounts.clearLoginFailures(knownDevice ? deviceKey : userKey);
      await tx.accounts.rememberDevice({ idHash: sha256Hex(deviceId), userId: found.user.id });
      // A new id at every login: a session id planted before login (fixation) is worth nothing after it.
      if (input.previousSessionId) await tx.accounts.deleteSession(sha256Hex(input.previousSessionId));
      await tx.accounts.createSession({ idHash: sha256Hex(sessionId), userId: found.user.id, csrfToken });
      await tx.accounts.deleteIdleSessions(new Date(Date.now() - config.sessionIdleMinutes * 60_000).toISOString());
      await audit(tx, found.user, 'login.success', { detail: { ip, knownDevice } });
    });
    settled = true;
    return { user: found.user, sessionId, csrfToken, deviceId };
  } catch (error) {
    if (!settled) await store.accounts.forgetLoginAttempt(attempt).catch(() => undefined);
    throw error;
  }
}

export class ThrottledError extends AppError {
  constructor(readonly retryAfterMinutes: number) {
    const { code, message, status } = errorText('LOGIN_THROTTLED', { retryAfterMinutes });
    super(code, message, status);
  }
}

/** The account as the API shows it: the contract's shape. */
export type { PublicUser } from '../contract/people';
import type { PublicUser } from '../contract/people';

export const publicUser = (u: User): PublicUser => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  unitCode: u.unitCode,
  districtCode: u.districtCode,
  disabled: u.disabled,
  mustChangePassword: u.mustChangePassword,
});
