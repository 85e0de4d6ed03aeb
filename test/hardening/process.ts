// Runs the real aggregator as its own OS process (`node --require tsx/cjs aggregator/src/main.ts`, one
// process, so a SIGKILL hits the server itself), for crash, scale-out and load tests.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { DatabaseTarget } from '../../aggregator/src/store';
import { TEST_ADMIN } from '../support/server';

const ROOT = path.resolve(__dirname, '../..');
const STARTED = /汇总服务已启动：http:\/\/localhost:(\d+)/;

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Output so far, for failure messages. */
  output(): string;
  /** SIGKILL, then waits for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful), then waits for the exit. */
  stop(): Promise<void>;
}

export async function startServerProcess(target: DatabaseTarget, env: Record<string, string> = {}, startTimeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--expose-gc', '--require', require.resolve('tsx/cjs'), path.join(ROOT, 'aggregator/src/main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      DATA_DIR: target.dataDir,
      ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
      ADMIN_USER: TEST_ADMIN.username,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (output = (output + c).slice(-20_000)));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (output = (output + c).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
    const onData = () => {
      const m = STARTED.exec(output);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before starting:\n${output}`));
    });
  });

  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    child,
    output: () => output,
    kill9: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}

/** Runs `npm run verify-store -- --json` against a target as its own process; the parsed report and exit code. */
export async function verifyStoreProcess(target: DatabaseTarget): Promise<{ code: number; report: { ok: boolean } & Record<string, unknown> }> {
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'aggregator/src/cli/verify-store.ts'), '--json'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: target.dataDir, ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? -1)));
  try {
    return { code, report: JSON.parse(out) };
  } catch {
    throw new Error(`verify-store exited ${code}: ${out}${err}`);
  }
}
