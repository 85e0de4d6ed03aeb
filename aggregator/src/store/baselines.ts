// Previous-year baselines: values a unit or its coordinator confirmed from last year's report.
// Each confirmation is a new version, stored with the report file (a blob, like every original)
// and its audit entry in one transaction.
import { randomUUID } from 'node:crypto';

import { appError } from '../../../templates/src/core/error-catalogue';
import type { Baseline, BaselineItem, BaselineValue } from '../contract/baselines';
import type { NewAuditEntry } from './account-types';
import { insertAuditEntries } from './audit';
import type { Connection } from './connect';
import type { Database } from './schema';
import { lockUnits, writeTransaction } from './transaction';
import { sha256Of } from './blob-key';

export type { Baseline, BaselineItem, BaselineValue } from '../contract/baselines';

export interface NewBaseline {
  unitCode: string;
  year: number;
  fileName: string;
  format: 'txt' | 'docx' | 'pdf';
  bytes: Buffer;
  catalogueVersion: string;
  items: readonly BaselineItem[];
  confirmedBy: string;
  /** The audit entry, written in the same transaction. */
  audit: (stored: { id: string; version: number }) => NewAuditEntry;
}

export interface BaselineStore {
  /** Stores a new version of the unit's baseline for the year. Throws AppError UNIT_UNKNOWN. */
  confirm(baseline: NewBaseline): Promise<Baseline>;
  /** The unit's latest baseline for the year. */
  get(unitCode: string, year: number): Promise<Baseline | undefined>;
  /** Every unit's latest baseline values for the year, by unit code. */
  valuesForYear(year: number): Promise<Map<string, Record<string, BaselineValue>>>;
}

export function baselineStore(conn: Connection): BaselineStore {
  const { db } = conn;
  return {
    confirm: (baseline) => confirmBaseline(conn, baseline),
    async get(unitCode, year) {
      const row = await db
        .selectFrom('baselines')
        .selectAll()
        .where('unit_code', '=', unitCode)
        .where('year', '=', year)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toBaseline(row) : undefined;
    },
    async valuesForYear(year) {
      const rows = await db
        .selectFrom('baselines as b')
        .select(['b.unit_code', 'b.values_json'])
        .where('b.year', '=', year)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('baselines as n').select('n.id').whereRef('n.unit_code', '=', 'b.unit_code').whereRef('n.year', '=', 'b.year').whereRef('n.version', '>', 'b.version'))),
        )
        .execute();
      return new Map(rows.map((r) => [r.unit_code, JSON.parse(r.values_json) as Record<string, BaselineValue>]));
    },
  };
}

async function confirmBaseline(conn: Connection, b: NewBaseline): Promise<Baseline> {
  const sha256 = sha256Of(b.bytes);
  const values: Record<string, BaselineValue> = {};
  for (const item of b.items) if (item.value !== null) values[item.code] = item.value;
  return writeTransaction(conn, async (db) => {
    const known = await lockUnits(conn, db, [b.unitCode]);
    if (!known.has(b.unitCode)) throw appError('UNIT_UNKNOWN', { unitCode: b.unitCode, namedIn: 'path' });
    const last = await db
      .selectFrom('baselines')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('unit_code', '=', b.unitCode)
      .where('year', '=', b.year)
      .executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const id = randomUUID();
    const confirmedAt = new Date().toISOString();
    await db.insertInto('blobs').values({ sha256, size: b.bytes.length, bytes: b.bytes }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    await db
      .insertInto('baselines')
      .values({
        id,
        unit_code: b.unitCode,
        year: b.year,
        version,
        sha256,
        file_name: b.fileName,
        format: b.format,
        catalogue_version: b.catalogueVersion,
        values_json: JSON.stringify(values),
        items_json: JSON.stringify(b.items),
        confirmed_by: b.confirmedBy,
        confirmed_at: confirmedAt,
      })
      .execute();
    await insertAuditEntries(db, [b.audit({ id, version })], confirmedAt);
    return {
      id,
      unitCode: b.unitCode,
      year: b.year,
      version,
      sha256,
      fileName: b.fileName,
      format: b.format,
      catalogueVersion: b.catalogueVersion,
      values,
      items: [...b.items],
      confirmedBy: b.confirmedBy,
      confirmedAt,
    };
  });
}

type Row = Database['baselines'];

function toBaseline(r: { [K in keyof Row]: Row[K] }): Baseline {
  return {
    id: r.id,
    unitCode: r.unit_code,
    year: Number(r.year),
    version: Number(r.version),
    sha256: r.sha256,
    fileName: r.file_name,
    format: r.format,
    catalogueVersion: r.catalogue_version,
    values: JSON.parse(r.values_json) as Record<string, BaselineValue>,
    items: JSON.parse(r.items_json) as BaselineItem[],
    confirmedBy: r.confirmed_by,
    confirmedAt: r.confirmed_at,
  };
}
