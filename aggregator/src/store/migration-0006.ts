// Migration 0006: previous-year baselines confirmed from last year's published reports (issue 18).
// Append-only like the audit log: a correction is a new version, nothing is rewritten. The year is
// the year the report describes, which the system may never have opened (the city's first year),
// so it references no reporting year; the report file is kept in blobs like every original.
import { type Kysely, sql } from 'kysely';
import type { DialectName } from './connect';

export async function baselines(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('baselines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_code', 'text', (c) => c.notNull().references('units.code'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('txt', 'docx', 'pdf')`))
    .addColumn('catalogue_version', 'text', (c) => c.notNull())
    // {code: value} of the confirmed and corrected values: what 同比 uses.
    .addColumn('values_json', 'text', (c) => c.notNull())
    // Each decision with its quote and the extracted value, for the record.
    .addColumn('items_json', 'text', (c) => c.notNull())
    .addColumn('confirmed_by', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('baselines_unit_year_version', ['unit_code', 'year', 'version'])
    .execute();
  await db.schema.createIndex('baselines_by_year').on('baselines').columns(['year', 'unit_code', 'version']).execute();
  if (dialect === 'postgres') {
    await sql`create function baselines_append_only() returns trigger language plpgsql as $$
      begin raise exception '上年数据摘录只能追加新版本，不能修改或删除'; end $$`.execute(db);
    await sql`create trigger baselines_no_change before update or delete on baselines
      for each row execute function baselines_append_only()`.execute(db);
  } else {
    for (const op of ['update', 'delete']) {
      await sql
        .raw(`create trigger baselines_no_${op} before ${op} on baselines begin select raise(abort, '上年数据摘录只能追加新版本，不能修改或删除'); end`)
        .execute(db);
    }
  }
}
