// Entry of one parse child process. A parser bug or a hostile workbook (endless loop, heap blow-up)
// must cost only the file that triggered it, so parsing never runs in the server process: the pool
// forks this file, it loads the parse job once, then runs one job per message and answers.
//
// Started as: node --require tsx/cjs --max-old-space-size=N parse-worker.ts <job module> <job name> <options JSON>
import { z } from 'zod';
import { isAppError } from '../../../templates/src/core/errors';
import { errorText } from '../../../templates/src/core/error-catalogue';
import { isParseJob, type ParseJob } from '../../../templates/src/core/parse-job';

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

const failureSchema = z.object({ code: z.string(), message: z.string(), status: z.number().int() });

/**
 * Child → parent, checked by the parent: what arrives over IPC is whatever the child sent (a job's
 * bug, or a hostile file that steered it), not what the types say. A result is checked against the
 * job's own schema after this.
 */
export const workerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('fatal'), message: z.string() }),
  z.object({
    type: z.literal('done'),
    id: z.number().int(),
    outcome: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), result: z.unknown() }), z.object({ ok: z.literal(false), error: failureSchema })]),
  }),
]);

export type WorkerMessage = z.infer<typeof workerMessageSchema>;

export const PARSE_FAILED_MESSAGE = errorText('PARSE_FAILED').message;

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

export async function runJob<T, O>(job: Pick<ParseJob<T, O>, 'run'>, bytes: Uint8Array, fileName: string, options: O): Promise<ParseOutcome<T>> {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    return { ok: true, result: await job.run(buffer, fileName, options) };
  } catch (err) {
    return { ok: false, error: toFailure(err) };
  }
}

/** The job `exportName` of `modulePath`; throws when the module does not export a parse job under that name. */
export function loadJob(modulePath: string, exportName: string): ParseJob<unknown, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modulePath) as Record<string, unknown>;
  const job = mod[exportName];
  if (!isParseJob(job) || job.name !== exportName) throw new Error(`${modulePath} does not export a parse job named ${exportName}`);
  return job;
}

function serve(modulePath: string, exportName: string, optionsJson: string): void {
  const send = (msg: WorkerMessage): void => {
    process.send?.(msg);
  };
  // The parent going away closes the IPC channel; an orphaned worker has no reason to live.
  process.on('disconnect', () => process.exit(0));

  let job: ParseJob<unknown, unknown>;
  let options: unknown;
  try {
    job = loadJob(modulePath, exportName);
    options = JSON.parse(optionsJson);
  } catch (err) {
    send({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  }

  process.on('message', (msg: JobMessage) => {
    if (msg?.type !== 'job') return;
    void runJob(job, msg.bytes, msg.fileName, options).then((outcome) => {
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
  const [modulePath, exportName, optionsJson = 'null'] = process.argv.slice(2);
  serve(modulePath, exportName, optionsJson);
}
