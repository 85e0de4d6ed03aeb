// The audit log for people (issue 14 item 10), shared by GET /api/audit (its pages and CSV) and the
// 审计日志 page: local time (Asia/Shanghai), Chinese names of actions, roles and detail fields, the
// tools that act without an account named as such, and no raw JSON or internal ids in the text.
import { z } from 'zod';
import { AUDIT_ACTION_LABELS, auditEntrySchema, type AuditAction, type AuditEntry } from './audit';
import { ROLE_LABELS, type Role } from './people';

/** 'YYYY-MM-DD HH:MM:SS' in China Standard Time (the deadlines and the people are there). */
export function chinaTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export const actionLabel = (action: string): string => AUDIT_ACTION_LABELS[action as AuditAction] ?? action;

/** The person or tool behind an entry: the first start and the command line have no account. */
export function actorLabel(actor: string, role: string): string {
  if (actor === 'system' && role === 'system') return '系统（首次启动）';
  if (actor.startsWith('cli:')) return `命令行（服务器用户 ${actor.slice(4)}）`;
  return actor;
}

export function roleLabel(role: string): string {
  if (role === 'system') return '系统';
  if (role === '') return '—';
  return ROLE_LABELS[role as Role] ?? role;
}

/** Detail fields by their Chinese name; internal ids (the user name or unit says who) are left out. */
const DETAIL_NAMES: Record<string, string> = {
  username: '用户名', role: '角色', reason: '原因', file: '文件', fileName: '文件', version: '版本', status: '状态', name: '名称',
  ip: '地址', level: '范围', code: '代码', format: '格式', dryRun: '试运行', errors: '错误', deadline: '截止日期', changes: '变更',
  changed: '修改了', disabled: '已停用', districtCode: '区代码', firstStart: '首次启动', bulk: '批量建立', oneTimePassword: '一次性密码',
  mustChangePassword: '首次登录须改密码', wasOneTime: '原为一次性密码', knownDevice: '登录过的浏览器', byUser: '该用户名失败次数',
  byAddress: '该地址失败次数', byDevice: '该浏览器失败次数', declaredBytes: '请求大小', capBytes: '上限', year: '年度', catalogueVersion: '指标目录',
};
const HIDDEN = new Set(['userId', 'tokenId', 'submissionId', 'reopeningId', 'attempt']);
const REASONS: Record<string, string> = {
  password: '密码错误',
  unknown_user: '用户名不存在',
  disabled: '账号已停用',
  current_password: '修改密码时当前密码错误',
};
const FIELD_NAMES: Record<string, string> = {
  displayName: '姓名', password: '密码', role: '角色', unitCode: '单位', districtCode: '区', disabled: '停用', mustChangePassword: '须改密码',
};

function value(key: string, v: unknown, action: string): string {
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (key === 'ip' && typeof v === 'string') return v.replace(/^::ffff:/, '');
  if (key === 'role' && typeof v === 'string') return roleLabel(v);
  if (key === 'reason' && typeof v === 'string' && action.startsWith('login.')) return REASONS[v] ?? v;
  if (key === 'changed' && Array.isArray(v)) return v.map((f) => FIELD_NAMES[String(f)] ?? String(f)).join('、');
  if (key === 'bulk' && typeof v === 'string') return v === 'city' ? '全市' : `区 ${v}`;
  if (key.endsWith('Bytes') && typeof v === 'number') return `${(v / 1024 / 1024).toFixed(1)} MB`;
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return v.join('、');
  if (typeof v === 'object' && v !== null) {
    return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${DETAIL_NAMES[k] ?? k} ${value(k, x, action)}`).join('，');
  }
  return String(v);
}

/** 'name：value；…' for a person to read ('原因：密码错误；地址：127.0.0.1'). */
export function describeDetail(action: string, detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${DETAIL_NAMES[k] ?? k}：${value(k, v, action)}`)
    .join('；');
}

/** An entry as a page of GET /api/audit sends it: the stored entry and how a person reads it. */
export const auditEntryViewSchema = auditEntrySchema.extend({
  actionLabel: z.string(),
  actorLabel: z.string(),
  actorRoleLabel: z.string(),
  /** chinaTime(at) */
  atLocal: z.string(),
  description: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntryViewSchema>;

export const viewOf = (e: AuditEntry): AuditEntryView => ({
  ...e,
  actionLabel: actionLabel(e.action),
  actorLabel: actorLabel(e.actor, e.actorRole),
  actorRoleLabel: roleLabel(e.actorRole),
  atLocal: chinaTime(e.at),
  description: describeDetail(e.action, e.detail),
});

export const AUDIT_PAGE_SIZES = [20, 50, 100, 200] as const;
export const AUDIT_DEFAULT_PAGE_SIZE = 50;

/** GET /api/audit without page: every matching entry, oldest first (at most 100,000; for scripts). */
export const auditListSchema = z.object({ entries: z.array(auditEntryViewSchema) });

/** GET /api/audit?page=&pageSize=: newest first, filtered and counted on the server. */
export const auditPageSchema = z.object({
  entries: z.array(auditEntryViewSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Entries matching the filter, all pages. */
  total: z.number().int(),
  pages: z.number().int(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
