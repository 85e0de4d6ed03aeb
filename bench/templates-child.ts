// A city's prefilled templates as one zip (issue 19 item 4), in its own process so its peak RSS is
// its own: streamTemplatesZip over N units of the bench registry into a byte-counting sink, with a
// slow reader's pace (the sink takes each chunk on the next tick). Prints one JSON line.
// Usage: tsx bench/templates-child.ts <units>
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { streamTemplatesZip } from '../aggregator/src/services/templates';
import { currentCatalogue } from '../templates/src/core/catalogue';
import { BENCH_YEAR, benchRegistry } from './data';

let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage.rss()));
setInterval(sampleRss, 10).unref();
/** The kernel's high-water mark of this process image (see rollup-child.ts). */
function highWaterMark(): number {
  const kB = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'latin1'));
  return kB ? Number(kB[1]) * 1024 : 0;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2]);
  const units = benchRegistry(count).map((u) => ({ ...u, updatedAt: '2025-01-01T00:00:00.000Z' }));
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      setImmediate(done);
    },
  });
  const finished = new Promise<void>((resolve, reject) => sink.once('finish', resolve).once('error', reject));
  const t = performance.now();
  await streamTemplatesZip(currentCatalogue(), BENCH_YEAR, units, sink, () => false);
  await finished;
  const ms = performance.now() - t;
  console.log(JSON.stringify({ units: count, seconds: Math.round(ms / 10) / 100, msPerTemplate: Math.round((ms / count) * 100) / 100, zipMB: Math.round(bytes / 1024 / 102.4) / 10, peakRssMB: Math.round(Math.max(sampleRss(), highWaterMark()) / 1024 / 1024) }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
