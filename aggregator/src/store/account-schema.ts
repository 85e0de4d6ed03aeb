// Row shapes of the accounts, sessions, audit and reopening tables (migration 0002). Same
// conventions as schema.ts: ISO text timestamps, 0/1 flags, JSON as text.
import type { ColumnType, Generated } from 'kysely';

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  /** unit | district_admin | city_admin | leader */
  role: string;
  unit_code: string | null;
  district_code: string | null;
  /** 'scrypt$N$r$p$salt$hash' (base64url parts). */
  password_hash: string;
  disabled: number;
  created_at: string;
  updated_at: string;
  /** 0012: 1 = signed in with a one-time password, which must be changed before anything else. */
  must_change_password: ColumnType<number, number | undefined, number>;
}

/** 0012: a browser that signed in to the account before (the device cookie's SHA-256). */
export interface LoginDevicesTable {
  id_hash: string;
  user_id: string;
  created_at: string;
  last_used_at: string;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the cookie value: a leaked table does not hand out live sessions. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 (hex) of the token; the token itself is shown once and never stored. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface LoginFailuresTable {
  /** 'user:<name>', 'ip:<address>' or 'device:<cookie hash>' (0012). */
  key: string;
  at: string;
  /** The login attempt that wrote the row (null for rows written before migration 0005). */
  attempt: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  actor_role: string;
  action: string;
  unit_code: string | null;
  year: number | null;
  detail_json: string;
}

export interface ReopeningsTable {
  id: string;
  unit_code: string;
  year: number;
  reason: string;
  reopened_by: string;
  reopened_at: string;
  /** Set when the unit's next stored upload used the reopening. */
  used_at: ColumnType<string | null, string | null | undefined, string | null>;
}
