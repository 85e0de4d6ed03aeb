// The Express application: JSON parsing, request logs, the /api route modules, the OpenAPI
// document, and the one error mapper. No listening here (see main.ts), so tests can mount it freely.
import express from 'express';
import type { Logger } from 'pino';
import { jsonBodies } from './body-limits';
import { apiNotFound, errorMapper } from './errors';
import { createOpenApiDocument } from './openapi';
import type { AppDeps, RouteModule } from './route-context';
import { installAuth } from '../auth/middleware';
import { accountRoutes } from './account-routes';
import { auditRoutes } from './audit-routes';
import { progressRoutes } from './progress-routes';
import { registryRoutes } from './registry-routes';
import { reviewRoutes } from './review-routes';
import { sessionRoutes } from './session-routes';
import { signoffRoutes } from './signoff-routes';
import { templateRoutes } from './template-routes';

export type { AppDeps, RouteContext, RouteModule } from './route-context';

export const DEFAULT_ROUTES: readonly RouteModule[] = [registryRoutes, sessionRoutes, accountRoutes, reviewRoutes, signoffRoutes, progressRoutes, auditRoutes, templateRoutes];

export function createApp(deps: AppDeps, routes: readonly RouteModule[] = DEFAULT_ROUTES): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const openapi = createOpenApiDocument();
  app.locals.openapi = openapi;

  app.use(requestLog(deps.logger));
  // Deny by default: every /api request is identified and checked against the route table before
  // any body is read; then each route reads at most its own limit (body-limits.ts).
  installAuth(app, deps, openapi);
  app.use('/api', jsonBodies(deps.config));
  for (const module of routes) app.use(module({ ...deps, openapi }));
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use('/api', apiNotFound);
  app.use(errorMapper(deps.logger, deps.config.uploadMaxBytes));
  return app;
}

function requestLog(logger: Logger): express.RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms) }, 'request');
    });
    next();
  };
}
