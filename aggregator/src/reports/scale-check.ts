// Scale check: rollup and workbook for a province-sized set, run in its own process so that its
// peak memory is its own. Usage: npx tsx aggregator/src/reports/scale-check.ts [out.xlsx]
// Prints one JSON line with timings (ms), sizes and peak RSS (MB).
import { createWriteStream } from 'node:fs';
import { countingSink } from '../../../test/support/measure';
import { scaleInput } from '../../../test/support/rollup-fixtures';
import { peakRssBytes } from '../../../test/support/rss';
import { computeRollup } from '../rollup/compute';
import { rollupCsvStream } from './rollup-csv';
import { writeRollupWorkbook } from './rollup-workbook';

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function main(): Promise<void> {
  const outPath = process.argv[2];
  let t = Date.now();
  const input = scaleInput();
  const msInput = Date.now() - t;

  t = Date.now();
  const rollup = computeRollup(input);
  const msRollup = Date.now() - t;
  const rssAfterRollup = process.memoryUsage().rss;

  t = Date.now();
  const out = outPath ? createWriteStream(outPath) : countingSink();
  await writeRollupWorkbook(rollup, { level: 'city' }, out);
  const msWorkbook = Date.now() - t;
  const peakAfterWorkbook = peakRssBytes();
  const workbookBytes = outPath ? (out as ReturnType<typeof createWriteStream>).bytesWritten : (out as ReturnType<typeof countingSink>).bytes;

  t = Date.now();
  const csvSink = countingSink();
  await new Promise<void>((resolve, reject) => rollupCsvStream(rollup, { level: 'city' }).pipe(csvSink).on('finish', resolve).on('error', reject));
  const msCsv = Date.now() - t;

  console.log(
    JSON.stringify({
      units: input.units.length,
      submissions: input.submissions.length,
      districts: rollup.groups.filter((g) => g.kind === 'district').length,
      findings: rollup.findings.length,
      msInput,
      msRollup,
      msWorkbook,
      msCsv,
      workbookMB: Math.round((workbookBytes / 1024 / 1024) * 10) / 10,
      csvMB: Math.round((csvSink.bytes / 1024 / 1024) * 10) / 10,
      rssAfterRollupMB: mb(rssAfterRollup),
      peakAfterWorkbookMB: mb(peakAfterWorkbook),
      peakRssMB: mb(peakRssBytes()),
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
