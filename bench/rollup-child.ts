// One rollup workbook in its own process, so that its peak RSS is its own: load the year from the
// store, compute the rollup, write the city workbook with exceljs's streaming writer (the real
// path) or with the floor writer into a byte-counting sink. Prints one JSON line.
// Usage: tsx bench/rollup-child.ts <dataDir> <exceljs|floor> [out.xlsx]
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { writeRollupWorkbook } from '../aggregator/src/reports/rollup-workbook';
import { buildRollup } from '../aggregator/src/services/rollups';
import { openStore } from '../aggregator/src/store';
import { BENCH_YEAR } from './data';
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

async function main(): Promise<void> {
  const [dataDir, writer, outPath] = process.argv.slice(2);
  const store = await openStore({ dataDir });
  let t = performance.now();
  const rollup = await buildRollup(store, BENCH_YEAR, 0.5);
  const msLoadAndCompute = performance.now() - t;
  await store.close();
  t = performance.now();
  const sink = countingSink();
  const out = outPath ? createWriteStream(outPath) : sink;
  if (writer === 'floor') await writeFloorWorkbook(rollup, { level: 'city' }, out);
  else await writeRollupWorkbook(rollup, { level: 'city' }, out);
  if (outPath) await new Promise<void>((r) => (out as ReturnType<typeof createWriteStream>).once('close', () => r()));
  const msWrite = performance.now() - t;
  console.log(
    JSON.stringify({
      writer,
      units: rollup.units.length,
      msLoadAndCompute: Math.round(msLoadAndCompute),
      msWrite: Math.round(msWrite),
      bytes: outPath ? (out as ReturnType<typeof createWriteStream>).bytesWritten : sink.bytes,
      // resourceUsage().maxRSS is in kilobytes.
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
