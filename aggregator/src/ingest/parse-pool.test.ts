import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createParsePool, PARSE_ANSWER_INVALID_MESSAGE, PARSE_CRASHED_MESSAGE, PARSE_TIMEOUT_MESSAGE, type ParsePool, type PoolEvent } from './parse-pool';
import { hostileJob, rewriteParts, withWholeSheetMerge, withWholeSheetValidation, type EchoResult } from '../../../test/support/hostile';
import { CURRENT_CATALOGUE_VERSION, getCatalogue } from '../../../templates/src/core/catalogue';
import type { WorkbookCheck } from '../../../templates/src/xlsx/check-workbook';
import { checkWorkbookJob } from '../../../templates/src/xlsx/check-job';
import { errorText } from '../../../templates/src/core/error-catalogue';
import { workbookCheckSchema } from '../../../templates/src/core/check-read';
import { loadConfig, parsePoolOptions } from '../config';
import { writeTemplate } from '../../../templates/src/xlsx/write-template';

const cmd = (command: string) => Buffer.from(command, 'utf8');

function hostilePool(opts: { workers?: number; maxQueue?: number; timeoutMs?: number; events?: PoolEvent[]; jobOptions?: unknown } = {}) {
  return createParsePool<EchoResult, unknown>({
    job: hostileJob,
    jobOptions: opts.jobOptions ?? null,
    workers: opts.workers ?? 2,
    maxQueue: opts.maxQueue ?? 10,
    timeoutMs: opts.timeoutMs ?? 1000,
    memoryMb: 48,
    onEvent: (e) => opts.events?.push(e),
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('parse pool with hostile jobs', () => {
  let pool: ParsePool<EchoResult>;
  const events: PoolEvent[] = [];

  beforeAll(async () => {
    pool = hostilePool({ workers: 2, timeoutMs: 5000, events });
    await pool.whenReady();
  });
  afterAll(() => pool.close());

  it('runs jobs in parallel in separate child processes', async () => {
    const [a, b] = await Promise.all([pool.parse(cmd('sleep:400'), 'a.xlsx'), pool.parse(cmd('sleep:400'), 'b.xlsx')]);
    if (!a.ok || !b.ok) throw new Error('expected both jobs to succeed');
    expect(a.result.fileName).toBe('a.xlsx');
    expect(b.result.fileName).toBe('b.xlsx');
    expect(a.result.pid).not.toBe(b.result.pid);
    expect([a.result.pid, b.result.pid]).not.toContain(process.pid);
    // They ran at the same time, whatever the machine's load: each started before the other ended.
    expect(a.result.startedAt).toBeLessThan(b.result.endedAt);
    expect(b.result.startedAt).toBeLessThan(a.result.endedAt);
  });

  it('contains a job that exhausts its heap: PARSE_CRASHED, worker replaced, next job succeeds', async () => {
    const pidsBefore = pool.stats().pids;
    const outcome = await pool.parse(cmd('heap'), 'huge-merge.xlsx');
    expect(outcome).toEqual({ ok: false, error: { code: 'PARSE_CRASHED', message: PARSE_CRASHED_MESSAGE, status: 422 } });
    const crash = events.find((e): e is Extract<PoolEvent, { type: 'crash' }> => e.type === 'crash' && e.fileName === 'huge-merge.xlsx');
    expect(crash?.stderrTail).toMatch(/heap/i);

    const next = await pool.parse(cmd('echo'), 'next.xlsx');
    expect(next.ok).toBe(true);
    await waitFor(() => pool.stats().ready === 2);
    const replaced = pidsBefore.filter((pid) => !pool.stats().pids.includes(pid));
    expect(replaced).toHaveLength(1);
    expect(isAlive(replaced[0])).toBe(false);
  });

  it('answers PARSE_CRASHED when the job calls process.exit', async () => {
    const outcome = await pool.parse(cmd('exit'), 'exit.xlsx');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'PARSE_CRASHED' } });
    expect(events).toContainEqual(expect.objectContaining({ type: 'crash', fileName: 'exit.xlsx', exitCode: 3 }));
    expect((await pool.parse(cmd('echo'), 'x.xlsx')).ok).toBe(true);
  });

  it('passes an AppError through with its code, message and status', async () => {
    const outcome = await pool.parse(cmd('app-error'), '报表.xlsx');
    expect(outcome).toEqual({ ok: false, error: { code: 'NOT_XLSX', message: errorText('NOT_XLSX', { looksLike: 'other' }).message, status: 400 } });
  });

  it('reports any other exception as PARSE_FAILED without losing the worker', async () => {
    const pids = pool.stats().pids;
    const outcome = await pool.parse(cmd('throw'), 'bug.xlsx');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'PARSE_FAILED', status: 500 } });
    expect(pool.stats().pids).toEqual(pids);
  });

  it("refuses a result its job's schema does not accept, with a clear error, and keeps the worker", async () => {
    const pids = pool.stats().pids;
    const outcome = await pool.parse(cmd('bad-result'), 'odd.xlsx');
    expect(outcome).toEqual({ ok: false, error: { code: 'PARSE_ANSWER_INVALID', message: PARSE_ANSWER_INVALID_MESSAGE, status: 500 } });
    expect(PARSE_ANSWER_INVALID_MESSAGE).toMatch(/^文件解析服务返回了无法识别的结果.*本文件未保存/);
    // What was wrong goes to the log, down to the field: the pid came as text, the times not at all.
    const event = events.find((e): e is Extract<PoolEvent, { type: 'bad-answer' }> => e.type === 'bad-answer' && e.fileName === 'odd.xlsx');
    expect(event?.problem).toMatch(/^result: pid: .*startedAt/);
    expect(pool.stats().pids).toEqual(pids);
    expect((await pool.parse(cmd('echo'), 'next.xlsx')).ok).toBe(true);
  });

  it('fails the job of a child that sends garbage instead of an answer, and replaces that child', async () => {
    const pidsBefore = pool.stats().pids;
    const outcome = await pool.parse(cmd('bad-message'), 'garbage.xlsx');
    expect(outcome).toEqual({ ok: false, error: { code: 'PARSE_ANSWER_INVALID', message: PARSE_ANSWER_INVALID_MESSAGE, status: 500 } });
    expect(events).toContainEqual(expect.objectContaining({ type: 'bad-answer', fileName: 'garbage.xlsx', problem: expect.stringMatching(/^message: /) }));
    await waitFor(() => pool.stats().ready === 2 && pool.stats().pids.filter((pid) => pidsBefore.includes(pid)).length === 1);
    const replaced = pidsBefore.filter((pid) => !pool.stats().pids.includes(pid));
    expect(replaced).toHaveLength(1);
    await waitFor(() => !isAlive(replaced[0]));
    expect((await pool.parse(cmd('echo'), 'after.xlsx')).ok).toBe(true);
  });
});

