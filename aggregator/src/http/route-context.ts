// What every route module is handed: the store, the configuration, the logger and the OpenAPI
// document it registers its paths in. Kept apart from app.ts so route modules need not import the app.
import type express from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Store } from '../store';
import type { OpenApiDocument } from './openapi';

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

