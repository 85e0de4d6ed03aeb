// The audit log as the API shows it: the actions it records, their Chinese names, one entry.
import { z } from 'zod';

/** Actions written to the audit log (GET /api/audit?action=… filters by these, or by a prefix such as 'upload.'). */
export const AUDIT_ACTIONS = [
  'login.success',
  'login.failure',
  'login.throttled',
  'logout',
  'upload.accepted',
  'upload.rejected',
  'upload.duplicate',
  'review.accept',
  'review.return',
  'year.open',
  'year.status',
  'unit.reopen',
  'unit.excuse',
  'district.signoff',
  'district.confirm',
  'district.return',
  'user.create',
  'user.update',
  'user.reset-password',
  'user.password',
  'token.create',
  'token.revoke',
  'registry.import',
  'registry.remove-sample',
  'rollup.download',
  'draft.download',
  'baseline.confirm',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'login.success': '登录成功',
  'login.failure': '登录失败',
  'login.throttled': '登录被限制',
  logout: '退出登录',
  'upload.accepted': '上传（已接收）',
  'upload.rejected': '上传（已拒收）',
  'upload.duplicate': '上传（重复）',
  'review.accept': '审核通过',
  'review.return': '审核退回',
  'year.open': '开放年度',
  'year.status': '变更年度状态',
  'unit.reopen': '重新开放单位填报',
  'unit.excuse': '免报单位',
  'district.signoff': '区级审核完成，上报市级',
  'district.confirm': '市级确认区级上报',
  'district.return': '市级退回区级上报',
  'user.create': '新建账号',
  'user.update': '修改账号',
  'user.reset-password': '重置密码（一次性密码）',
  'user.password': '修改本人密码',
  'token.create': '创建令牌',
  'token.revoke': '吊销令牌',
  'registry.import': '导入单位名录',
  'registry.remove-sample': '移除示例数据',
  'rollup.download': '下载汇总',
  'draft.download': '下载报告草稿',
  'baseline.confirm': '确认上年数据摘录',
};

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string().describe('ISO 时间'),
  actor: z.string().describe('账号（或 cli 等工具）'),
  actorRole: z.string(),
  action: z.string().describe('操作，见 AUDIT_ACTIONS'),
  unitCode: z.string().nullable(),
  year: z.number().int().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** GET /api/audit: the entries, newest first, each with its action's Chinese name. */
/** GET /api/audit's answers (auditListSchema, auditPageSchema) are in audit-view.ts, with how an entry reads for people. */
