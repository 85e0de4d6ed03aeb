// Entry of one parse child process. A parser bug or a hostile workbook (endless loop, heap blow-up)
// must cost only the file that triggered it, so parsing never runs in the server process: the pool
// forks this file, it loads the job function once, then runs one job per message and answers.
//
// Started as: node --require tsx/cjs --max-old-space-size=N parse-worker.ts <module> <export>
import { isAppError } from '../../../templates/src/core/errors';

/** What a job function receives and returns. Sync or async; the result must be structured-cloneable. */
export type JobFunction<T = unknown> = (bytes: Buffer, fileName: string) => T | Promise<T>;

export interface ParseFailure {
  code: string;
  /** Chinese message for the user. */
  message: string;
  status: number;
}

export type ParseOutcome<T = unknown> = { ok: true; result: T } | { ok: false; error: ParseFailure };

/** Parent → child. */
export interface JobMessage {
  type: 'job';
  id: number;
  bytes: Uint8Array;
  fileName: string;
}

/** Child → parent. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'done'; id: number; outcome: ParseOutcome };

export const PARSE_FAILED_MESSAGE = '文件解析出错：请确认上传的是用标准模板填报的 .xlsx 文件；如仍失败，请联系管理员';

/**
 * Maps what a job threw to an outcome. AppError (thrown on purpose: NOT_XLSX, ZIP_BOMB …) keeps its
 * code, message and status; anything else is our bug, reported as PARSE_FAILED. Duck typing as a
 * fallback because a job module may load its own copy of errors.ts.
 */
export function toFailure(err: unknown): ParseFailure {
  if (isAppError(err)) return { code: err.code, message: err.message, status: err.status };
  if (err instanceof Error && err.name === 'AppError') {
    const { code, status } = err as Error & { code?: unknown; status?: unknown };
    if (typeof code === 'string' && typeof status === 'number') return { code, message: err.message, status };
  }
  return { code: 'PARSE_FAILED', message: PARSE_FAILED_MESSAGE, status: 500 };
}

export async function runJob<T>(fn: JobFunction<T>, bytes: Uint8Array, fileName: string): Promise<ParseOutcome<T>> {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    return { ok: true, result: await fn(buffer, fileName) };
  } catch (err) {
    return { ok: false, error: toFailure(err) };
  }
}

export function loadJobFunction(modulePath: string, exportName: string): JobFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modulePath) as Record<string, unknown>;
  const fn = mod[exportName];
  if (typeof fn !== 'function') throw new Error(`${modulePath} does not export a function named ${exportName}`);
  return fn as JobFunction;
}

function serve(modulePath: string, exportName: string): void {
  const send = (msg: WorkerMessage): void => {
    process.send?.(msg);
  };
  // The parent going away closes the IPC channel; an orphaned worker has no reason to live.
  process.on('disconnect', () => process.exit(0));

  let fn: JobFunction;
  try {
    fn = loadJobFunction(modulePath, exportName);
  } catch (err) {
    send({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  }

  process.on('message', (msg: JobMessage) => {
    if (msg?.type !== 'job') return;
    void runJob(fn, msg.bytes, msg.fileName).then((outcome) => {
      try {
        send({ type: 'done', id: msg.id, outcome });
      } catch {
        // The result could not be cloned (e.g. holds a function): a bug in the job, not in the file.
        send({ type: 'done', id: msg.id, outcome: { ok: false, error: toFailure(new Error('unserializable result')) } });
      }
    });
  });
  send({ type: 'ready' });
}

if (require.main === module && process.send) {
  const [modulePath, exportName] = process.argv.slice(2);
  serve(modulePath, exportName);
}
