// The aggregator's settings, read once from the environment. An operator who mistypes a variable
// gets one Chinese message naming every bad variable, instead of a server that starts half-configured.
import { z } from 'zod';
import type { WorkbookCheck } from '../../templates/src/core/check-read';
import { DEFAULT_YOY_THRESHOLD } from '../../templates/src/core/yoy';
import { checkWorkbookJob, type CheckJobOptions } from '../../templates/src/xlsx/check-job';
import type { GateLimits } from '../../templates/src/xlsx/zip-gate';
import type { ExpandLimits } from './ingest/expand-uploads';
import type { ParsePoolOptions } from './ingest/parse-pool';
import { DEFAULT_POOL_SIZE } from './store/connect';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Blank variables count as unset, so `PORT=` in an env file means "use the default". */
const blankAsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const int = (min: number, max: number, fallback: number, what: string) =>
  z.preprocess(
    blankAsUnset,
    z.coerce
      .number({ error: `应为${what}` })
      .int({ error: `应为${what}` })
      .min(min, { error: `应为${what}` })
      .max(max, { error: `应为${what}` })
      .default(fallback),
  );

/** 0 / 1 / a hop count / addresses, CIDR ranges and Express's names (loopback, linklocal, uniquelocal). */
const TRUST_PROXY_FORMAT = /^(\d{1,2}|(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?))*)$/;

const envSchema = z.object({
  PORT: int(0, 65535, 3000, '0～65535之间的整数端口号'),
  DATA_DIR: z.preprocess(blankAsUnset, z.string().default('./data')),
  DATABASE_URL: z.preprocess(
    blankAsUnset,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: '应为 postgres:// 开头的 PostgreSQL 连接串；使用 SQLite 时不要设置此变量' })
      .optional(),
  ),
  // At least 2: a rollup being computed holds one connection for its job row while it reads through another.
  DATABASE_POOL_SIZE: int(2, 1000, DEFAULT_POOL_SIZE, '2～1000之间的整数（每个服务进程最多打开的 PostgreSQL 连接数）'),
  YOY_THRESHOLD: z.preprocess(
    blankAsUnset,
    z.coerce.number({ error: '应为大于0的数，如 0.5 表示同比变化超过50%时提示' }).positive({ error: '应为大于0的数，如 0.5 表示同比变化超过50%时提示' }).default(DEFAULT_YOY_THRESHOLD),
  ),
  UPLOAD_MAX_BYTES: int(1024, 1024 * 1024 * 1024, 20 * 1024 * 1024, '1024～1073741824之间的字节数'),
  UPLOAD_TOTAL_MAX_BYTES: int(1024, 4 * 1024 * 1024 * 1024, 256 * 1024 * 1024, '1024～4294967296之间的字节数'),
  UPLOAD_INFLIGHT_MAX_BYTES: int(1024, 16 * 1024 * 1024 * 1024, 512 * 1024 * 1024, '1024～17179869184之间的字节数'),
  UPLOAD_QUEUE_WAIT_MS: int(0, 600000, 60000, '0～600000之间的毫秒数'),
  PARSE_WORKERS: int(1, 64, 2, '1～64之间的整数'),
  PARSE_QUEUE: int(1, 100000, 64, '1～100000之间的整数'),
  PARSE_TIMEOUT_MS: int(100, 600000, 10000, '100～600000之间的毫秒数'),
  PARSE_MEMORY_MB: int(32, 16384, 256, '32～16384之间的兆字节数'),
  ADMIN_USER: z.preprocess(blankAsUnset, z.string().trim().min(1).max(64).default('admin')),
  ADMIN_PASSWORD: z.preprocess(blankAsUnset, z.string().min(8, { error: '应至少8个字符' }).max(200).optional()),
  SESSION_IDLE_MINUTES: int(1, 24 * 60, 30, '1～1440之间的分钟数'),
  LOGIN_MAX_FAILURES: int(1, 1000, 5, '1～1000之间的整数'),
  LOGIN_MAX_FAILURES_PER_IP: int(1, 100000, 200, '1～100000之间的整数'),
  LOGIN_WINDOW_MINUTES: int(1, 24 * 60, 15, '1～1440之间的分钟数'),
  PUBLIC_ORIGIN: z.preprocess(
    blankAsUnset,
    z
      .string()
      .regex(/^https?:\/\/[^/]+$/, { error: '应为本系统对外的地址（协议+主机+端口，不带路径），如 https://fazhi.example.gov.cn' })
      .optional(),
  ),
  TRUST_PROXY: z.preprocess(
    blankAsUnset,
    z
      .string()
      .trim()
      .regex(TRUST_PROXY_FORMAT, {
        error: '应为 0（不经代理）、1（经过一层反向代理，如本机的 Nginx）、经过的代理层数（如 2），或逗号分隔的代理地址（如 127.0.0.1,10.0.0.0/8，也可写 loopback）',
      })
      .default('0'),
  ),
  TLS_CERT_FILE: z.preprocess(blankAsUnset, z.string().optional()),
  TLS_KEY_FILE: z.preprocess(blankAsUnset, z.string().optional()),
  SAMPLE_DATA: z.preprocess(blankAsUnset, z.enum(['0', '1'], { error: '应为 0 或 1（0：首次启动不载入示例单位和年度）' }).default('1')),
  LOG_LEVEL: z.preprocess(
    blankAsUnset,
    z.enum(LOG_LEVELS, { error: `应为以下之一：${LOG_LEVELS.join('、')}` }).default('info'),
  ),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  dataDir: string;
  /** Set: PostgreSQL. Unset: SQLite file `${dataDir}/aggregator.db`. */
  databaseUrl?: string;
  /** PostgreSQL connections per process; instances × this must stay below the server's max_connections. */
  databasePoolSize: number;
  /** SQLite file size cap in pages (PRAGMA max_page_count): a full disk on demand, for tests only; no variable sets it. */
  sqliteMaxPages?: number;
  yoyThreshold: number;
  uploadMaxBytes: number;
  /** One upload request as a whole (many files or a zip): it is held in memory while checked. */
  uploadTotalMaxBytes: number;
  /** All upload requests in flight together; more wait their turn (see ingest/upload-budget.ts). */
  uploadInflightMaxBytes: number;
  /** How long an upload waits for room in that budget before a 503. */
  uploadQueueWaitMs: number;
  parseWorkers: number;
  parseQueue: number;
  parseTimeoutMs: number;
  parseMemoryMb: number;
  logLevel: LogLevel;
  /** First start on an empty store loads the demo (sample registry, years 2023/2024); false: starts clean. */
  sampleData: boolean;
  /** First administrator's user name and password (generated and printed once when unset). */
  adminUser: string;
  adminPassword?: string;
  /** A session unused this long ends (minutes; fractions allowed in tests). */
  sessionIdleMinutes: number;
  /** Failed logins per user name, and per client address, within the window before 429. */
  loginMaxFailures: number;
  loginMaxFailuresPerIp: number;
  loginWindowMinutes: number;
  /** The origin browsers see (behind a proxy); unset: taken from the request's Host. */
  publicOrigin?: string;
  /**
   * Behind a reverse proxy: client address and HTTPS from X-Forwarded-*, as Express's 'trust proxy'
   * takes it: false (no proxy: X-Forwarded-For is ignored), a hop count, or the proxies' addresses.
   */
  trustProxy: false | number | string[];
  /** PEM certificate and key: serve HTTPS directly (Excel loads add-ins over HTTPS only). */
  tls?: { certFile: string; keyFile: string };
}

