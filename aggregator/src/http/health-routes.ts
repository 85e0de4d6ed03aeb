// GET /api/health. Anyone (a load balancer, a monitor) gets the minimal answer: the service is up
// and its database answers (503 when it does not). Administrators also get the detail — database
// kind, parse-pool state with its child PIDs, the uploads in flight — which tells an attacker how
// busy the server is and what to aim at, so it is not public (auth/policy.ts HEALTH_DETAIL).
import express from 'express';
import type { ParsePool } from '../ingest/parse-pool';
import type { UploadBudget } from '../ingest/upload-budget';
import { allows, HEALTH_DETAIL } from '../auth/policy';
import type { RouteContext, RouteModule } from './route-context';
import type { Health } from '../contract/health';
import { answerOf, registerPaths } from './openapi';

export function healthRoutes(pool: ParsePool<unknown>, uploads: UploadBudget): RouteModule {
  return ({ store, openapi, logger }: RouteContext) => {
    const router = express.Router();
    router.get('/api/health', async (_req, res) => {
      let reachable = true;
      try {
        await store.unitCount();
      } catch (err) {
        reachable = false;
        logger.error({ err }, 'health: database unreachable');
      }
      const answer: Health = reachable ? { status: 'ok', database: 'reachable' } : { status: 'unavailable', database: 'unreachable' };
      res.status(reachable ? 200 : 503);
      if (!allows(HEALTH_DETAIL, res.locals.auth?.user.role)) return void res.json(answer);
      res.json({ ...answer, dialect: store.dialect, parsePool: pool.stats(), uploads: uploads.stats() } satisfies Health);
    });
    registerPaths(openapi, {
      '/api/health': {
        get: {
          summary: '运行状态：服务是否正常、数据库能否连通（公开）；市级管理员另可看到数据库类型、解析进程池状态和处理中的上传',
          responses: {
            '200': answerOf('正常', 'Health'),
            '503': answerOf('数据库无法连通（status: unavailable）', 'Health'),
          },
        },
      },
    });
    return router;
  };
}
