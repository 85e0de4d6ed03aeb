// GET /api/audit: the audit log for city coordinators, filtered by time, actor, unit and action,
// as JSON or CSV. There is deliberately no route that changes or deletes an entry.
import express from 'express';
import { z } from 'zod';
import { AUDIT_DEFAULT_PAGE_SIZE, AUDIT_PAGE_SIZES, viewOf } from '../contract/audit-view';
import { csvText } from '../reports/csv';
import { auditEntries, auditPage, type AuditEntry } from '../services/audit-log';
import type { RouteContext } from './route-context';
import { parseInput } from './errors';
import { errorResponses, jsonContent, parametersOf, registerPaths, ref } from './openapi';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A date alone is a whole day in China Standard Time; anything else must be an ISO timestamp. */
const instant = (end: boolean) =>
  z
    .string()
    .refine((v) => DATE.test(v) || !Number.isNaN(Date.parse(v)), { error: '应为日期（2025-03-01）或 ISO 时间（2025-03-01T08:00:00Z）' })
    .transform((v) => new Date(DATE.test(v) ? `${v}T${end ? '23:59:59.999' : '00:00:00.000'}+08:00` : v).toISOString());

const auditQuery = z.object({
  from: instant(false).optional(),
  to: instant(true).optional(),
  actor: z.string().min(1).max(64).optional(),
  unit: z.string().min(1).max(64).optional(),
  action: z.string().min(1).max(64).optional(),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
  page: z.coerce.number({ error: '页码应为从 1 开始的整数' }).int({ error: '页码应为从 1 开始的整数' }).min(1, { error: '页码应为从 1 开始的整数' }).optional(),
  pageSize: z.coerce
    .number()
    .int()
    .refine((n) => (AUDIT_PAGE_SIZES as readonly number[]).includes(n), { error: `每页条数应为 ${AUDIT_PAGE_SIZES.join('、')} 之一` })
    .optional(),
});

/** For people: Beijing time, Chinese names, the detail as text (the action's code last, for sorting in Excel). */
function toCsv(entries: AuditEntry[]): string {
  const rows = entries.map(viewOf).map((e) => [e.id, e.atLocal, e.actorLabel, e.actorRoleLabel, e.actionLabel, e.unitCode, e.year, e.description, e.action]);
  return csvText([['序号', '时间（北京时间）', '操作人', '角色', '操作', '单位代码', '年度', '详情', '操作代码'], ...rows]);
}

export function auditRoutes({ store, openapi }: RouteContext): express.Router {
  const router = express.Router();
  router.get('/api/audit', async (req, res) => {
    const { format, page, pageSize, ...filter } = parseInput(auditQuery, req.query);
    // A page (the 审计日志 page): newest first, filtered and counted on the server.
    if (format === 'json' && (page !== undefined || pageSize !== undefined)) {
      const { limit: _all, ...rest } = filter;
      res.json(await auditPage(store, rest, page ?? 1, pageSize ?? AUDIT_DEFAULT_PAGE_SIZE));
      return;
    }
    const entries = await auditEntries(store, filter);
    if (format === 'csv') {
      res.attachment('审计日志.csv');
      res.type('text/csv; charset=utf-8');
      res.send(toCsv(entries));
      return;
    }
    res.json({ entries: entries.map(viewOf) });
  });

  registerPaths(openapi, {
    '/api/audit': {
      get: {
        summary: '审计日志（市级管理员）：登录、上传、审核、锁定与重新开放、账号变更、汇总下载；可按时间、操作人、单位、操作筛选，可导出 CSV',
        tags: ['审计'],
        parameters: parametersOf(auditQuery, 'query', {
          from: '起始日期（北京时间当日 0 点）或 ISO 时间',
          to: '截止日期（含当日）或 ISO 时间',
          action: '操作代码，如 review.return；以点结尾表示一类，如 upload.',
          page: '页码（从 1 开始）：给出 page 或 pageSize 时按页答复，新的在前，附 total、pages',
          pageSize: `每页条数（${AUDIT_PAGE_SIZES.join('、')}，默认 ${AUDIT_DEFAULT_PAGE_SIZE}）`,
        }),
        responses: {
          '200': {
            description: '日志条目：不分页时早的在前（最多 10 万条）；分页时新的在前。每条附中文：actionLabel、actorLabel、actorRoleLabel、atLocal（北京时间）、description（详情）',
            content: {
              ...jsonContent({ oneOf: [ref('AuditList'), ref('AuditPage')] }),
              'text/csv': { schema: { type: 'string' } },
            },
          },
          ...errorResponses({ 400: '参数有误' }),
        },
      },
    },
  });
  return router;
}
