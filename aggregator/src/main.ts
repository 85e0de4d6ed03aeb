// `npm start`: config → store (migrated) → sample data on first start → HTTP server.
import type { AddressInfo } from 'node:net';
import type express from 'express';
import pino, { type Logger } from 'pino';
import { CURRENT_CATALOGUE_VERSION } from '../../templates/src/core/catalogue';
import { submissionDeadline } from '../../templates/src/core/contract';
import { isAppError } from '../../templates/src/core/errors';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { loadConfig, parsePoolOptions, type Config } from './config';
import { ensureFirstAdmin } from './auth/bootstrap';
import type { WorkbookCheck } from '../../templates/src/xlsx/check-workbook';
import { createApp, DEFAULT_ROUTES, type RouteModule } from './http/app';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { addinRoutes } from './http/addin-routes';
import { baselineRoutes } from './http/baseline-routes';
import { createPdfReader } from './baseline/read/pdf-reader';
import { healthRoutes } from './http/health-routes';
import { rollupRoutes } from './http/rollup-routes';
import { draftRoutes } from './http/draft-routes';
import { submissionRoutes } from './http/submission-routes';
import { webRoutes } from './http/web-routes';
import { createParsePool, type ParsePool } from './ingest/parse-pool';
import { createUploadBudget } from './ingest/upload-budget';
import { openStore, type Store } from './store';

/** Years opened on first start: the current cycle, and the one before so 同比 has a base. */
export const FIRST_START_YEARS = [2023, 2024];

export interface RunningServer {
  url: string;
  app: express.Express;
  store: Store;
  pool: ParsePool<WorkbookCheck>;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  routes?: readonly RouteModule[];
}

/**
 * First start (a store no account has used yet): the sample registry and the first-start years, so
 * the system can be tried at once, marked as sample so `registry remove-sample` can drop them. With
 * SAMPLE_DATA=0 nothing is loaded. Once the first administrator exists the sample never comes back,
 * so removing it (or starting clean) lasts across restarts.
 */
export async function seedIfEmpty(store: Store, logger: Logger, sampleData = true): Promise<void> {
  if (!sampleData || (await store.accounts.countUsers()) > 0) return;
  let sample = false;
  if ((await store.unitCount()) === 0) {
    const { total } = await store.importRegistry(sampleRegistry(), { sample: true });
    sample = true;
    logger.info({ units: total }, 'sample registry loaded');
  }
  if ((await store.listYears()).length === 0) {
    for (const year of FIRST_START_YEARS) {
      try {
        // Years opened beside a registry the deployment imported itself are its own, not the demo's.
        await store.openYear({ year, catalogueVersion: CURRENT_CATALOGUE_VERSION, deadline: submissionDeadline(year) }, { sample });
      } catch (error) {
        // Another process starting at the same moment opened it first: that is the wanted state.
        if (!(isAppError(error) && error.code === 'YEAR_EXISTS')) throw error;
      }
    }
  }
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const store = await openStore(config);
  try {
    await seedIfEmpty(store, logger, config.sampleData);
    await ensureFirstAdmin(store, config);
  } catch (error) {
    await store.close();
    throw error;
  }
  const pool = createParsePool(parsePoolOptions(config, (event) => logger.warn(event, 'parse worker event')));
  try {
    await pool.whenReady();
  } catch (error) {
    await pool.close();
    await store.close();
    throw error;
  }
  // addinRoutes before webRoutes: the page answers everything else under '/'.
  const uploads = createUploadBudget(config.uploadInflightMaxBytes);
  // Last year's PDF reports are read in a parse child of their own, started on the first PDF.
  const pdfReader = createPdfReader();
  const routes = options.routes ?? [
    ...DEFAULT_ROUTES,
    submissionRoutes(pool, uploads),
    rollupRoutes,
    draftRoutes,
    baselineRoutes(pdfReader),
    healthRoutes(pool, uploads),
    addinRoutes(),
    webRoutes(),
  ];
  const app = createApp({ store, config, logger }, routes);
  let server: http.Server;
  try {
    server = config.tls
      ? https.createServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }, app)
      : http.createServer(app);
  } catch (error) {
    await pool.close();
    await store.close();
    throw new Error(`无法读取 HTTPS 证书或私钥（TLS_CERT_FILE / TLS_KEY_FILE）：${(error as Error).message}`);
  }
  server.listen(config.port);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error) => {
      void pool.close();
      void store.close();
      reject(error);
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `${config.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    app,
    store,
    pool,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await pool.close();
        await pdfReader.close();
        await store.close();
      })()),
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const logger = pino({ level: config.logLevel });
  let running: RunningServer;
  try {
    running = await startServer(config, { logger });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') console.error(`端口 ${config.port} 已被占用，请关闭占用该端口的程序，或用环境变量 PORT 指定其他端口。`);
    else console.error(`汇总服务启动失败：${(error as Error).message}`);
    process.exit(1);
  }
  const where = running.store.where.replace(/^SQLite /, 'SQLite 文件 ');
  const scheme = new URL(running.url).protocol.replace(':', '');
  console.log(`汇总服务已启动：${scheme}://localhost:${new URL(running.url).port}（数据：${where}）`);
  console.log('按 Ctrl+C 停止服务。');

  const shutdown = (signal: string) => {
    console.log(`收到 ${signal}，正在停止服务……`);
    // Requests in flight finish; a stuck connection must not keep the process alive for ever.
    setTimeout(() => process.exit(1), 10_000).unref();
    running.close().then(
      () => {
        console.log('服务已停止。');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`停止服务时出错：${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) void main();
