// Accounts as the API shows them: roles and their Chinese names, the public view of a user, tokens.
import { z } from 'zod';

export const ROLES = ['unit', 'district_admin', 'city_admin', 'leader'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  unit: '填报单位',
  district_admin: '区级管理员',
  city_admin: '市级管理员',
  leader: '领导',
};
export const roleSchema = z.enum(ROLES).describe(ROLES.map((r) => `${r}：${ROLE_LABELS[r]}`).join('；'));

/** An account as /api/session and /api/users send it: no password hash, no times. */
export const publicUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  unitCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  disabled: z.boolean(),
  /** Signed in with a one-time password: every call but POST /api/session/password answers 403 PASSWORD_CHANGE_REQUIRED. */
  mustChangePassword: z.boolean(),
});
export type PublicUser = z.infer<typeof publicUserSchema>;

/** A token as GET /api/users/{id}/tokens lists it: never its secret, nor its owner (the path says it). */
export const publicTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type PublicToken = z.infer<typeof publicTokenSchema>;

/** POST /api/session and GET /api/session. */
export const sessionAnswerSchema = z.object({ user: publicUserSchema, csrfToken: z.string().nullable().describe('以 Cookie 登录时写操作须带回的 X-CSRF-Token；令牌访问为 null') });

/** GET /api/users. */
export const userListSchema = z.object({ users: z.array(publicUserSchema) });
/** POST /api/users and PATCH /api/users/{id}. */
export const userAnswerSchema = z.object({ user: publicUserSchema });
/** GET /api/users/{id}/tokens. */
export const tokenListSchema = z.object({ tokens: z.array(publicTokenSchema) });
/** POST /api/users/{id}/tokens: the token itself, shown this once only. */
export const newTokenSchema = z.object({ id: z.string(), name: z.string(), token: z.string().describe('令牌本身，只显示这一次') });
/** POST /api/users/{id}/password-reset. */
export const passwordResetAnswerSchema = z.object({ username: z.string(), oneTimePassword: z.string().describe('一次性密码：首次登录后须改为自己的密码') });
