// GET /api/health: for load balancers and the administrator — database kind and parse-pool state.
import express from 'express';
import type { ParsePool } from '../ingest/parse-pool';
import type { RouteContext, RouteModule } from './app';
import { jsonContent, registerPaths } from './openapi';

export function healthRoutes(pool: ParsePool<unknown>): RouteModule {
  return ({ store, openapi }: RouteContext) => {
    const router = express.Router();
    router.get('/api/health', (_req, res) => {
      res.json({ status: 'ok', database: store.dialect, parsePool: pool.stats() });
    });
    registerPaths(openapi, {
      '/api/health': {
        get: {
          summary: '运行状态：数据库类型、解析进程池状态',
          responses: { '200': { description: '正常', content: jsonContent({ type: 'object' }) } },
        },
      },
    });
    return router;
  };
}
