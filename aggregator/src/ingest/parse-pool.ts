// A pool of pre-started child processes that parse uploaded workbooks. Measured: one hostile 17 KB
// workbook can exhaust a heap or spin a CPU forever, and worker_threads' resource limits did not
// contain it; a child process with a small heap and a SIGKILL on timeout does. So every parse runs in
// a child, one job per child at a time, and a child that misbehaves is killed and replaced while the
// pool keeps serving the other files.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { appError, errorText } from '../../../templates/src/core/error-catalogue';
import type { ParseJob } from '../../../templates/src/core/parse-job';
import { workerMessageSchema, type JobMessage, type ParseFailure, type ParseOutcome } from './parse-worker';

export type { ParseFailure, ParseOutcome } from './parse-worker';

export interface ParsePoolOptions<T = unknown, O = unknown> {
  /** What each child runs on a file, imported by the caller (e.g. checkWorkbookJob); its results are checked against job.result. */
  job: ParseJob<T, O>;
  /** Handed to every run of the job in every child (JSON: e.g. the zip gate's limits). */
  jobOptions: O;
  /** Child processes kept running. */
  workers: number;
  /** Jobs allowed to wait for a free child; one more is refused with BUSY (503). */
  maxQueue: number;
  /** Wall time one job may take in a child before the child is killed. */
  timeoutMs: number;
  /** V8 old-space limit of each child (--max-old-space-size). */
  memoryMb: number;
  /** Called on timeouts, crashes and start failures, for the log. */
  onEvent?: (event: PoolEvent) => void;
}

export type PoolEvent =
  | { type: 'timeout'; pid: number | undefined; fileName: string }
  | { type: 'crash'; pid: number | undefined; fileName?: string; exitCode: number | null; signal: string | null; stderrTail: string }
  | { type: 'start-failure'; pid: number | undefined; reason: string; stderrTail: string }
  /** The child sent something that is no worker message (it is killed and replaced), or a result its job's schema refuses. */
  | { type: 'bad-answer'; pid: number | undefined; fileName?: string; problem: string };

export interface ParsePoolStats {
  workers: number;
  ready: number;
  busy: number;
  queued: number;
  /** Children started to replace one that died or was killed. */
  restarts: number;
  timeouts: number;
  crashes: number;
  completed: number;
  pids: number[];
}

export interface ParsePool<T = unknown> {
  parse(bytes: Buffer, fileName: string): Promise<ParseOutcome<T>>;
  /** Resolves when every child has loaded its job module; rejects if they cannot start. */
  whenReady(): Promise<void>;
  stats(): ParsePoolStats;
  /** Refuses new jobs, fails waiting ones, lets running ones finish, then ends every child. */
  close(): Promise<void>;
}

export const PARSE_TIMEOUT_MESSAGE = errorText('PARSE_TIMEOUT').message;
export const PARSE_CRASHED_MESSAGE = errorText('PARSE_CRASHED').message;
export const PARSE_ANSWER_INVALID_MESSAGE = errorText('PARSE_ANSWER_INVALID').message;

// Same extension as this file: .ts under tsx and jest, .js should the code ever be compiled.
const WORKER_ENTRY = path.resolve(__dirname, `parse-worker${path.extname(__filename)}`);
/** Consecutive children that die before they are ready, after which jobs are refused, not queued. */
const START_FAILURES_BEFORE_BROKEN = 3;
const STDERR_TAIL_CHARS = 2000;
const CLOSE_GRACE_MS = 2000;

const busyError = () => appError('BUSY');
const closedError = () => appError('POOL_CLOSED');
const unavailableError = () => appError('PARSE_UNAVAILABLE');
const failure = (code: string, message: string, status: number): { ok: false; error: ParseFailure } => ({
  ok: false,
  error: { code, message, status },
});

interface Job<T> {
  id: number;
  bytes: Buffer;
  fileName: string;
  resolve: (outcome: ParseOutcome<T>) => void;
}

interface Worker<T> {
  child: ChildProcess;
  /** Idle or busy and able to take jobs; false while starting and once condemned. */
  ready: boolean;
  /** Said 'ready' once: its death is not a start failure. */
  started: boolean;
  job?: Job<T>;
  timer?: NodeJS.Timeout;
  stderrTail: string;
}

