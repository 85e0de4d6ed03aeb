// The one CSV writer of the aggregator (audit log, missing list, unit detail): UTF-8 with a BOM so
// Chinese Excel opens it, CRLF between records and RFC 4180 quoting of every field holding a comma,
// a quote or any line break. csv-stringify quotes a bare "\n" only when told to: with CRLF records
// it would write one unquoted and Excel and LibreOffice would split the record there. Text fields are
// guarded against formulas line by line (csvSafe); numbers are written as numbers.
import { Readable } from 'node:stream';
import { stringify, type Options } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { csvSafe } from './text';

/** One field: text (guarded), a number (as is) or nothing (an empty field). */
export type CsvField = string | number | null;

const OPTIONS: Options = { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ };

const field = (v: CsvField): string => (v === null ? '' : typeof v === 'number' ? String(v) : csvSafe(v));
const record = (fields: readonly CsvField[]): string[] => fields.map(field);

/** The whole document as one string. */
export function csvText(records: Iterable<readonly CsvField[]>): string {
  return stringifySync([...records].map(record), OPTIONS);
}

/** The same document as a stream of UTF-8 text, record by record (for exports too large to hold). */
export function csvStream(records: Iterable<readonly CsvField[]>): Readable {
  const rows = Readable.from((function* () {
    for (const r of records) yield record(r);
  })());
  return rows.pipe(stringify(OPTIONS));
}
