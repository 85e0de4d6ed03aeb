// What a backup copies, read from the database's own catalogue rather than a list kept by hand, so a
// table a later migration adds is backed up without anyone remembering to: every table but Kysely's
// migration bookkeeping, in an order where each table comes after the tables it references.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './connect';

/** How a column's values are written in the backup: integers as JSON numbers, bytes apart. */
export type ColumnKind = 'integer' | 'bytes' | 'other';

export interface TableShape {
  name: string;
  columns: { name: string; kind: ColumnKind }[];
  /** Columns whose primary key orders the dump (keyset pages). */
  key: string[];
  /** PostgreSQL: columns filled by a sequence, set past the restored rows afterwards. */
  serial: string[];
}

export const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];
/** Derived from the rest and rebuilt on demand (0010): neither backed up nor restored; a fresh store has its own. */
export const DERIVED_TABLES = ['data_version', 'rollup_cache', 'rollup_jobs'];
const NOT_BACKED_UP = [...MIGRATION_TABLES, ...DERIVED_TABLES];

const kindOf = (declared: string): ColumnKind => {
  const t = declared.toLowerCase();
  if (t.includes('int')) return 'integer';
  if (t === 'blob' || t === 'bytea') return 'bytes';
  return 'other';
};

export async function tableShapes(db: Kysely<unknown>, dialect: DialectName): Promise<TableShape[]> {
  const shapes = dialect === 'sqlite' ? await sqliteShapes(db) : await postgresShapes(db);
  return referencedFirst(shapes.tables, shapes.references);
}

interface Catalogue {
  tables: TableShape[];
  /** table → tables it references */
  references: Map<string, Set<string>>;
}

async function sqliteShapes(db: Kysely<unknown>): Promise<Catalogue> {
  const names = (
    await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)
  ).rows.map((r) => r.name);
  const tables: TableShape[] = [];
  const references = new Map<string, Set<string>>();
  for (const name of names.filter((n) => !NOT_BACKED_UP.includes(n))) {
    const info = (await sql<{ name: string; type: string; pk: number }>`select name, type, pk from pragma_table_info(${name})`.execute(db)).rows;
    const fks = (await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${name})`.execute(db)).rows;
    tables.push({
      name,
      columns: info.map((c) => ({ name: c.name, kind: kindOf(c.type) })),
      key: info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      serial: [],
    });
    references.set(name, new Set(fks.map((f) => f.table)));
  }
  return { tables, references };
}

async function postgresShapes(db: Kysely<unknown>): Promise<Catalogue> {
  const columns = (
    await sql<{ table_name: string; column_name: string; data_type: string; column_default: string | null }>`
      select table_name, column_name, data_type, column_default from information_schema.columns
      where table_schema = current_schema() order by table_name, ordinal_position`.execute(db)
  ).rows;
  const keys = (
    await sql<{ table_name: string; column_name: string }>`
      select kcu.table_name, kcu.column_name from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
      where tc.table_schema = current_schema() and tc.constraint_type = 'PRIMARY KEY' order by kcu.table_name, kcu.ordinal_position`.execute(db)
  ).rows;
  const fks = (
    await sql<{ table_name: string; referenced: string }>`
      select cl.relname as table_name, ref.relname as referenced from pg_constraint c
      join pg_class cl on cl.oid = c.conrelid join pg_class ref on ref.oid = c.confrelid
      join pg_namespace n on n.oid = cl.relnamespace
      where c.contype = 'f' and n.nspname = current_schema()`.execute(db)
  ).rows;
  const byTable = new Map<string, TableShape>();
  for (const c of columns) {
    if (NOT_BACKED_UP.includes(c.table_name)) continue;
    let shape = byTable.get(c.table_name);
    if (!shape) byTable.set(c.table_name, (shape = { name: c.table_name, columns: [], key: [], serial: [] }));
    shape.columns.push({ name: c.column_name, kind: kindOf(c.data_type) });
    if (c.column_default?.startsWith('nextval(')) shape.serial.push(c.column_name);
  }
  for (const k of keys) byTable.get(k.table_name)?.key.push(k.column_name);
  const references = new Map<string, Set<string>>();
  for (const f of fks) {
    if (!references.has(f.table_name)) references.set(f.table_name, new Set());
    references.get(f.table_name)!.add(f.referenced);
  }
  return { tables: [...byTable.values()], references };
}

/** Topological order (referenced tables first), ties by name so both databases agree. */
function referencedFirst(tables: TableShape[], references: Map<string, Set<string>>): TableShape[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const order: TableShape[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (done.has(name) || !byName.has(name)) return;
    if (path.has(name)) throw new Error(`数据表之间有循环引用（${[...path, name].join(' → ')}），无法确定恢复顺序。`);
    path.add(name);
    for (const ref of [...(references.get(name) ?? [])].sort()) if (ref !== name) visit(ref, path);
    path.delete(name);
    done.add(name);
    order.push(byName.get(name)!);
  };
  for (const name of [...byName.keys()].sort()) visit(name, new Set());
  return order;
}
