// `npm run loadtest [-- --duration 60 --clients 30]`: sustained uploads on loopback against a real
// server process (its own temporary SQLite store unless --database-url is given): valid workbooks of
// every sample unit, each with unique bytes so each is stored as a new version, with hostile corpus
// files mixed in. Prints one JSON object: uploads/s, latency percentiles, errors, RSS over time, and
// whether the targets are met (≥ 20 valid uploads/s, p99 < 2 s, no failed valid upload, RSS flat).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { sampleRegistry } from '../templates/src/samples/registry';
import { buildCorpus } from '../test/hardening/corpus';
import { adminHeaders, uploadFiles, type Headers } from '../test/hardening/http';
import { startServerProcess } from '../test/hardening/process';
import { childPids, rssOf } from '../test/support/rss';
import { filledWorkbookFor } from '../test/support/workbooks';

const YEAR = 2024;
const MB = 1024 * 1024;
const TARGETS = { uploadsPerSecond: 20, p99Ms: 2000, failedValid: 0, rssGrowthMb: 30 };

interface Options {
  duration: string;
  clients: string;
  hostileShare: string;
  databaseUrl?: string;
  sampleEvery: string;
}

async function main(): Promise<void> {
  const opts = new Command()
    .name('npm run loadtest --')
    .description('本机回环压力测试：持续上传（混入恶意文件），输出 JSON 结果')
    .option('--duration <s>', '持续秒数', '60')
    .option('--clients <n>', '并发客户端数', '30')
    .option('--hostile-share <x>', '恶意文件占比（0～1）', '0.1')
    .option('--database-url <url>', '使用 PostgreSQL（默认：临时 SQLite）')
    .option('--sample-every <s>', '内存采样间隔秒数', '2')
    .parse()
    .opts<Options>();
  const durationMs = Number(opts.duration) * 1000;
  const clients = Number(opts.clients);
  const hostileShare = Number(opts.hostileShare);
  if (!(durationMs > 0 && durationMs <= 600_000 && clients >= 1 && clients <= 200 && hostileShare >= 0 && hostileShare <= 1)) {
    console.error('参数有误：--duration 1～600，--clients 1～200，--hostile-share 0～1');
    process.exit(2);
  }

  // Inputs first, so building them does not compete with the server for CPU during the run.
  const units = sampleRegistry();
  const bases = await Promise.all(units.map((u) => filledWorkbookFor(u, YEAR)));
  const hostile = (await buildCorpus({ uploadMaxBytes: 20 * 1024 * 1024 })).filter((e) => e.expect.answer === 'rejected' && e.bytes.length < 1024 * 1024);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-load-'));
  const server = await startServerProcess({ dataDir, databaseUrl: opts.databaseUrl }, { LOG_LEVEL: 'error' });
  const rss: { t: number; serverMb: number; workersMb: number }[] = [];
  const latencies: number[] = [];
  const hostileLatencies: number[] = [];
  const counts = { valid: 0, accepted: 0, duplicate: 0, failedValid: 0, hostile: 0, hostileRejected: 0, hostileMisjudged: 0, httpErrors: 0, exceptions: 0 };
  const failures: string[] = [];
  let sequence = 0;
  let started = 0;
  try {
    const headers: Headers = await adminHeaders(server.url);
    const sampler = setInterval(() => rss.push(sampleRss(server.pid, started)), Number(opts.sampleEvery) * 1000);
    started = Date.now();
    rss.push(sampleRss(server.pid, started));
    const deadline = started + durationMs;
    const client = async (c: number) => {
      let k = 0;
      while (Date.now() < deadline) {
        const n = sequence++;
        const isHostile = hostile.length > 0 && fraction(c, k++) < hostileShare;
        const file = isHostile ? hostile[n % hostile.length] : { name: `${units[n % units.length].code}.xlsx`, bytes: unique(bases[n % units.length], n) };
        const t0 = performance.now();
        try {
          const { status, body } = await uploadFiles(server.url, headers, [{ name: file.name, bytes: file.bytes }]);
          const ms = performance.now() - t0;
          if (status !== 200) {
            counts.httpErrors++;
            if (!isHostile) counts.failedValid++;
            if (failures.length < 10) failures.push(`${status} ${JSON.stringify(body).slice(0, 200)}`);
            continue;
          }
          const answer = body.files[0].status as string;
          if (isHostile) {
            counts.hostile++;
            hostileLatencies.push(ms);
            if (answer === 'rejected') counts.hostileRejected++;
            else counts.hostileMisjudged++;
          } else {
            counts.valid++;
            latencies.push(ms);
            if (answer === 'accepted') counts.accepted++;
            else if (answer === 'duplicate') counts.duplicate++;
            else {
              counts.failedValid++;
              if (failures.length < 10) failures.push(JSON.stringify(body.files[0]).slice(0, 300));
            }
          }
        } catch (error) {
          counts.exceptions++;
          if (!isHostile) counts.failedValid++;
          if (failures.length < 10) failures.push(String(error));
        }
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
    const elapsedS = (Date.now() - started) / 1000;
    clearInterval(sampler);
    rss.push(sampleRss(server.pid, started));

    // Flat after warm-up (JIT, pools, page caches): a leak shows as the typical (median) total RSS of
    // the last third standing above that of the middle third. Medians, because single samples ride the
    // garbage collector's sawtooth (a 40 MB swing between two samples is normal and not growth).
    const rssDrift = drift(rss.map((s) => s.serverMb + s.workersMb));
    const uploadsPerSecond = round((counts.accepted + counts.duplicate) / elapsedS);
    const p99 = percentile(latencies, 99);
    const result = {
      config: { durationS: Number(opts.duration), clients, hostileShare, database: opts.databaseUrl ? 'postgres' : 'sqlite', cpus: os.cpus().length },
      elapsedS: round(elapsedS),
      uploadsPerSecond,
      counts,
      latencyMs: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99, max: round(Math.max(0, ...latencies)) },
      hostileLatencyMs: { p50: percentile(hostileLatencies, 50), p99: percentile(hostileLatencies, 99) },
      rssMb: { ...rssDrift, samples: rss },
      failures,
      targets: {
        uploadsPerSecond: { target: `>= ${TARGETS.uploadsPerSecond}`, met: uploadsPerSecond >= TARGETS.uploadsPerSecond },
        p99Ms: { target: `< ${TARGETS.p99Ms}`, met: p99 < TARGETS.p99Ms },
        failedValid: { target: TARGETS.failedValid, met: counts.failedValid === TARGETS.failedValid },
        rssFlat: { target: `median of the last third - median of the middle third < ${TARGETS.rssGrowthMb} MB`, met: rssDrift.driftMb < TARGETS.rssGrowthMb },
      },
    };
    console.log(JSON.stringify(result, null, 2));
    process.exitCode = Object.values(result.targets).every((t) => t.met) ? 0 : 1;
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Unique bytes for each upload without re-zipping: a zip comment the readers ignore. */
function unique(base: Buffer, n: number): Buffer {
  const comment = Buffer.from(`load ${n}`, 'latin1');
  const out = Buffer.concat([base, comment]);
  // The end-of-central-directory record is the last 22 bytes of an exceljs zip (no comment yet).
  out.writeUInt16LE(comment.length, base.length - 2);
  return out;
}

/** A fixed, evenly spread sequence per client, so runs are comparable. */
function fraction(client: number, k: number): number {
  return ((client * 7919 + k * 104729) % 1000) / 1000;
}

function sampleRss(serverPid: number, started: number): { t: number; serverMb: number; workersMb: number } {
  const workers = childPids(serverPid).reduce((sum, pid) => sum + rssOf(pid), 0);
  return { t: round((Date.now() - started) / 1000), serverMb: round(rssOf(serverPid) / MB), workersMb: round(workers / MB) };
}

/** Medians of the middle and last thirds of the samples, their difference, and the spread after the first third. */
function drift(totals: number[]): { middleThirdMedianMb: number; lastThirdMedianMb: number; driftMb: number; spreadAfterWarmupMb: number } {
  const third = Math.max(1, Math.floor(totals.length / 3));
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)];
  };
  const middle = median(totals.slice(third, 2 * third));
  const last = median(totals.slice(2 * third));
  const settled = totals.slice(third);
  return {
    middleThirdMedianMb: round(middle),
    lastThirdMedianMb: round(last),
    driftMb: round(last - middle),
    spreadAfterWarmupMb: round(Math.max(...settled) - Math.min(...settled)),
  };
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
}

const round = (x: number) => Math.round(x * 10) / 10;

void main();
