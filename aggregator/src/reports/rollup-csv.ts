// 单位明细 as CSV: UTF-8 with a BOM so that Chinese Excel opens it correctly, and every text cell
// protected against formula injection.
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { Rollup, RollupScope } from '../rollup/types';
import { csvSafe } from './text';
import { unitDetailColumns, unitDetailRows, type DetailValue } from './unit-detail';

function csvRecords(rollup: Rollup, scope: RollupScope): Iterable<string[]> {
  const columns = unitDetailColumns(rollup);
  const cell = (v: DetailValue) => (v === null ? '' : typeof v === 'number' ? String(v) : csvSafe(v));
  return (function* () {
    yield columns.map((c) => csvSafe(c.header));
    yield columns.map((c) => csvSafe(c.subheader));
    for (const row of unitDetailRows(rollup, scope)) yield row.map(cell);
  })();
}

/** The whole CSV as one string (fine for a district; use rollupCsvStream for a province). */
export function rollupCsv(rollup: Rollup, scope: RollupScope): string {
  return stringifySync([...csvRecords(rollup, scope)], { bom: true, record_delimiter: 'windows' });
}

/** The same CSV as a stream of UTF-8 text, row by row. */
export function rollupCsvStream(rollup: Rollup, scope: RollupScope): Readable {
  const records = Readable.from(csvRecords(rollup, scope));
  return records.pipe(stringify({ bom: true, record_delimiter: 'windows' }));
}
