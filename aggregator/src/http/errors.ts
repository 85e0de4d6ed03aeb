// The one place where failures become HTTP answers. Every error body has the same shape,
// {error: {code, message, where, …}}, and every message is Chinese and says what to do.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { MulterError } from 'multer';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError, type ErrorLocation } from '../../../templates/src/core/errors';
import { bodyTooLarge, MULTIPART_FIELD_MAX_BYTES, MULTIPART_FIELDS_MAX } from './body-limits';
import { MAX_FILES_PER_UPLOAD } from './params';

/** An AppError whose body carries more than code/message/where, e.g. the rows of a bad registry. */
export class DetailedAppError extends AppError {
  constructor(
    code: string,
    message: string,
    status: number,
    readonly details: Record<string, unknown>,
    where: ErrorLocation = {},
  ) {
    super(code, message, status, where);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; where?: ErrorLocation } & Record<string, unknown>;
}

export const INTERNAL_MESSAGE = '服务器内部错误，请稍后重试或联系管理员';

const zhCN = z.locales.zhCN().localeError;
const hasChinese = (text: string) => /[\u4e00-\u9fff]/.test(text);

/**
 * Parses request input with Chinese default messages (a schema's own messages win).
 * Throws the ZodError, which the error mapper turns into 400.
 */
export function parseInput<T extends z.ZodType>(schema: T, data: unknown): z.output<T> {
  return schema.parse(data, { error: zhCN });
}

/** "字段“year”：应为整数" for each issue; English defaults (from schemas parsed elsewhere) are translated. */
export function describeZodError(error: z.ZodError): { message: string; fields: { field: string; message: string }[] } {
  const fields = error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '请求内容';
    let text = issue.message;
    if (!hasChinese(text)) {
      const translated = zhCN(issue as unknown as Parameters<typeof zhCN>[0]);
      text = typeof translated === 'string' ? translated : (translated?.message ?? text);
    }
    return { field, message: text };
  });
  const message = `请求内容有误，请改正后重试：${fields.map((f) => `字段“${f.field}”：${f.message}`).join('；')}`;
  return { message, fields };
}

interface HttpishError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

function toResponse(err: unknown, uploadMaxBytes: number): { status: number; body: ErrorBody } | undefined {
  if (err instanceof AppError) {
    const details = err instanceof DetailedAppError ? err.details : {};
    return { status: err.status, body: { error: { code: err.code, message: err.message, where: err.where, ...details } } };
  }
  if (err instanceof z.ZodError) {
    const { message, fields } = describeZodError(err);
    return { status: 400, body: { error: { code: 'INVALID_REQUEST', message, where: {}, fields } } };
  }
  if (err instanceof MulterError) {
    const mb = (uploadMaxBytes / 1024 / 1024).toFixed(1);
    const messages: Partial<Record<MulterError['code'], [number, string, string]>> = {
      LIMIT_FILE_SIZE: [413, 'FILE_TOO_LARGE', `上传的文件超过大小上限（${mb} MB），请检查是否选错了文件。`],
      // One multer config per route (the registry takes one file, uploads many): say both limits.
      LIMIT_FILE_COUNT: [400, 'TOO_MANY_FILES', `一次上传的文件数超过上限（导入单位名录每次一个文件；上传工作簿每次最多 ${MAX_FILES_PER_UPLOAD} 个），请分批上传。`],
      LIMIT_UNEXPECTED_FILE: [
        400,
        'UNEXPECTED_FIELD',
        `收到了不认识的文件字段“${err.field ?? ''}”：上传工作簿请放在表单字段“files”中，导入单位名录请放在“file”中。`,
      ],
      // A form with more parts or fields than any page or tool sends: refused as soon as the count is passed.
      LIMIT_PART_COUNT: [413, 'UPLOAD_TOO_MANY_PARTS', `上传表单的部分过多（文件之外最多 ${MULTIPART_FIELDS_MAX} 个字段），已拒绝：请通过页面、填报助手或 npm run ingest 上传。`],
      LIMIT_FIELD_COUNT: [413, 'UPLOAD_TOO_MANY_PARTS', `上传表单的字段过多（最多 ${MULTIPART_FIELDS_MAX} 个），已拒绝：请通过页面、填报助手或 npm run ingest 上传。`],
      LIMIT_FIELD_VALUE: [413, 'UPLOAD_FIELD_TOO_LARGE', `上传表单中字段“${err.field ?? ''}”的内容过长（最多 ${MULTIPART_FIELD_MAX_BYTES / 1024} KB），已拒绝：请通过页面、填报助手或 npm run ingest 上传。`],
      LIMIT_FIELD_KEY: [413, 'UPLOAD_FIELD_TOO_LARGE', '上传表单中有过长的字段名，已拒绝：请通过页面、填报助手或 npm run ingest 上传。'],
    };
    const [status, code, message] = messages[err.code] ?? [400, 'UPLOAD_INVALID', '上传内容格式不正确，请通过页面重新选择文件上传。'];
    return { status, body: { error: { code, message, where: {} } } };
  }
  const storeFault = storeUnavailable(err);
  if (storeFault) return { status: 503, body: { error: { code: storeFault.code, message: storeFault.message, where: {} } } };
  if (isBrokenMultipart(err)) {
    return { status: 400, body: { error: { code: 'UPLOAD_INVALID', message: '上传内容不完整或格式不正确（连接可能中断了）：请通过页面重新选择文件上传。', where: {} } } };
  }
  const http = (err ?? {}) as HttpishError;
  if (http.type === 'entity.too.large') {
    const { code, message, status } = bodyTooLarge((err as { limit?: number }).limit ?? 0);
    return { status, body: { error: { code, message, where: {} } } };
  }
  if (http.type === 'entity.parse.failed') {
    return { status: 400, body: { error: { code: 'INVALID_JSON', message: '请求内容不是合法的 JSON，请检查格式后重试。', where: {} } } };
  }
  const status = http.status ?? http.statusCode;
  if (http.expose && status && status >= 400 && status < 500) {
    return { status, body: { error: { code: 'BAD_REQUEST', message: '请求无法处理，请检查请求格式后重试。', where: {} } } };
  }
  return undefined;
}

