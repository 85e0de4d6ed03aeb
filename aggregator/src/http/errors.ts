// The one place where failures become HTTP answers. Every error body has the same shape,
// {error: {code, message, where, …}}, and every message is Chinese and says what to do.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { MulterError } from 'multer';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError, type ErrorLocation } from '../../../templates/src/core/errors';
import { appError, errorText, type ErrorCode, type FactsArgs } from '../../../templates/src/core/error-catalogue';
import { bodyTooLarge, MULTIPART_FIELD_MAX_BYTES, MULTIPART_FIELDS_MAX } from './body-limits';
import { MAX_FILES_PER_UPLOAD } from './params';

/** An AppError whose body carries more than code/message/where, e.g. the rows of a bad registry. Build one with detailedAppError. */
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

/** The catalogue's error for `code` and `facts`, whose body also carries `details`. */
export function detailedAppError<C extends ErrorCode>(code: C, facts: FactsArgs<C>[0], details: Record<string, unknown>, where: ErrorLocation = {}): DetailedAppError {
  const { status, message } = errorText(code, ...([facts] as FactsArgs<C>));
  return new DetailedAppError(code, message, status, details, where);
}

export interface ErrorBody {
  error: { code: string; message: string; where?: ErrorLocation } & Record<string, unknown>;
}

export const INTERNAL_MESSAGE = errorText('INTERNAL').message;

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
  return { message: errorText('INVALID_REQUEST', { fields }).message, fields };
}

interface HttpishError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

function toResponse(err: unknown, uploadMaxBytes: number): { status: number; body: ErrorBody } | undefined {
  const known = knownError(err, uploadMaxBytes);
  if (!known) return undefined;
  const details = known instanceof DetailedAppError ? known.details : {};
  return { status: known.status, body: { error: { code: known.code, message: known.message, where: known.where, ...details } } };
}

/** The AppError a failure stands for: thrown as one, or one of the catalogue's for a known library fault. */
function knownError(err: unknown, uploadMaxBytes: number): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof z.ZodError) {
    const { fields } = describeZodError(err);
    return detailedAppError('INVALID_REQUEST', { fields }, { fields });
  }
  if (err instanceof MulterError) return multerError(err, uploadMaxBytes);
  const storeFault = storeUnavailable(err);
  if (storeFault) return appError(storeFault);
  if (isBrokenMultipart(err)) return appError('UPLOAD_INVALID', { broken: true });
  const http = (err ?? {}) as HttpishError;
  if (http.type === 'entity.too.large') return bodyTooLarge((err as { limit?: number }).limit ?? 0);
  if (http.type === 'entity.parse.failed') return appError('INVALID_JSON');
  const status = http.status ?? http.statusCode;
  if (http.expose && status && status >= 400 && status < 500) return appError('BAD_REQUEST', { status });
  return undefined;
}

function multerError(err: MulterError, uploadMaxBytes: number): AppError {
  switch (err.code) {
    case 'LIMIT_FILE_SIZE':
      return appError('FILE_TOO_LARGE', { of: 'upload', limitBytes: uploadMaxBytes });
    // One multer config per route (the registry takes one file, uploads many): the message says both limits.
    case 'LIMIT_FILE_COUNT':
      return appError('TOO_MANY_FILES', { maxFiles: MAX_FILES_PER_UPLOAD });
    case 'LIMIT_UNEXPECTED_FILE':
      return appError('UNEXPECTED_FIELD', { field: err.field ?? '' });
    // A form with more parts or fields than any page or tool sends: refused as soon as the count is passed.
    case 'LIMIT_PART_COUNT':
      return appError('UPLOAD_TOO_MANY_PARTS', { maxFields: MULTIPART_FIELDS_MAX, counted: 'parts' });
    case 'LIMIT_FIELD_COUNT':
      return appError('UPLOAD_TOO_MANY_PARTS', { maxFields: MULTIPART_FIELDS_MAX, counted: 'fields' });
    case 'LIMIT_FIELD_VALUE':
      return appError('UPLOAD_FIELD_TOO_LARGE', { field: err.field ?? '', maxBytes: MULTIPART_FIELD_MAX_BYTES });
    case 'LIMIT_FIELD_KEY':
      return appError('UPLOAD_FIELD_TOO_LARGE', { longName: true });
    default:
      return appError('UPLOAD_INVALID');
  }
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
function storeUnavailable(err: unknown): 'STORE_BUSY' | 'STORE_FULL' | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (STORE_BUSY_CODES.has(code)) return 'STORE_BUSY';
  if (STORE_FULL_CODES.has(code) || STORE_FULL_FAMILIES.test(code)) return 'STORE_FULL';
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
  appError('NOT_FOUND', { method: req.method, url: req.originalUrl });

/** Unknown /api paths answer in Chinese JSON rather than Express's English HTML. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(unknownOperation(req));
};