export class ConfigError extends Error {
  constructor(readonly faults: string[]) {
    super(`环境变量设置有误，请改正后重新启动：\n- ${faults.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the settings from `env` (default: process.env); throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}=${JSON.stringify(env[String(issue.path[0])] ?? '')}：${issue.message}`),
    );
  }
  const e = parsed.data;
  if (Boolean(e.TLS_CERT_FILE) !== Boolean(e.TLS_KEY_FILE)) {
    throw new ConfigError(['TLS_CERT_FILE 和 TLS_KEY_FILE 须同时设置（PEM 格式的证书和私钥），或都不设置（使用 HTTP）']);
  }
  return {
    port: e.PORT,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    yoyThreshold: e.YOY_THRESHOLD,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    uploadTotalMaxBytes: e.UPLOAD_TOTAL_MAX_BYTES,
    uploadInflightMaxBytes: e.UPLOAD_INFLIGHT_MAX_BYTES,
    uploadQueueWaitMs: e.UPLOAD_QUEUE_WAIT_MS,
    parseWorkers: e.PARSE_WORKERS,
    parseQueue: e.PARSE_QUEUE,
    parseTimeoutMs: e.PARSE_TIMEOUT_MS,
    parseMemoryMb: e.PARSE_MEMORY_MB,
    logLevel: e.LOG_LEVEL,
    sampleData: e.SAMPLE_DATA === '1',
    adminUser: e.ADMIN_USER,
    adminPassword: e.ADMIN_PASSWORD,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginMaxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
    loginWindowMinutes: e.LOGIN_WINDOW_MINUTES,
    publicOrigin: e.PUBLIC_ORIGIN,
    trustProxy: trustProxyOf(e.TRUST_PROXY),
    tls: e.TLS_CERT_FILE && e.TLS_KEY_FILE ? { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE } : undefined,
  };
}

// ---- what the one configuration says to each part ------------------------------------------------
// Multer, the upload expander, the zip gate (in the server and in every parse child) and the parse
// pool all take their limits from here, so raising UPLOAD_MAX_BYTES raises every one of them.

export interface UploadLimits {
  /** multer's per-file limit (and the express JSON body limit). */
  fileBytes: number;
  /** The upload expander: each file (or zip entry) and the whole upload's inflated total. */
  expand: Partial<ExpandLimits>;
  /** The zip gate, wherever it runs: a file as large as multer lets in must get through it. */
  gate: Partial<GateLimits>;
}

export function uploadLimits(config: Pick<Config, 'uploadMaxBytes' | 'uploadTotalMaxBytes'>): UploadLimits {
  return {
    fileBytes: config.uploadMaxBytes,
    expand: { maxEntryBytes: config.uploadMaxBytes, maxTotalBytes: config.uploadTotalMaxBytes },
    gate: { maxFileBytes: config.uploadMaxBytes },
  };
}

/** The parse pool the server starts: the workbook check in every child, under the configured gate. */
export function parsePoolOptions(
  config: Pick<Config, 'uploadMaxBytes' | 'uploadTotalMaxBytes' | 'parseWorkers' | 'parseQueue' | 'parseTimeoutMs' | 'parseMemoryMb'>,
  onEvent?: ParsePoolOptions['onEvent'],
): ParsePoolOptions<WorkbookCheck, CheckJobOptions> {
  return {
    job: checkWorkbookJob,
    jobOptions: { gate: uploadLimits(config).gate },
    workers: config.parseWorkers,
    maxQueue: config.parseQueue,
    timeoutMs: config.parseTimeoutMs,
    memoryMb: config.parseMemoryMb,
    onEvent,
  };
}

function trustProxyOf(value: string): Config['trustProxy'] {
  if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
  return value.split(',').map((part) => part.trim());
}
