// The OpenAPI document and the Express router must list the same /api routes: a route added
// without documentation, or documentation left behind by a removed route, fails here.
import express from 'express';
import { createApp, DEFAULT_ROUTES, type RouteModule } from '../../aggregator/src/http/app';
import { HTTP_METHODS, toOpenApiPath, type OpenApiDocument } from '../../aggregator/src/http/openapi';
import pino from 'pino';
import { forEachDatabase } from '../support/databases';
import { fetchJson, startTestServer, type TestServer } from '../support/server';

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

/** Every "METHOD /path" the router serves under /api, mounted routers included. */
function routerRoutes(app: express.Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        // A route may answer several paths (the web page serves '/' and '/index.html').
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths) {
          // Pattern routes serve files outside the API (e.g. /addin pages); one must never reach /api.
          if (path instanceof RegExp && !path.test('/api/x') && !path.source.includes('api')) continue;
          if (typeof path !== 'string') throw new Error(`route path is not a string: ${String(path)}`);
          for (const method of Object.keys(layer.route.methods)) {
            if (method !== '_all') found.push(`${method.toUpperCase()} ${toOpenApiPath(prefix + path)}`);
          }
        }
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app.router as unknown as { stack: Layer[] }).stack, '');
  return found.filter((r) => r.split(' ')[1].startsWith('/api/')).sort();
}

function documentedRoutes(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, item]) => HTTP_METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

forEachDatabase((db) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(db);
  });
  afterAll(() => server?.close());

  it('serves an OpenAPI 3.1 document that matches the router exactly', async () => {
    const { status, body } = await fetchJson(`${server.url}/api/openapi.json`);
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const routes = routerRoutes(server.app);
    expect(routes).toEqual(expect.arrayContaining(['GET /api/registry', 'POST /api/registry', 'GET /api/years', 'POST /api/years']));
    expect(documentedRoutes(body)).toEqual(routes);
  });

  it('gives every operation a Chinese summary and its responses', async () => {
    const doc = (await fetchJson(`${server.url}/api/openapi.json`)).body as OpenApiDocument;
    for (const item of Object.values(doc.paths)) {
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (!op) continue;
        expect(op.summary).toMatch(/[\u4e00-\u9fff]/);
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
      }
    }
    // The request schema is generated from the zod schema the route validates with.
    const yearBody = doc.paths['/api/years'].post!.requestBody!.content['application/json'].schema;
    expect(yearBody).toMatchObject({ type: 'object', required: expect.arrayContaining(['year', 'catalogueVersion', 'deadline']) });
  });

  it('documents each path parameter, and query parameters as the route parses them', async () => {
    const doc = (await fetchJson(`${server.url}/api/openapi.json`)).body as OpenApiDocument;
    for (const [path, item] of Object.entries(doc.paths)) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      for (const method of HTTP_METHODS) {
        const parameters = (item[method]?.parameters ?? []) as { name: string; in: string; required: boolean }[];
        const documented = parameters.filter((p) => p.in === 'path');
        expect({ path, method, names: documented.map((p) => p.name).sort() }).toEqual({ path, method, names: item[method] ? inPath : [] });
        expect(documented.every((p) => p.required)).toBe(true);
      }
    }
    // Generated from the zod schemas: the audit filter's limit is an integer with its bounds, the year too.
    const audit = doc.paths['/api/audit'].get!.parameters as { name: string; schema: Record<string, unknown>; required: boolean }[];
    expect(audit.find((p) => p.name === 'limit')).toMatchObject({ required: false, schema: { type: 'integer', minimum: 1, maximum: 100_000 } });
    const progress = doc.paths['/api/progress'].get!.parameters as { name: string; schema: Record<string, unknown>; required: boolean }[];
    expect(progress).toEqual([expect.objectContaining({ name: 'year', required: true, schema: expect.objectContaining({ type: 'integer', minimum: 2000, maximum: 2100 }) })]);
  });

  it('notices an undocumented route', () => {
    const sneaky: RouteModule = () => express.Router().get('/api/undocumented/:id', (_req, res) => void res.end());
    const app = createApp({ store: server.store, config: server.config, logger: pino({ level: 'silent' }) }, [...DEFAULT_ROUTES, sneaky]);
    const routes = routerRoutes(app);
    expect(routes).toContain('GET /api/undocumented/{id}');
    expect(documentedRoutes(app.locals.openapi)).not.toContain('GET /api/undocumented/{id}');
  });
});