export function createParsePool<T, O>(opts: ParsePoolOptions<T, O>): ParsePool<T> {
  if (opts.workers < 1) throw new Error('a parse pool needs at least one worker');
  const jobArgs = [path.resolve(opts.job.module), opts.job.name, JSON.stringify(opts.jobOptions ?? null)];
  // A parse allocates little and briefly: a 2 MB young generation (default 16 MB) keeps each child's
  // resident memory near its code size (measured: about 60 MB less per child, same parse speed).
  const execArgv = ['--require', require.resolve('tsx/cjs'), `--max-old-space-size=${opts.memoryMb}`, '--max-semi-space-size=2'];

  const workers = new Set<Worker<T>>();
  const queue: Job<T>[] = [];
  const counters = { restarts: 0, timeouts: 0, crashes: 0, completed: 0 };
  let nextId = 1;
  let startFailures = 0;
  let closing = false;
  let readyWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const exited = new Set<Promise<void>>();

  const isBroken = () => startFailures >= START_FAILURES_BEFORE_BROKEN;
  const readyCount = () => [...workers].filter((w) => w.ready).length;

  function settleReadyWaiters(): void {
    if (readyCount() === opts.workers) {
      readyWaiters.forEach((w) => w.resolve());
      readyWaiters = [];
    } else if (isBroken()) {
      readyWaiters.forEach((w) => w.reject(unavailableError()));
      readyWaiters = [];
    }
  }

  function start(): void {
    const child = fork(WORKER_ENTRY, jobArgs, {
      execArgv,
      serialization: 'advanced',
      // stdout ignored: a chatty job must not write into the server's log stream.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const worker: Worker<T> = { child, ready: false, started: false, stderrTail: '' };
    workers.add(worker);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      worker.stderrTail = (worker.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    child.on('message', (msg: unknown) => onMessage(worker, msg));
    child.on('error', () => {
      // Spawn or IPC failures end in 'exit' as well; that is where the worker is replaced.
    });
    const gone = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        exited.delete(gone);
        onExit(worker, code, signal);
        resolve();
      });
    });
    exited.add(gone);
  }

  function onMessage(worker: Worker<T>, raw: unknown): void {
    const parsed = workerMessageSchema.safeParse(raw);
    if (!parsed.success) return badMessage(worker, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const msg = parsed.data;
    if (msg.type === 'ready') {
      worker.ready = true;
      worker.started = true;
      startFailures = 0;
      settleReadyWaiters();
      dispatch();
    } else if (msg.type === 'fatal') {
      worker.stderrTail = (worker.stderrTail + msg.message).slice(-STDERR_TAIL_CHARS);
    } else if (msg.type === 'done' && worker.job?.id === msg.id) {
      counters.completed++;
      finish(worker, checkedOutcome(worker, msg.outcome));
      dispatch();
    }
  }

  /** A result the job's schema refuses is answered as our error; the child may go on serving. */
  function checkedOutcome(worker: Worker<T>, outcome: ParseOutcome<unknown>): ParseOutcome<T> {
    if (!outcome.ok) return outcome;
    const checked = opts.job.result.safeParse(outcome.result);
    if (checked.success) return { ok: true, result: checked.data };
    const problem = checked.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    opts.onEvent?.({ type: 'bad-answer', pid: worker.child.pid, fileName: worker.job?.fileName, problem: `result: ${problem}` });
    return failure('PARSE_ANSWER_INVALID', PARSE_ANSWER_INVALID_MESSAGE, 500);
  }

  /** Not a worker message at all: the child no longer speaks the protocol, so its job fails and it is replaced. */
  function badMessage(worker: Worker<T>, problem: string): void {
    opts.onEvent?.({ type: 'bad-answer', pid: worker.child.pid, fileName: worker.job?.fileName, problem: `message: ${problem}` });
    if (worker.job) finish(worker, failure('PARSE_ANSWER_INVALID', PARSE_ANSWER_INVALID_MESSAGE, 500));
    // Not ready any more: nothing may be dispatched to it before its 'exit' replaces it.
    worker.ready = false;
    worker.child.kill('SIGKILL');
  }

  function finish(worker: Worker<T>, outcome: ParseOutcome<T>): void {
    const job = worker.job;
    clearTimeout(worker.timer);
    worker.job = undefined;
    worker.timer = undefined;
    job?.resolve(outcome);
  }

  function onExit(worker: Worker<T>, exitCode: number | null, signal: NodeJS.Signals | null): void {
    workers.delete(worker);
    const pid = worker.child.pid;
    if (worker.job) {
      counters.crashes++;
      opts.onEvent?.({ type: 'crash', pid, fileName: worker.job.fileName, exitCode, signal, stderrTail: worker.stderrTail });
      finish(worker, failure('PARSE_CRASHED', PARSE_CRASHED_MESSAGE, 422));
    } else if (!worker.started && !closing) {
      startFailures++;
      opts.onEvent?.({ type: 'start-failure', pid, reason: `exit ${exitCode ?? signal}`, stderrTail: worker.stderrTail });
    }
    if (closing) return;
    counters.restarts++;
    if (isBroken()) {
      // Every child dies while loading: queued jobs would wait forever. Keep retrying, slowly.
      queue.splice(0).forEach((job) => job.resolve(failure('PARSE_UNAVAILABLE', unavailableError().message, 503)));
      settleReadyWaiters();
      const delay = Math.min(100 * 2 ** startFailures, 5000);
      setTimeout(() => closing || start(), delay).unref();
    } else {
      start();
    }
  }

  function dispatch(): void {
    for (const worker of workers) {
      if (queue.length === 0) return;
      if (!worker.ready || worker.job || !worker.child.connected) continue;
      const job = queue.shift()!;
      worker.job = job;
      worker.timer = setTimeout(() => onTimeout(worker, job), opts.timeoutMs);
      const msg: JobMessage = { type: 'job', id: job.id, bytes: job.bytes, fileName: job.fileName };
      // A send error means the child is gone; its 'exit' answers the job as crashed.
      worker.child.send(msg, () => undefined);
    }
  }

  function onTimeout(worker: Worker<T>, job: Job<T>): void {
    if (worker.job !== job) return;
    counters.timeouts++;
    opts.onEvent?.({ type: 'timeout', pid: worker.child.pid, fileName: job.fileName });
    finish(worker, failure('PARSE_TIMEOUT', PARSE_TIMEOUT_MESSAGE, 422));
    // Not ready any more: nothing may be dispatched to it before its 'exit' replaces it.
    worker.ready = false;
    worker.child.kill('SIGKILL');
  }

  for (let i = 0; i < opts.workers; i++) start();

  return {
    parse(bytes, fileName) {
      if (closing) return Promise.reject(closedError());
      if (isBroken() && readyCount() === 0) return Promise.reject(unavailableError());
      // The queue only holds jobs while no ready child is idle (dispatch runs whenever one frees up).
      if (queue.length >= opts.maxQueue && !hasIdleWorker()) return Promise.reject(busyError());
      return new Promise<ParseOutcome<T>>((resolve) => {
        queue.push({ id: nextId++, bytes, fileName, resolve });
        dispatch();
      });
    },

    whenReady() {
      return new Promise<void>((resolve, reject) => {
        readyWaiters.push({ resolve, reject });
        settleReadyWaiters();
      });
    },

    stats() {
      const all = [...workers];
      return {
        workers: opts.workers,
        ready: all.filter((w) => w.ready).length,
        busy: all.filter((w) => w.job).length,
        queued: queue.length,
        ...counters,
        pids: all.map((w) => w.child.pid).filter((pid): pid is number => pid !== undefined),
      };
    },

    async close() {
      if (!closing) {
        closing = true;
        queue.splice(0).forEach((job) => job.resolve(failure('POOL_CLOSED', closedError().message, 503)));
        readyWaiters.forEach((w) => w.reject(closedError()));
        readyWaiters = [];
        // Running jobs end by themselves, at the latest at their timeout.
        await Promise.all(
          [...workers].filter((w) => w.job).map((w) => new Promise<void>((r) => w.child.once('exit', () => r()).once('message', () => r()))),
        );
        for (const worker of workers) endChild(worker.child);
      }
      await Promise.all(exited);
    },
  };

  function hasIdleWorker(): boolean {
    return [...workers].some((w) => w.ready && !w.job);
  }
}

function endChild(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // The worker exits when its IPC channel closes; SIGKILL if it is stuck.
  const force = setTimeout(() => child.kill('SIGKILL'), CLOSE_GRACE_MS);
  child.once('exit', () => clearTimeout(force));
  if (child.connected) child.disconnect();
  else child.kill('SIGKILL');
}
