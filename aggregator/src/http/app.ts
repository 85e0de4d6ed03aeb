// The Express application: JSON parsing, request logs, the /api route modules, the OpenAPI
// document, and the one error mapper. No listening here (see main.ts), so tests can mount it freely.
import express from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Store } from '../store';
import { apiNotFound, errorMapper } from './errors';
import { createOpenApiDocument, type OpenApiDocument } from './openapi';
import { installAuth } from '../auth/middleware';
import { accountRoutes } from './account-routes';
import { auditRoutes } from './audit-routes';
import { progressRoutes } from './progress-routes';
import { registryRoutes } from './registry-routes';
import { reviewRoutes } from './review-routes';
import { sessionRoutes } from './session-routes';

export interface AppDeps {
  store: Store;
  config: Config;
  logger: Logger;
}

export interface RouteContext extends AppDeps {
  /** Register the module's paths here (registerPaths) next to its handlers. */
  openapi: OpenApiDocument;
}

/**
 * A route module returns a router whose routes carry their full /api paths. Modules needing more
 * than AppDeps (e.g. the parse pool) are factories that close over it: `(pool) => (ctx) => router`.
 */
export type RouteModule = (ctx: RouteContext) => express.Router;

export const DEFAULT_ROUTES: readonly RouteModule[] = [registryRoutes, sessionRoutes, accountRoutes, reviewRoutes, progressRoutes, auditRoutes];

export function createApp(deps: AppDeps, routes: readonly RouteModule[] = DEFAULT_ROUTES): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const openapi = createOpenApiDocument();
  app.locals.openapi = openapi;

  app.use(requestLog(deps.logger));
  // Deny by default: every /api request is identified and checked against the route table before
  // any body is read.
  installAuth(app, deps, openapi);
  app.use('/api', express.json({ limit: deps.config.uploadMaxBytes }));
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
