// `npm run bench`: one run on one seeded data set; prints a JSON report where every figure is also
// given as a ratio to the floor measured in the same run.
//   reading   floor (inflate + sheet scan) vs the lean reader + validation vs exceljs xlsx.load
//   ingest    2,000 workbooks over HTTP as one upload and as single uploads from 8 clients,
//             then 20,000 (uploads of --chunk files) with the server's peak RSS over time
//   (every server is first warmed up with a dry run of 200 of the files: nothing is stored)
//   rollup    the city rollup workbook: exceljs's streaming writer vs the floor writer on one generated
//             rollup, and store → compute → write from each store with either writer
//   templates one zip of --templates prefilled templates (streamTemplatesZip), time and peak RSS
//   cached    the city rollup JSON at --large units: cold, warm (p50/p95, 50 requests from 10
//             clients) and from an accepted upload until the rollup shows it
// Usage: npm run bench -- [--units 2000] [--large 20000] [--clients 8] [--chunk 1000] [--load-sample 300] [--peer-sample 500] [--templates 2000] [--out report.json]
import { fork, execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { CURRENT_CATALOGUE_VERSION, getCatalogue } from '../templates/src/core/catalogue';
import { checkWorkbook } from '../templates/src/xlsx/check-workbook';
import { readWorkbook } from '../templates/src/xlsx/read-workbook';
import { validateSheet } from '../templates/src/core/validate';
import type { RegistryUnit } from '../templates/src/core/registry';
import { filledWorkbookFor } from '../test/support/workbooks';
import { BENCH_YEAR, benchRegistry, createGenerator } from './data';
import { floorRead } from './floor';
import type { FromServer, RssReport } from './server';

interface Options {
  units: number;
  large: number;
  clients: number;
  chunk: number;
  loadSample: number;
  peerSample: number;
  templates: number;
  out?: string;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

/** ms per item of `fn` over `items`, after one warm-up pass over a few. */
function timePer<T>(items: T[], fn: (item: T) => unknown): { msPer: number; perSecond: number } {
  for (const item of items.slice(0, 20)) fn(item);
  const t = performance.now();
  for (const item of items) fn(item);
  const msPer = (performance.now() - t) / items.length;
  return { msPer: round(msPer, 3), perSecond: Math.round(1000 / msPer) };
}

// ---- the server in its own process ---------------------------------------------------------------

interface BenchServer {
  url: string;
  token: string;
  dataDir: string;
  report(): Promise<RssReport>;
  stop(): Promise<void>;
}

/** Files checked (dry run: nothing stored) right after start, so timings are of a warm server. */
const WARM_UP_FILES = 200;

async function startBenchServer(units: number, warmUp: { name: string; bytes: Buffer }[] = []): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-db-'));
  const profile = process.env.BENCH_PROFILE_DIR;
  const child = fork(path.join(__dirname, 'server.ts'), [dataDir, String(units)], {
    // BENCH_PROFILE_DIR=dir: a CPU profile of the server process (not of its parse children).
    execArgv: ['--expose-gc', '--require', require.resolve('tsx/cjs'), ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = <K extends FromServer['type']>(type: K) =>
    new Promise<Extract<FromServer, { type: K }>>((resolve, reject) => {
      const on = (msg: FromServer) => {
        if (msg.type === 'error') reject(new Error(msg.message));
        else if (msg.type === type) {
          child.off('message', on);
          resolve(msg as Extract<FromServer, { type: K }>);
        }
      };
      child.on('message', on);
    });
  const { url, token } = await next('ready');
  const server: BenchServer = {
    url,
    token,
    dataDir,
    report: async () => {
      const reply = next('report');
      child.send({ type: 'report' });
      return (await reply).report;
    },
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'stop' });
      await exited;
    },
  };
  // A long-running server has its parse children's code optimised; a fresh one has not.
  if (warmUp.length > 0) await upload(server, warmUp.slice(0, WARM_UP_FILES), true);
  return server;
}

interface UploadSummary {
  accepted: number;
  other: number;
}

/** multipart/form-data built in one buffer: the client's own cost stays small next to the server's. */
function multipart(files: { name: string; bytes: Buffer }[]): { body: Buffer; type: string } {
  const boundary = `----bench${Date.now().toString(16)}`;
  const parts: Buffer[] = [];
  for (const f of files) {
    const name = encodeURIComponent(f.name);
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"; filename*=UTF-8''${name}\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
      f.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

async function upload(server: BenchServer, files: { name: string; bytes: Buffer }[], dryRun = false): Promise<UploadSummary> {
  const form = multipart(files);
  const response = await fetch(`${server.url}/api/submissions${dryRun ? '?dryRun=1' : ''}`, {
    method: 'POST',
    body: form.body as unknown as BodyInit,
    headers: { authorization: `Bearer ${server.token}`, 'content-type': form.type },
  });
  const body = (await response.json()) as { files?: { status: string; problems: { message: string }[] }[] };
  if (!response.ok || !body.files) throw new Error(`upload answered ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
  const accepted = body.files.filter((f) => f.status === 'accepted').length;
  const firstOther = body.files.find((f) => f.status !== 'accepted');
  if (firstOther) log(`not accepted: ${JSON.stringify(firstOther).slice(0, 300)}`);
  return { accepted, other: body.files.length - accepted };
}

type ChildResult = Record<string, number | string>;

/** One rollup child; a failure (e.g. out of memory) is reported, not fatal to the run. */
function rollupChild(source: string, writer: 'exceljs' | 'floor', heapMB?: number): Promise<ChildResult> {
  const cap = heapMB ? [`--max-old-space-size=${heapMB}`] : [];
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [...cap, '--require', require.resolve('tsx/cjs'), path.join(__dirname, 'rollup-child.ts'), source, writer],
      { maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err) resolve({ writer, error: /heap out of memory/.test(stderr) ? `out of memory (heap cap ${heapMB} MB)` : err.message.split('\n')[0] });
        else resolve({ ...JSON.parse(stdout.trim().split('\n').pop()!), ...(heapMB ? { heapCapMB: heapMB } : {}) });
      },
    ),
  );
}

/** The template zip in its own process (bench/templates-child.ts); a failure is reported. */
function templatesChild(units: number): Promise<ChildResult> {
  return new Promise((resolve) =>
    execFile(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(__dirname, 'templates-child.ts'), String(units)], { maxBuffer: 1 << 20 }, (err, stdout) =>
      resolve(err ? { units, error: err.message.split('\n')[0] } : { ...JSON.parse(stdout.trim().split('\n').pop()!), note: 'streamTemplatesZip: one exceljs template per kind of unit, the rest patched; into a byte-counting sink' }),
    ),
  );
}

/**
 * The writers compared on the same rollup, each in its own process under the same heap cap (as the
 * scale test runs it, so RSS measures what is kept): exceljs's streaming writer vs the floor writer.
 * Then the whole download path from the store (load, compute, write) without a cap, as the server
 * and `npm run rollup` run it, against the same path ending in the floor writer.
 */
async function rollups(units: number, dataDir: string) {
  const exceljs = await rollupChild(`generated:${units}`, 'exceljs', 320);
  const floor = await rollupChild(`generated:${units}`, 'floor', 320);
  const fromStore = await rollupChild(dataDir, 'exceljs');
  const fromStoreFloor = await rollupChild(dataDir, 'floor');
  const total = (r: ChildResult) => Number(r.msLoadAndCompute) + Number(r.msWrite);
  return {
    units,
    exceljsStreaming: exceljs,
    floorWriter: floor,
    writeVsFloor: round(Number(exceljs.msWrite) / Number(floor.msWrite)),
    fromStore: {
      ...fromStore,
      msTotal: total(fromStore),
      vsFloor: round(total(fromStore) / total(fromStoreFloor)),
      writeVsFloor: round(Number(fromStore.msWrite) / Number(floor.msWrite)),
      note: 'store → rollup → exceljs streaming writer, no heap cap; vsFloor: against the same path with the floor writer',
    },
    fromStoreFloor: { ...fromStoreFloor, msTotal: total(fromStoreFloor) },
  };
}

// ---- the peer: pandas + openpyxl over the same files -------------------------------------------

type PeerResult = { perSecond: number; workbooks: number; seconds: number; python: string } | { skipped: string };

/** Runs bench/peer/peer.py over the files written to a temporary directory; skipped (with why) without Python, pandas or openpyxl. */
async function peer(files: { name: string; bytes: Buffer }[]): Promise<PeerResult> {
  const run = promisify(execFile);
  // The first Python that has both: a pyenv shim on PATH may lack what Debian installed for /usr/bin/python3.
  let python: string | undefined;
  for (const candidate of [process.env.PEER_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c)) {
    try {
      await run(candidate, ['-c', 'import pandas, openpyxl']);
      python = candidate;
      break;
    } catch {
      // try the next one
    }
  }
  if (!python) return { skipped: '未运行：需要 python3 及 pandas、openpyxl（Debian: apt-get install python3-pandas python3-openpyxl；或 PEER_PYTHON=解释器路径）' };
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-peer-'));
  try {
    files.forEach((f, i) => writeFileSync(path.join(dir, `${String(i).padStart(6, '0')}.xlsx`), f.bytes));
    const { stdout } = await run(python, [path.join(__dirname, 'peer', 'peer.py'), dir], { maxBuffer: 1 << 20 });
    return { ...(JSON.parse(stdout.trim().split('\n').pop()!) as { perSecond: number; workbooks: number; seconds: number }), python };
  } catch (e) {
    return { skipped: `peer failed: ${(e as Error).message.split('\n')[0]}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- cached rollup JSON (issue 14 item 6) ---------------------------------------------------------

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

interface CityRollup {
  dataVersion: number;
  computedAt: string;
  groups: { kind: string; figures: Record<string, { value: unknown }> }[];
}

async function cityRollup(server: BenchServer): Promise<{ ms: number; body: CityRollup; bytes: number }> {
  const t = performance.now();
  const response = await fetch(`${server.url}/api/rollups/${BENCH_YEAR}?level=city`, { headers: { authorization: `Bearer ${server.token}` } });
  const text = await response.text();
  const body = JSON.parse(text) as CityRollup;
  if (!response.ok) throw new Error(`rollup answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return { ms: performance.now() - t, body, bytes: Buffer.byteLength(text) };
}

/**
 * On the server holding the large ingest: the city rollup JSON cold (first computation after the
 * data changed) and warm (50 requests from 10 clients, from the cache), then how long after an
 * accepted upload the rollup shows it, with the server's peak RSS over all of it.
 */
async function cachedRollups(server: BenchServer, unit: RegistryUnit) {
  await server.report();
  const cold = await cityRollup(server);
  const warm: number[] = [];
  let sent = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (sent++ < 50) {
        const r = await cityRollup(server);
        if (r.body.computedAt !== cold.body.computedAt) throw new Error('warm rollup was recomputed with no change in the data');
        warm.push(r.ms);
      }
    }),
  );
  warm.sort((a, b) => a - b);
  const code = 'reg.ns_issued';
  const before = cold.body.groups.find((g) => g.kind === 'city')!.figures[code]?.value;
  const t = performance.now();
  const accepted = await upload(server, [{ name: `${unit.code}-新版本.xlsx`, bytes: await filledWorkbookFor(unit, BENCH_YEAR, { [code]: 987_654 }) }]);
  if (accepted.accepted !== 1) throw new Error('the changed workbook was not accepted');
  const uploadMs = performance.now() - t;
  let seen: CityRollup | undefined;
  while (performance.now() - t < 60_000) {
    const r = await cityRollup(server);
    if (r.body.dataVersion > cold.body.dataVersion) {
      seen = r.body;
      break;
    }
  }
  const visibleMs = performance.now() - t;
  const after = seen?.groups.find((g) => g.kind === 'city')!.figures[code]?.value;
  const rss = await server.report();
  return {
    coldMs: Math.round(cold.ms),
    bodyKB: Math.round(cold.bytes / 1024),
    warm: { requests: warm.length, clients: 10, p50Ms: round(quantile(warm, 0.5), 1), p95Ms: round(quantile(warm, 0.95), 1) },
    uploadToVisible: { uploadMs: Math.round(uploadMs), visibleMs: Math.round(visibleMs), figureChanged: seen !== undefined && after !== before },
    peakRssMB: { server: rss.serverPeakMB, parseWorkers: rss.workersPeakMB, total: rss.totalPeakMB },
    note: 'GET /api/rollups/{year}?level=city: cold = first computation after the ingest (computed, all scopes stored); warm = from the cache; visible = from sending an upload until the rollup answers with a newer dataVersion',
  };
}

// ---- main -------------------------------------------------------------------------------------------

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('npm run bench --')
    .option('--units <n>', 'workbooks for the reading and 2,000 ingest figures', (v) => Number(v), 2000)
    .option('--large <n>', 'workbooks for the large ingest and rollup (0 = skip)', (v) => Number(v), 20000)
    .option('--clients <n>', 'concurrent clients for single uploads', (v) => Number(v), 8)
    .option('--chunk <n>', 'files per upload in the large ingest', (v) => Number(v), 1000)
    .option('--load-sample <n>', 'workbooks measured with exceljs xlsx.load', (v) => Number(v), 300)
    .option('--templates <n>', 'prefilled templates in the zip measured (0 = skip)', (v) => Number(v), 2000)
    .option('--peer-sample <n>', 'workbooks read by the pandas + openpyxl peer', (v) => Number(v), 500)
    .option('--out <file>', 'also write the JSON report here');
  program.parse(argv, { from: 'user' });
  const opts = program.opts<Options>();
  const started = Date.now();
  const catalogue = getCatalogue(CURRENT_CATALOGUE_VERSION)!;

  log(`generating ${opts.units} workbooks`);
  const registry = benchRegistry(opts.units);
  const gen = await createGenerator(registry);
  let t = Date.now();
  const files = registry.map((u, i) => ({ name: `${u.code}-${u.name}.xlsx`, bytes: gen.workbook(i) }));
  const data = {
    workbooks: files.length,
    districts: new Set(registry.map((u) => u.districtCode).filter(Boolean)).size,
    baseWorkbooks: gen.baseCount,
    avgKB: round(files.reduce((s, f) => s + f.bytes.length, 0) / files.length / 1024, 1),
    msGenerate: gen.msBases + Date.now() - t,
  };

  log('reading: floor, lean reader, validation, exceljs');
  const buffers = files.map((f) => f.bytes);
  timePer(buffers, floorRead);
  const floor = timePer(buffers, floorRead);
  const lean = timePer(buffers, (b) => checkWorkbook(b));
  const reads = buffers.slice(0, 300).map((b) => readWorkbook(b, catalogue));
  const validation = timePer(reads, (r) =>
    validateSheet(catalogue, { ...r.sheet!, unitType: r.stamp.unit_type === 'district_gov' ? 'district_gov' : 'department' }, { reportYear: 2024 }),
  );
  const loadSample = buffers.slice(0, opts.loadSample);
  const exceljsT = performance.now();
  for (const b of loadSample) await new ExcelJS.Workbook().xlsx.load(b as unknown as ExcelJS.Buffer);
  const exceljsMs = (performance.now() - exceljsT) / loadSample.length;
  const vsFloor = (perSecond: number) => round(perSecond / floor.perSecond, 3);
  log(`peer: pandas + openpyxl over ${Math.min(opts.peerSample, files.length)} workbooks`);
  const peerResult = await peer(files.slice(0, opts.peerSample));
  const peerPerSecond = 'perSecond' in peerResult ? peerResult.perSecond : undefined;
  const vsPeer = (perSecond: number) => (peerPerSecond ? round(perSecond / peerPerSecond, 1) : null);
  const reading = {
    floor: { ...floor, vsPeer: vsPeer(floor.perSecond), note: 'one process: central directory, inflate sheet + shared strings, indexOf scan of every cell' },
    leanCheck: { ...lean, vsFloor: vsFloor(lean.perSecond), vsPeer: vsPeer(lean.perSecond), note: 'checkWorkbook in one process: gate, read, stamp, full validation' },
    validationOnly: { ...validation, vsFloor: vsFloor(validation.perSecond) },
    exceljsLoad: { msPer: round(exceljsMs, 3), perSecond: Math.round(1000 / exceljsMs), vsFloor: vsFloor(1000 / exceljsMs), sample: loadSample.length },
  };
  /** The figures every ingest run reports: time, throughput and its ratios to the floor and the peer, peak RSS. */
  const throughput = (workbooks: number, ms: number, rss: RssReport) => {
    const perSecond = (workbooks * 1000) / ms;
    return {
      seconds: round(ms / 1000),
      perSecond: Math.round(perSecond),
      vsFloor: vsFloor(perSecond),
      vsPeer: vsPeer(perSecond),
      peakRssMB: { server: rss.serverPeakMB, parseWorkers: rss.workersPeakMB, total: rss.totalPeakMB },
    };
  };

  log(`ingest: ${files.length} as one upload`);
  let server = await startBenchServer(opts.units, files);
  await server.report();
  t = performance.now();
  const batchResult = await upload(server, files);
  const batchMs = performance.now() - t;
  const batchRss = await server.report();
  await server.stop();
  const rollupSmall = await rollups(opts.units, server.dataDir);
  rmSync(server.dataDir, { recursive: true, force: true });

  log(`ingest: ${files.length} single uploads from ${opts.clients} clients`);
  server = await startBenchServer(opts.units, files);
  await server.report();
  t = performance.now();
  let nextFile = 0;
  const singles: UploadSummary = { accepted: 0, other: 0 };
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      while (nextFile < files.length) {
        const r = await upload(server, [files[nextFile++]]);
        singles.accepted += r.accepted;
        singles.other += r.other;
      }
    }),
  );
  const singlesMs = performance.now() - t;
  const singlesRss = await server.report();
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });

  const ingest = {
    batch: { workbooks: files.length, ...batchResult, ...throughput(files.length, batchMs, batchRss) },
    singles: { workbooks: files.length, clients: opts.clients, ...singles, ...throughput(files.length, singlesMs, singlesRss) },
  };

  let templates: ChildResult | null = null;
  if (opts.templates > 0) {
    log(`templates: one zip of ${opts.templates}`);
    templates = await templatesChild(opts.templates);
  }

  let large: unknown = null;
  if (opts.large > 0) {
    log(`generating ${opts.large} workbooks`);
    const bigRegistry = benchRegistry(opts.large);
    const bigGen = await createGenerator(bigRegistry);
    const bigFiles = bigRegistry.map((u, i) => ({ name: `${u.code}.xlsx`, bytes: bigGen.workbook(i) }));
    log(`ingest: ${opts.large} in uploads of ${opts.chunk}`);
    server = await startBenchServer(opts.large, bigFiles);
    await server.report();
    t = performance.now();
    const bigResult: UploadSummary = { accepted: 0, other: 0 };
    for (let i = 0; i < bigFiles.length; i += opts.chunk) {
      const r = await upload(server, bigFiles.slice(i, i + opts.chunk));
      bigResult.accepted += r.accepted;
      bigResult.other += r.other;
    }
    const bigMs = performance.now() - t;
    const bigRss = await server.report();
    log(`cached rollup JSON: ${opts.large} units`);
    // A failure here (e.g. a reply cut off) is a figure of the report, not the end of the run.
    const cached = await cachedRollups(server, bigRegistry[1]).catch((e: unknown) => ({ failed: e instanceof Error ? `${e.message} ${String((e as { cause?: unknown }).cause ?? '')}`.trim() : String(e) }));
    await server.stop();
    bigFiles.length = 0;
    log(`rollup: ${opts.large} units`);
    const rollupLarge = await rollups(opts.large, server.dataDir);
    rmSync(server.dataDir, { recursive: true, force: true });
    large = {
      ingest: {
        workbooks: opts.large,
        uploadSize: opts.chunk,
        ...bigResult,
        ...throughput(opts.large, bigMs, bigRss),
        rssTimelineMB: { columns: ['seconds', 'server', 'parseWorkers'], rows: bigRss.timeline.filter((_, i) => i % 4 === 0) },
      },
      rollup: rollupLarge,
      cachedRollupJson: cached,
    };
  }

  const report = {
    warmUp: `each server first checks ${WARM_UP_FILES} of the files as a dry run (nothing stored)`,
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    data,
    reading,
    peer: { ...peerResult, note: 'bench/peer/peer.py: openpyxl read-only over each file (_meta + 指标填报 B/E), one pandas frame summed per district and indicator' },
    ingest,
    rollup: { small: rollupSmall },
    templates,
    large,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  const json = JSON.stringify(report, null, 2);
  console.log(json);
  if (opts.out) writeFileSync(opts.out, json + '\n');
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
