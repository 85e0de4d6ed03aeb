// 单位明细 as CSV: UTF-8 with a BOM so that Chinese Excel opens it correctly, RFC 4180 quoting and
// every text cell protected against formula injection (reports/csv.ts).
import type { Readable } from 'node:stream';
import type { Rollup, RollupScope } from '../rollup/types';
import { csvStream, csvText, type CsvField } from './csv';
import { unitDetailColumns, unitDetailRows } from './unit-detail';

function csvRecords(rollup: Rollup, scope: RollupScope): Iterable<CsvField[]> {
  const columns = unitDetailColumns(rollup);
  return (function* () {
    yield columns.map((c) => c.header);
    yield columns.map((c) => c.subheader);
    yield* unitDetailRows(rollup, scope);
  })();
}

/** The whole CSV as one string (fine for a district; use rollupCsvStream for a province). */
export function rollupCsv(rollup: Rollup, scope: RollupScope): string {
  return csvText(csvRecords(rollup, scope));
}

/** The same CSV as a stream of UTF-8 text, row by row. */
export function rollupCsvStream(rollup: Rollup, scope: RollupScope): Readable {
  return csvStream(csvRecords(rollup, scope));
}
