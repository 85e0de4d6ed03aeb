// What the auth, audit and review layers may ask of storage (tables of migration 0002).
// Roles, review states and audit entries are wire shapes: the contract defines them.
export { ROLES, type Role } from '../contract/people';
export type { AuditEntry } from '../contract/audit';
import type { Role } from '../contract/people';
import type { AuditEntry } from '../contract/audit';
import type { ReviewState } from '../contract/review';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitCode: string | null;
  districtCode: string | null;
  disabled: boolean;
  /** Signed in with a one-time password: may do nothing but set a new one (0012). */
  mustChangePassword: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  unitCode: string | null;
  districtCode: string | null;
  passwordHash: string;
  /** The password is a one-time password (bulk creation): the first login must change it. */
  mustChangePassword?: boolean;
}

export type UserPatch = Partial<Omit<NewUser, 'username'> & { disabled: boolean }>;

export interface TokenInfo {
  id: string;
  userId: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface SessionRecord {
  user: User;
  csrfToken: string;
  lastSeenAt: string;
}

export interface AccountStore {
  countUsers(): Promise<number>;
  /** Throws AppError USERNAME_TAKEN (409). */
  createUser(user: NewUser): Promise<User>;
  /** Undefined when there is no such user. */
  updateUser(id: string, patch: UserPatch): Promise<User | undefined>;
  listUsers(): Promise<User[]>;
  getUser(id: string): Promise<User | undefined>;
  /** The account and its password hash, for login only. */
  findLogin(username: string): Promise<{ user: User; passwordHash: string } | undefined>;

  createSession(session: { idHash: string; userId: string; csrfToken: string }): Promise<void>;
  findSession(idHash: string): Promise<SessionRecord | undefined>;
  touchSession(idHash: string): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  deleteSessionsOf(userId: string): Promise<void>;
  /** Removes sessions idle since before `before` (ISO); returns how many. */
  deleteIdleSessions(before: string): Promise<number>;
  /** Ends every session of the account but `keepHash` (a password change keeps the session that made it). */
  deleteOtherSessionsOf(userId: string, keepHash: string): Promise<void>;

  /** A browser that signed in to the account (the device cookie's hash), remembered for later logins. */
  rememberDevice(device: { idHash: string; userId: string }): Promise<void>;
  /** The account a device cookie belongs to; records its use. */
  findDevice(idHash: string): Promise<{ userId: string } | undefined>;
  /** Forgets every browser of the account (new password, stopped account). */
  forgetDevicesOf(userId: string): Promise<void>;

  createToken(token: { userId: string; name: string; tokenHash: string }): Promise<TokenInfo>;
  listTokens(userId: string): Promise<TokenInfo[]>;
  getToken(id: string): Promise<TokenInfo | undefined>;
  /** False when the token does not exist or was already revoked. */
  revokeToken(id: string): Promise<boolean>;
  /** The owner of a live (unrevoked) token; records its use. */
  findTokenUser(tokenHash: string): Promise<{ user: User; tokenId: string } | undefined>;

  /**
   * Check and count in one step: unless a key already has `max` failures since `since`, counts this
   * attempt against every key (rows named `attempt`, for forgetLoginAttempt). Serialised per key on
   * both databases and across instances, so of any number of racing attempts exactly the first
   * `max` are counted. `counts`: each key's failures before this attempt.
   */
  claimLoginAttempt(input: { keys: readonly { key: string; max: number }[]; since: string; attempt: string }): Promise<{ counted: boolean; counts: number[] }>;
  /** Takes back the rows one attempt wrote (it was throttled, or it was not a failure after all). */
  forgetLoginAttempt(attempt: string): Promise<void>;
  /** Failures of the key since `since` (ISO). */
  countLoginFailures(key: string, since: string): Promise<number>;
  clearLoginFailures(key: string): Promise<void>;
  /** Forgets failures older than `before` (ISO): they no longer count. */
  pruneLoginFailures(before: string): Promise<void>;
}

export interface NewAuditEntry {
  actor: string;
  actorRole: string;
  action: string;
  unitCode?: string | null;
  year?: number | null;
  detail?: Record<string, unknown>;
}

export interface AuditFilter {
  /** ISO timestamps, inclusive. */
  from?: string;
  to?: string;
  actor?: string;
  unit?: string;
  /** Exact action, or a prefix ending in '.' ('upload.' = every upload). */
  action?: string;
  limit?: number;
}

export interface AuditStore {
  /** Appends entries (one transaction); the log has no update or delete, in code or in the database. */
  append(entries: readonly NewAuditEntry[]): Promise<void>;
  /** Oldest first. */
  query(filter: AuditFilter): Promise<AuditEntry[]>;
  /** Newest first: `limit` entries after skipping `offset`, and how many match the filter in all. */
  page(filter: Omit<AuditFilter, 'limit'>, offset: number, limit: number): Promise<{ entries: AuditEntry[]; total: number }>;
}

/** @deprecated name: the contract's ReviewState. */
export type ReviewStatus = ReviewState;

export type { Reopening } from '../contract/submissions';
import type { Reopening } from '../contract/submissions';

export interface ReviewStore {
  /** Sets the review state of a current version; false when `id` is not a current version. */
  setReview(id: string, review: { status: ReviewStatus; reason: string | null; reviewedBy: string }): Promise<boolean>;
  reopen(reopening: { unitCode: string; year: number; reason: string; reopenedBy: string }): Promise<Reopening>;
  /** Units of the year with an unused reopening (an upload uses it up: see NewSubmission.reopening). */
  openReopenings(year: number): Promise<Set<string>>;
  /** Moves a year's deadline ('YYYY-MM-DD'); false when the year does not exist. */
  setDeadline(year: number, deadline: string): Promise<boolean>;
}
