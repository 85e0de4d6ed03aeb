// One rollup workbook in its own process, so that its peak RSS is its own: load the year from the
// store, compute the rollup, write the city workbook with exceljs's streaming writer (the real
// path) or with the floor writer into a byte-counting sink. Prints one JSON line.
// Usage: tsx bench/rollup-child.ts <dataDir|generated:N> <exceljs|floor> [out.xlsx]
// generated:N rolls up N units of the bench registry with filler values built in memory (as the
// scale check does), so the writers are compared without the store's load in the same heap.
import { createWriteStream, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { writeRollupWorkbook } from '../aggregator/src/reports/rollup-workbook';
import { computeRollup } from '../aggregator/src/rollup/compute';
import { DEFAULT_YOY_THRESHOLD } from '../aggregator/src/rollup/yoy';
import type { Rollup, RollupSubmission } from '../aggregator/src/rollup/types';
import { buildRollup, toRollupUnit } from '../aggregator/src/services/rollups';
import { openStore, type Store } from '../aggregator/src/store';
import { currentCatalogue } from '../templates/src/core/catalogue';
import { cellsFor, fillerValues, withDerived } from '../test/support/rollup-fixtures';
import { BENCH_YEAR, benchRegistry } from './data';
import { writeFloorWorkbook } from './floor-writer';

function countingSink(): Writable & { bytes: number } {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      sink.bytes += chunk.length;
      done();
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

function generatedRollup(count: number): Rollup {
  const catalogue = currentCatalogue();
  const units = benchRegistry(count).map(toRollupUnit);
  const cells = cellsFor(catalogue);
  const submissions: RollupSubmission[] = units.map((unit) => ({
    unitCode: unit.code,
    submissionId: `s-${unit.code}`,
    version: 1,
    status: 'accepted',
    ...withDerived(catalogue, unit, fillerValues(catalogue, unit, BENCH_YEAR)),
    cells: { ...cells },
  }));
  return computeRollup({ catalogue, year: BENCH_YEAR, units, submissions, yoyThreshold: DEFAULT_YOY_THRESHOLD });
}

/**
 * Peak RSS of this process. Not resourceUsage().maxRSS: on Linux a child started by a large parent
 * (the bench holds 20,000 workbooks) inherits the parent's high-water mark across exec. VmHWM is the
 * kernel's own high-water mark of this process image (reset at exec), so it also covers stretches
 * where a 10 ms sampler never gets to run (SQLite reads are synchronous); elsewhere, the sampler.
 */
let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage.rss()));
setInterval(sampleRss, 10).unref();
function highWaterMark(): number {
  try {
    const kB = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'latin1'));
    return kB ? Number(kB[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const [source, writer, outPath] = process.argv.slice(2);
  let t = performance.now();
  let rollup: Rollup;
  // Open while the workbook is written, as in the server and `npm run rollup`.
  let store: Store | undefined;
  if (source.startsWith('generated:')) {
    rollup = generatedRollup(Number(source.slice('generated:'.length)));
  } else {
    store = await openStore({ dataDir: source });
    rollup = await buildRollup(store, BENCH_YEAR, DEFAULT_YOY_THRESHOLD);
  }
  const msLoadAndCompute = performance.now() - t;
  t = performance.now();
  const sink = countingSink();
  const out = outPath ? createWriteStream(outPath) : sink;
  if (writer === 'floor') await writeFloorWorkbook(rollup, { level: 'city' }, out);
  else await writeRollupWorkbook(rollup, { level: 'city' }, out);
  if (outPath) await new Promise<void>((r) => (out as ReturnType<typeof createWriteStream>).once('close', () => r()));
  const msWrite = performance.now() - t;
  await store?.close();
  console.log(
    JSON.stringify({
      writer,
      units: rollup.units.length,
      msLoadAndCompute: Math.round(msLoadAndCompute),
      msWrite: Math.round(msWrite),
      bytes: outPath ? (out as ReturnType<typeof createWriteStream>).bytesWritten : sink.bytes,
      peakRssMB: Math.round(Math.max(sampleRss(), highWaterMark()) / 1024 / 1024),
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
