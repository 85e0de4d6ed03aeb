// The aggregator as the benchmark runs it: the real server (store, migrations, parse pool, HTTP) on
// a fresh SQLite directory with the bench registry, in its own process so that its memory is its
// own. Samples the RSS of this process and of its parse children every 50 ms and answers the
// parent's 'report' with peaks and a timeline. Started by bench/run.ts via fork().
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { loadConfig } from '../aggregator/src/config';
import { sha256Hex } from '../aggregator/src/auth/secrets';
import { startServer } from '../aggregator/src/main';
import { rssOf } from '../test/support/rss';
import { benchRegistry } from './data';

export interface RssReport {
  /** Peak RSS in MB since the last report: server process, parse children together, both. */
  serverPeakMB: number;
  workersPeakMB: number;
  totalPeakMB: number;
  /** [seconds since reset, server MB, workers MB] every 0.5 s. */
  timeline: [number, number, number][];
}

export type ToServer = { type: 'report' } | { type: 'stop' };
export type FromServer = { type: 'ready'; url: string; token: string } | { type: 'report'; report: RssReport } | { type: 'error'; message: string };

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const [dataDir, units] = process.argv.slice(2);
  const config = { ...loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error' }) };
  const running = await startServer(config, { logger: pino({ level: 'error' }) });
  await running.store.importRegistry(benchRegistry(Number(units)));
  // A city administrator's API token, as a coordinator's script would use.
  const user = await running.store.accounts.createUser({
    username: 'bench',
    displayName: '性能测试',
    role: 'city_admin',
    unitCode: null,
    districtCode: null,
    passwordHash: 'x',
  });
  const token = randomBytes(24).toString('hex');
  await running.store.accounts.createToken({ userId: user.id, name: 'bench', tokenHash: sha256Hex(token) });

  let start = Date.now();
  let peaks = { server: 0, workers: 0, total: 0 };
  let timeline: [number, number, number][] = [];
  let lastMark = -1;
  const sample = () => {
    const server = process.memoryUsage.rss();
    const workers = running.pool.stats().pids.reduce((sum, pid) => sum + rssOf(pid), 0);
    peaks = { server: Math.max(peaks.server, server), workers: Math.max(peaks.workers, workers), total: Math.max(peaks.total, server + workers) };
    const t = Date.now() - start;
    const mark = Math.floor(t / 500);
    if (mark !== lastMark) {
      lastMark = mark;
      timeline.push([Math.round(t / 100) / 10, Math.round(server / MB), Math.round(workers / MB)]);
    }
  };
  const timer = setInterval(sample, 50);

  process.on('message', (msg: ToServer) => {
    if (msg.type === 'report') {
      sample();
      const report: RssReport = {
        serverPeakMB: Math.round(peaks.server / MB),
        workersPeakMB: Math.round(peaks.workers / MB),
        totalPeakMB: Math.round(peaks.total / MB),
        timeline,
      };
      process.send!({ type: 'report', report } satisfies FromServer);
      start = Date.now();
      peaks = { server: 0, workers: 0, total: 0 };
      timeline = [];
      lastMark = -1;
    } else if (msg.type === 'stop') {
      clearInterval(timer);
      void running.close().then(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ type: 'ready', url: running.url, token } satisfies FromServer);
}

main().catch((e: unknown) => {
  process.send?.({ type: 'error', message: (e as Error).stack ?? String(e) } satisfies FromServer);
  process.exit(1);
});
