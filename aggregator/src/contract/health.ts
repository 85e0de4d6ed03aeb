// GET /api/health: the minimal answer for anyone, the detail for city administrators.
import { z } from 'zod';

const int = z.number().int();
const adminOnly = '仅市级管理员可见';

export const healthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['reachable', 'unreachable']),
  dialect: z.enum(['sqlite', 'postgres']).optional().describe(adminOnly),
  parsePool: z
    .object({ workers: int, ready: int, busy: int, queued: int, restarts: int, timeouts: int, crashes: int, completed: int, pids: z.array(int) })
    .optional()
    .describe(`${adminOnly}：解析子进程池`),
  uploads: z.object({ maxBytes: int, inFlightBytes: int, waiting: int }).optional().describe(`${adminOnly}：处理中的上传占用的内存`),
});
export type Health = z.infer<typeof healthSchema>;
