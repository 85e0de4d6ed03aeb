// Reading a whole year of current submissions without holding it twice: keyset pages (by unit
// code, on the submissions_current_by_year index) inside one read-only snapshot. A rollup reads only
// values, derived values and cells, and the cells text, the same for every sheet of a template, once per page.
import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { isWriteTransaction } from './transaction';
import type { SubmissionValues, SubmissionValuesOptions } from './types';

/**
 * Rows per query when a whole year is read: one page of JSON text (~13 KB a row) is held at a
 * time, instead of every row of a province (~260 MB at 20,000 units) before the first is parsed.
 */
export const PAGE = 500;
/** Distinct cells texts shared at most; past that (never seen in practice) each row gets its own. */
const MAX_SHARED_CELLS = 256;

interface Range {
  after?: string;
  from?: string;
  to?: string;
  statuses?: string[];
}

/** The year's current submissions, optionally of some review states and a range of unit codes. */
export function currentOf(db: Kysely<Database>, year: number, range: Range) {
  let query = db.selectFrom('submissions').where('year', '=', year).where('is_current', '=', 1);
  if (range.statuses) query = query.where('status', 'in', range.statuses);
  if (range.after !== undefined) query = query.where('unit_code', '>', range.after);
  if (range.from !== undefined) query = query.where('unit_code', '>=', range.from);
  if (range.to !== undefined) query = query.where('unit_code', '<=', range.to);
  return query;
}

/**
 * Reads page after page, each after the key of the last row read, all inside one read-only
 * snapshot, so that an upload committed meanwhile is seen whole or not at all.
 */
export async function eachPage<R>(
  db: Kysely<Database>,
  size: number,
  page: (trx: Kysely<Database>, after: string | undefined) => Promise<R[]>,
  key: (row: R) => string,
  onPage: (rows: R[]) => void,
): Promise<void> {
  const readAll = async (trx: Kysely<Database>) => {
    let after: string | undefined;
    for (;;) {
      const rows = await page(trx, after);
      if (rows.length > 0) onPage(rows);
      if (rows.length < size) return;
      after = key(rows[rows.length - 1]);
      // better-sqlite3 answers synchronously: without this a province's read would hold the
      // event loop from the first page to the last (requests that need no database wait too).
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  // Inside a write transaction the pages are already consistent, and a nested one cannot begin.
  if (isWriteTransaction(db)) return readAll(db);
  await db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(readAll);
}

type Cells = Readonly<Record<string, string>>;

/** JSON.parse of cells texts, one shared frozen object per distinct text. */
function sharedCells(): (json: string) => Cells {
  const seen = new Map<string, Cells>();
  return (json) => {
    let cells = seen.get(json);
    if (!cells) {
      cells = Object.freeze(JSON.parse(json) as Record<string, string>);
      if (seen.size < MAX_SHARED_CELLS) seen.set(json, cells);
    }
    return cells;
  };
}

async function valuesPage(
  db: Kysely<Database>,
  year: number,
  range: Range,
  size: number,
  cellsOf: (json: string) => Cells,
): Promise<SubmissionValues[]> {
  const rows = await currentOf(db, year, range)
    .orderBy('unit_code')
    .select(['id', 'unit_code', 'version', 'status', 'values_json', 'derived_json'])
    .limit(size)
    .execute();
  if (rows.length === 0) return [];
  // The page's distinct cells texts (at most two are asked for): nearly always one, shared by every
  // row, so the 8 KB text is read once per page instead of once per row. Several: read each row's.
  const page = { ...range, after: undefined, from: rows[0].unit_code, to: rows[rows.length - 1].unit_code };
  const texts = await currentOf(db, year, page).select('cells_json').distinct().limit(2).execute();
  const shared = texts.length === 1 ? cellsOf(texts[0].cells_json) : undefined;
  const byUnit = shared
    ? undefined
    : new Map((await currentOf(db, year, page).select(['unit_code', 'cells_json']).execute()).map((r) => [r.unit_code, r.cells_json]));
  return rows.map((row) => ({
    id: row.id,
    unitCode: row.unit_code,
    version: Number(row.version),
    status: row.status,
    values: JSON.parse(row.values_json),
    derived: JSON.parse(row.derived_json),
    cells: shared ?? cellsOf(byUnit!.get(row.unit_code)!),
  }));
}

export async function eachCurrentSubmissionValues(
  db: Kysely<Database>,
  year: number,
  onBatch: (batch: SubmissionValues[]) => void,
  options: SubmissionValuesOptions = {},
): Promise<number> {
  const size = options.batchSize ?? PAGE;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batchSize must be a positive integer, not ${size}`);
  const statuses = options.statuses && [...options.statuses];
  if (statuses?.length === 0) return 0;
  const cellsOf = sharedCells();
  let count = 0;
  await eachPage(
    db,
    size,
    (trx, after) => valuesPage(trx, year, { after, statuses }, size, cellsOf),
    (row) => row.unitCode,
    (batch) => {
      count += batch.length;
      onBatch(batch);
    },
  );
  return count;
}
