// Migration 0003: derived values stored with each submission (derived_json), computed for the rows
// stored before it by the same function the upload uses. Released: never edit, add 0004.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './connect';
import { recomputeDerived } from './derived';

/** Rows read (and, on PostgreSQL, filled by one UPDATE … CASE) at a time. */
const PAGE = 500;

interface Row {
  id: string;
  catalogue_version: string;
  unit_type: string;
  values_json: string;
}

export async function derivedValues(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // PostgreSQL runs each migration in a transaction; SQLite's migrator does not, so the column and
  // its filling are made one transaction here: a crash half-way leaves 0003 undone, not half done.
  if (dialect === 'sqlite') await sql`begin immediate`.execute(db);
  try {
    await db.schema.alterTable('submissions').addColumn('derived_json', 'text', (c) => c.notNull().defaultTo('{}')).execute();
    for (let after = ''; ; ) {
      const { rows } = await sql<Row>`
        select s.id, s.catalogue_version, u.unit_type, s.values_json
        from submissions s join units u on u.code = s.unit_code
        where s.id > ${after} order by s.id limit ${PAGE}`.execute(db);
      if (rows.length === 0) break;
      // A catalogue this build does not know cannot be derived; its rows keep '{}' (verify-store names them).
      const filled = rows.map((r) => ({ id: r.id, derived: JSON.stringify(recomputeDerived(r.catalogue_version, r.unit_type, JSON.parse(r.values_json)) ?? {}) }));
      if (dialect === 'sqlite') {
        // In-process and inside one transaction, a statement per row is the fast way (a 500-branch CASE is not).
        for (const f of filled) await sql`update submissions set derived_json = ${f.derived} where id = ${f.id}`.execute(db);
      } else {
        // Over the network, one statement per page.
        const cases = filled.map((f) => sql`when ${f.id} then ${f.derived}`);
        await sql`update submissions set derived_json = case id ${sql.join(cases, sql` `)} end where id in (${sql.join(filled.map((f) => f.id))})`.execute(db);
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].id;
    }
    if (dialect === 'sqlite') await sql`commit`.execute(db);
  } catch (error) {
    if (dialect === 'sqlite') await sql`rollback`.execute(db).catch(() => undefined);
    throw error;
  }
}