/** SQLite result codes and PostgreSQL SQLSTATEs that mean "the database cannot take this now", not a bug. */
const STORE_BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT', '55P03', '40P01', '40001', '57014', '53200', '53300']);
/**
 * The disk is full or refuses writes, which only an administrator can fix: SQLite's SQLITE_FULL and
 * its I/O and read-only families (SQLITE_IOERR_WRITE, _FSYNC, _SHMSIZE, …), Node's ENOSPC / EDQUOT /
 * EFBIG, PostgreSQL's disk_full (53100), configuration_limit_exceeded (53400, e.g. temp_file_limit)
 * and io_error (58030).
 */
const STORE_FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT', 'EFBIG', '53100', '53400', '58030']);
const STORE_FULL_FAMILIES = /^SQLITE_(IOERR|READONLY)(_|$)/;

/**
 * A write the database refused for a passing reason (locked, deadlock, disk full): the transaction
 * rolled back, so nothing was stored and the same request can simply be retried (once an
 * administrator has freed the disk, for STORE_FULL).
 */
function storeUnavailable(err: unknown): { code: string; message: string } | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (STORE_BUSY_CODES.has(code)) {
    return { code: 'STORE_BUSY', message: '数据库正忙（可能有其他程序正在写入），本次内容未保存：请稍等片刻后重试。' };
  }
  if (STORE_FULL_CODES.has(code) || STORE_FULL_FAMILIES.test(code)) {
    return { code: 'STORE_FULL', message: '服务器磁盘空间不足或无法写入，本次内容未保存：请联系管理员检查并清理服务器磁盘后重试。' };
  }
  return undefined;
}

/**
 * A multipart body that ends early or is malformed: busboy's plain Errors, which multer passes on
 * with `storageErrors` attached (or, for a missing boundary, as thrown by busboy's constructor).
 */
function isBrokenMultipart(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return Array.isArray((err as { storageErrors?: unknown }).storageErrors) || /^Multipart: Boundary not found/.test(err.message);
}

/** Express error middleware: known faults → 4xx; anything else → logged 500, and the server stays up. */
export function errorMapper(logger: Logger, uploadMaxBytes: number): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const known = toResponse(err, uploadMaxBytes);
    if (known) {
      if (known.status >= 500) logger.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
      res.status(known.status).json(known.body);
      return;
    }
    logger.error({ err, method: req.method, url: req.originalUrl }, 'unexpected error');
    const body: ErrorBody = { error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
    res.status(500).json(body);
  };
}

/** A request for an /api operation that does not exist (the auth middleware and the fallback below). */
export const unknownOperation = (req: { method: string; originalUrl: string }): AppError =>
  new AppError('NOT_FOUND', `接口不存在：${req.method} ${req.originalUrl}。可用接口见 /api/openapi.json。`, 404);

/** Unknown /api paths answer in Chinese JSON rather than Express's English HTML. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(unknownOperation(req));
};