describe('parse pool job options', () => {
  it("hands the pool's job options to every run in every child", async () => {
    const pool = hostilePool({ workers: 1, jobOptions: { gate: { maxFileBytes: 26_214_400 } } });
    try {
      const outcome = await pool.parse(cmd('options'), 'a.xlsx');
      if (!outcome.ok) throw new Error(outcome.error.message);
      expect(JSON.parse(outcome.result.command)).toEqual({ gate: { maxFileBytes: 26_214_400 } });
    } finally {
      await pool.close();
    }
  });
});

describe('parse pool timeout', () => {
  let pool: ParsePool<EchoResult>;
  const events: PoolEvent[] = [];

  beforeAll(async () => {
    pool = hostilePool({ workers: 3, timeoutMs: 500, events });
    await pool.whenReady();
  });
  afterAll(() => pool.close());

  it('kills a job that never ends, answers PARSE_TIMEOUT, and keeps serving', async () => {
    const stuck = pool.parse(cmd('loop'), '区司法局.xlsx');
    const other = pool.parse(cmd('echo'), 'other.xlsx');
    await expect(other).resolves.toMatchObject({ ok: true, result: { fileName: 'other.xlsx' } });
    const outcome = await stuck;
    expect(outcome).toEqual({ ok: false, error: { code: 'PARSE_TIMEOUT', message: PARSE_TIMEOUT_MESSAGE, status: 422 } });
    expect(events).toContainEqual(expect.objectContaining({ type: 'timeout', fileName: '区司法局.xlsx' }));

    const after = await pool.parse(cmd('echo'), 'after.xlsx');
    expect(after.ok).toBe(true);
    await waitFor(() => pool.stats().ready === 3);
    expect(pool.stats()).toMatchObject({ timeouts: 1, restarts: 1, crashes: 0 });
  });

  it('survives every worker timing out at once (killed workers are not start failures)', async () => {
    const outcomes = await Promise.all(['a', 'b', 'c'].map((n) => pool.parse(cmd('loop'), `${n}.xlsx`)));
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['PARSE_TIMEOUT', 'PARSE_TIMEOUT', 'PARSE_TIMEOUT']);
    expect((await pool.parse(cmd('echo'), 'after.xlsx')).ok).toBe(true);
    await pool.whenReady();
    expect(pool.stats()).toMatchObject({ ready: 3, timeouts: 4, restarts: 4 });
  });
});

