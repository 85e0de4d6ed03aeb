// The audit log: rows are only ever inserted (the database refuses updates and deletes, see 0002).
import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable } from './account-schema';
import type { AuditEntry, AuditFilter, AuditStore, NewAuditEntry } from './account-types';
import type { Connection } from './connect';
import type { Database } from './schema';
import { CHUNK, writeTransaction } from './transaction';

/** Most rows one query returns; a CSV export of a busy year fits, a runaway query does not. */
export const AUDIT_MAX_ROWS = 100_000;

/** Inserts entries inside the caller's transaction, so they stand or fall with what they record. */
export async function insertAuditEntries(tx: Kysely<Database>, entries: readonly NewAuditEntry[], at = new Date().toISOString()): Promise<void> {
  const rows = entries.map((e) => ({
    at,
    actor: e.actor,
    actor_role: e.actorRole,
    action: e.action,
    unit_code: e.unitCode ?? null,
    year: e.year ?? null,
    detail_json: JSON.stringify(e.detail ?? {}),
  }));
  for (let i = 0; i < rows.length; i += CHUNK) await tx.insertInto('audit_log').values(rows.slice(i, i + CHUNK)).execute();
}

export function auditStore(conn: Connection): AuditStore {
  const db = conn.db;
  return {
    async append(entries) {
      if (entries.length === 0) return;
      await writeTransaction(conn, (tx) => insertAuditEntries(tx, entries));
    },
    async query(filter) {
      const rows = await filtered(db, filter).selectAll().orderBy('id').limit(Math.min(filter.limit ?? AUDIT_MAX_ROWS, AUDIT_MAX_ROWS)).execute();
      return rows.map(toEntry);
    },
    async page(filter, offset, limit) {
      const total = await filtered(db, filter).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      const rows = await filtered(db, filter).selectAll().orderBy('id', 'desc').offset(offset).limit(limit).execute();
      return { entries: rows.map(toEntry), total: Number(total.n) };
    },
  };
}

function filtered(db: Kysely<Database>, filter: AuditFilter) {
  let query = db.selectFrom('audit_log');
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<=', filter.to);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.unit) query = query.where('unit_code', '=', filter.unit);
  if (filter.action) {
    query = filter.action.endsWith('.') ? query.where('action', 'like', `${filter.action.replace(/[%_\\]/g, '')}%`) : query.where('action', '=', filter.action);
  }
  return query;
}

function toEntry(r: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: Number(r.id),
    at: r.at,
    actor: r.actor,
    actorRole: r.actor_role,
    action: r.action,
    unitCode: r.unit_code,
    year: r.year === null ? null : Number(r.year),
    detail: JSON.parse(r.detail_json) as Record<string, unknown>,
  };
}
