// Migration 0002: accounts, sessions, API tokens, login throttling, the append-only audit log,
// reopenings, review columns on submissions and the year lock. Released: never edit, add 0003.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './connect';

export async function accountsReviewAudit(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('unit', 'district_admin', 'city_admin', 'leader')`))
    .addColumn('unit_code', 'text', (c) => c.references('units.code'))
    .addColumn('district_code', 'text')
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0).check(sql`disabled in (0, 1)`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // The scope a role needs is part of the row, so no account can exist without it.
    .addCheckConstraint(
      'users_scope_matches_role',
      sql`(role = 'unit' and unit_code is not null and district_code is null)
        or (role = 'district_admin' and unit_code is null and district_code is not null)
        or (role = 'city_admin' and unit_code is null and district_code is null)
        or (role = 'leader' and unit_code is null)`,
    )
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_by_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_by_user').on('api_tokens').column('user_id').execute();

  await db.schema
    .createTable('login_failures')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_by_key').on('login_failures').columns(['key', 'at']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('unit_code', 'text')
    .addColumn('year', 'integer')
    .addColumn('detail_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_by_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_by_actor').on('audit_log').columns(['actor', 'at']).execute();
  await db.schema.createIndex('audit_by_unit').on('audit_log').columns(['unit_code', 'at']).execute();
  // Append-only in the database itself, not only for want of a route: nothing rewrites history.
  if (dialect === 'postgres') {
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception '审计日志只能追加，不能修改或删除'; end $$`.execute(db);
    await sql`create trigger audit_log_no_change before update or delete on audit_log
      for each row execute function audit_log_append_only()`.execute(db);
  } else {
    for (const op of ['update', 'delete']) {
      await sql
        .raw(`create trigger audit_log_no_${op} before ${op} on audit_log begin select raise(abort, '审计日志只能追加，不能修改或删除'); end`)
        .execute(db);
    }
  }

  await db.schema
    .createTable('reopenings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_code', 'text', (c) => c.notNull().references('units.code'))
    .addColumn('year', 'integer', (c) => c.notNull().references('reporting_years.year'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('reopened_by', 'text', (c) => c.notNull())
    .addColumn('reopened_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('reopenings_by_year').on('reopenings').columns(['year', 'unit_code']).execute();

  await db.schema.alterTable('submissions').addColumn('review_reason', 'text').execute();
  await db.schema.alterTable('submissions').addColumn('reviewed_by', 'text').execute();
  await db.schema.alterTable('submissions').addColumn('reviewed_at', 'text').execute();
  // Before review existed every stored sheet was marked 'accepted' without anyone looking at it.
  await sql`update submissions set status = 'pending' where status = 'accepted'`.execute(db);

  // 'locked' is a flag beside status: 0001's check admits only open/closed, and SQLite cannot alter it.
  await db.schema.alterTable('reporting_years').addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
