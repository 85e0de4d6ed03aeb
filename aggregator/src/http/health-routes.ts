// GET /api/health: for load balancers and the administrator — database kind, parse-pool state and
// the uploads in flight (bytes held, requests waiting for room).
import express from 'express';
import type { ParsePool } from '../ingest/parse-pool';
import type { UploadBudget } from '../ingest/upload-budget';
import type { RouteContext, RouteModule } from './route-context';
import { jsonContent, registerPaths } from './openapi';

export function healthRoutes(pool: ParsePool<unknown>, uploads: UploadBudget): RouteModule {
  return ({ store, openapi }: RouteContext) => {
    const router = express.Router();
    router.get('/api/health', (_req, res) => {
      res.json({ status: 'ok', database: store.dialect, parsePool: pool.stats(), uploads: uploads.stats() });
    });
    registerPaths(openapi, {
      '/api/health': {
        get: {
          summary: '运行状态：数据库类型、解析进程池状态、处理中的上传（占用字节数、排队数）',
          responses: { '200': { description: '正常', content: jsonContent({ type: 'object' }) } },
        },
      },
    });
    return router;
  };
}
