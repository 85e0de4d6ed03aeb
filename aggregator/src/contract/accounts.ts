// Wire shapes of accounts at scale (issue 14 item 4), shared by the server and the page: the unit
// accounts of a district or the city made in one step, one-time passwords, and changing one's own
// password. A session opened with a one-time password may do nothing but change it.
import { z } from 'zod';
import type { passwordResetAnswerSchema } from './people';

/** The refusal every other call of a session with a one-time password gets (403). */
export const PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED';

/** Operations a session with a one-time password may still call: see who it is, change it, leave. */
export const ALLOWED_BEFORE_PASSWORD_CHANGE: readonly string[] = ['GET /api/session', 'POST /api/session', 'DELETE /api/session', 'POST /api/session/password'];

export const MIN_PASSWORD_LENGTH = 8;

export const newPasswordSchema = z
  .string({ error: '请输入新密码' })
  .min(MIN_PASSWORD_LENGTH, { error: `新密码至少${MIN_PASSWORD_LENGTH}个字符` })
  .max(200, { error: '新密码不超过200个字符' });

/** POST /api/session/password */
export const passwordChangeSchema = z.object({
  current: z.string({ error: '请输入当前密码（或管理员给您的一次性密码）' }).min(1, { error: '请输入当前密码（或管理员给您的一次性密码）' }).max(200),
  next: newPasswordSchema,
});
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

/** POST /api/users/bulk: the unit accounts of one district, or of every unit in the registry. */
export const bulkAccountsSchema = z.union(
  [
    z.object({ districtCode: z.string().trim().min(1).max(32) }).strict(),
    z.object({ city: z.literal(true) }).strict(),
  ],
  { error: '请给出 {"districtCode": "区代码"}（为该区的单位建账户）或 {"city": true}（为名录中的全部单位建账户）' },
);
export type BulkAccountsRequest = z.infer<typeof bulkAccountsSchema>;

/** One line of the answer's workbook: an account made, with the password to hand out. */
export interface BulkAccountRow {
  /** '市级部门' for a city department. */
  districtName: string;
  unitCode: string;
  unitName: string;
  username: string;
  oneTimePassword: string;
}

/** What the bulk creation did (also in the answer's headers, see BULK_HEADERS). */
export interface BulkAccountsSummary {
  created: number;
  /** Units that already had an account of their own, left as they were. */
  skipped: number;
}

/** Answer headers of POST /api/users/bulk (the body is the workbook). */
export const BULK_HEADERS = { created: 'x-accounts-created', skipped: 'x-accounts-skipped' } as const;

/** POST /api/users/{id}/password-reset answers the new one-time password, shown once. */
export type PasswordResetAnswer = z.infer<typeof passwordResetAnswerSchema>;