describe('parse pool queue and shutdown', () => {
  it('refuses with 503 BUSY once maxQueue jobs wait', async () => {
    const pool = hostilePool({ workers: 1, maxQueue: 2 });
    try {
      await pool.whenReady();
      const running = pool.parse(cmd('sleep:300'), 'running.xlsx');
      const waiting = [pool.parse(cmd('echo'), 'w1.xlsx'), pool.parse(cmd('echo'), 'w2.xlsx')];
      expect(pool.stats()).toMatchObject({ busy: 1, queued: 2 });
      await expect(pool.parse(cmd('echo'), 'w3.xlsx')).rejects.toMatchObject({ code: 'BUSY', status: 503, message: '服务器繁忙，请稍后重试' });
      const outcomes = await Promise.all([running, ...waiting]);
      expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
      expect((await pool.parse(cmd('echo'), 'later.xlsx')).ok).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('close() ends every child, including ones killed and replaced on the way', async () => {
    const pool = hostilePool({ workers: 2, timeoutMs: 300 });
    await pool.whenReady();
    const seen = new Set(pool.stats().pids);
    await pool.parse(cmd('loop'), 'stuck.xlsx');
    await waitFor(() => pool.stats().ready === 2);
    pool.stats().pids.forEach((pid) => seen.add(pid));
    expect(seen.size).toBe(3);

    const running = pool.parse(cmd('sleep:100'), 'late.xlsx');
    await pool.close();
    expect((await running).ok).toBe(true); // already running when close() came: it finishes
    expect([...seen].filter(isAlive)).toEqual([]);
    expect(pool.stats().pids).toEqual([]);
    await expect(pool.parse(cmd('echo'), 'after-close.xlsx')).rejects.toMatchObject({ code: 'POOL_CLOSED', status: 503 });
  });

  it('stops queueing when the job module cannot load', async () => {
    const lost = { ...hostileJob, module: path.join(__dirname, 'no-such-module.ts') };
    const pool = createParsePool({ job: lost, jobOptions: null, workers: 1, maxQueue: 5, timeoutMs: 1000, memoryMb: 48 });
    try {
      await expect(pool.whenReady()).rejects.toMatchObject({ code: 'PARSE_UNAVAILABLE', status: 503 });
      await expect(pool.parse(cmd('echo'), 'a.xlsx')).rejects.toMatchObject({ code: 'PARSE_UNAVAILABLE' });
    } finally {
      await pool.close();
    }
  });
});

describe('parse pool with the workbook check (the server\'s job)', () => {
  let pool: ParsePool<WorkbookCheck>;
  let template: Buffer;

  beforeAll(async () => {
    pool = createParsePool({ job: checkWorkbookJob, jobOptions: { gate: {} }, workers: 2, maxQueue: 10, timeoutMs: 10_000, memoryMb: 256 });
    template = await writeTemplate(getCatalogue(CURRENT_CATALOGUE_VERSION)!, 'department', { year: 2025 });
    await pool.whenReady();
  });
  afterAll(() => pool.close());

  it('checks a template workbook in a child and returns the WorkbookCheck', async () => {
    const outcome = await pool.parse(template, '区司法局.xlsx');
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.result).toMatchObject({ unitType: 'department', year: 2025, catalogueVersion: CURRENT_CATALOGUE_VERSION });
    expect(outcome.result.problems.length).toBeGreaterThan(0); // an empty template misses required values
  });

  it('checks what comes back against the WorkbookCheck schema and passes a real check', async () => {
    const outcome = await pool.parse(template, 'again.xlsx');
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(workbookCheckSchema.parse(outcome.result)).toEqual(outcome.result);
  });

  it('applies the gate limits of the configuration in the child: UPLOAD_MAX_BYTES=25 MB lets a 21 MB workbook in', async () => {
    const padded = await rewriteParts(template, (_name, text) => text, [{ name: 'xl/media/scan.bin', data: randomBytes(21 * 1024 * 1024), compress: false }]);
    expect(padded.length).toBeGreaterThan(21 * 1024 * 1024);
    // The default gate (20 MB) refuses it …
    expect(await pool.parse(padded, 'scan.xlsx')).toMatchObject({ ok: false, error: { code: 'FILE_TOO_LARGE', status: 413 } });
    // … the pool the server starts from a 25 MB configuration reads it.
    const options = parsePoolOptions({ ...loadConfig({ UPLOAD_MAX_BYTES: String(25 * 1024 * 1024) }), parseWorkers: 1 });
    expect(options.jobOptions).toEqual({ gate: { maxFileBytes: 25 * 1024 * 1024 } });
    const configured = createParsePool(options);
    try {
      const outcome = await configured.parse(padded, 'scan.xlsx');
      if (!outcome.ok) throw new Error(outcome.error.message);
      expect(outcome.result.unitType).toBe('department');
    } finally {
      await configured.close();
    }
  });

  it('brings the zip gate\'s AppError back from the child', async () => {
    const outcome = await pool.parse(Buffer.from('%PDF-1.7\n'), '报告.pdf');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'NOT_XLSX', status: 400, message: expect.stringContaining('PDF') } });
  });

  it('answers for the workbooks that take exceljs down (whole-sheet merge, whole-sheet validation)', async () => {
    // exceljs: heap exhausted on the merge, endless CPU on the validation. The lean reader refuses both
    // at once (such ranges are not kept for other programs to open), and the pool answers.
    const hostile = await Promise.all([withWholeSheetMerge(template), withWholeSheetValidation(template)]);
    expect(hostile.map((b) => b.length)).toEqual([expect.any(Number), expect.any(Number)]);
    const outcomes = await Promise.all(hostile.map((bytes, i) => pool.parse(bytes, `hostile-${i}.xlsx`)));
    expect(outcomes.map((o) => (o.ok ? o.result.unitType : `${o.error.code} ${o.error.status}`))).toEqual(['SHEET_RANGE 422', 'SHEET_RANGE 422']);
  });
});

// Generous: a respawned child on a loaded machine may take seconds to start; a real fault never ends.
async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
