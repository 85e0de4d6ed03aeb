// Schema migrations, kept in code so the server and CLI carry their own schema. Append-only:
// a released migration is never edited; a change is a new entry with the next number.
import { Kysely, Migrator, sql, type Migration, type MigrationResultSet } from 'kysely';
import type { DialectName } from './connect';
import { accountsReviewAudit } from './migration-0002';
import { derivedValues } from './migration-0003';
import { baselines } from './migration-0006';
import { twoLevelReview } from './migration-0009';
import { sampleMarks } from './migration-0008';
import { rollupCache } from './migration-0010';
import { enforcementPowers } from './migration-0011';
import { accountsAtScale } from './migration-0012';

function migrations(dialect: DialectName): Record<string, Migration> {
  // The only type that differs between the databases: raw bytes.
  const bytesType = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('units')
          .addColumn('code', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('type_label', 'text', (c) => c.notNull())
          .addColumn('unit_type', 'text', (c) => c.notNull().check(sql`unit_type in ('department', 'district_gov')`))
          .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('district', 'city')`))
          .addColumn('district_code', 'text')
          .addColumn('district_name', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          // A district unit must name its district; a city department must not.
          .addCheckConstraint(
            'units_district_matches_level',
            sql`(level = 'district' and district_code is not null) or (level = 'city' and district_code is null)`,
          )
          .execute();

        await db.schema
          .createTable('reporting_years')
          .addColumn('year', 'integer', (c) => c.primaryKey())
          .addColumn('catalogue_version', 'text', (c) => c.notNull())
          .addColumn('deadline', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'closed')`))
          .addColumn('opened_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('blobs')
          .addColumn('sha256', 'text', (c) => c.primaryKey())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('bytes', bytesType, (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('submissions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('unit_code', 'text', (c) => c.notNull().references('units.code'))
          .addColumn('year', 'integer', (c) => c.notNull().references('reporting_years.year'))
          .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
          .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
          .addColumn('file_name', 'text', (c) => c.notNull())
          .addColumn('catalogue_version', 'text', (c) => c.notNull())
          .addColumn('uploaded_by', 'text', (c) => c.notNull())
          .addColumn('uploaded_at', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('xlsx', 'json')`))
          .addColumn('is_current', 'integer', (c) => c.notNull().check(sql`is_current in (0, 1)`))
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('accepted'))
          .addColumn('values_json', 'text', (c) => c.notNull())
          .addColumn('cells_json', 'text', (c) => c.notNull())
          .addColumn('problems_json', 'text', (c) => c.notNull())
          .addUniqueConstraint('submissions_unit_year_version', ['unit_code', 'year', 'version'])
          .execute();

        // At most one current version per unit and year, enforced by the database itself.
        await db.schema
          .createIndex('submissions_one_current')
          .on('submissions')
          .columns(['unit_code', 'year'])
          .unique()
          .where(sql<boolean>`is_current = 1`)
          .execute();
        await db.schema
          .createIndex('submissions_current_by_year')
          .on('submissions')
          .columns(['year', 'unit_code'])
          .where(sql<boolean>`is_current = 1`)
          .execute();
        await db.schema.createIndex('submissions_by_sha').on('submissions').columns(['unit_code', 'year', 'sha256']).execute();
        await db.schema.createIndex('units_by_district').on('units').columns(['district_code', 'code']).execute();
      },
    },
    '0002_accounts_review_audit': {
      up: (db: Kysely<unknown>) => accountsReviewAudit(db, dialect),
    },
    '0003_derived_values': {
      up: (db: Kysely<unknown>) => derivedValues(db, dialect),
    },
    // A login attempt is counted before its password is checked (auth/login.ts): each row says which
    // attempt wrote it, so an attempt whose password turns out right can take its own rows back.
    '0005_login_attempts': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('login_failures').addColumn('attempt', 'text').execute();
        await db.schema.createIndex('login_failures_by_attempt').on('login_failures').column('attempt').execute();
      },
    },
    '0006_baselines': {
      up: (db: Kysely<unknown>) => baselines(db, dialect),
    },
    '0008_sample_marks': {
      up: (db: Kysely<unknown>) => sampleMarks(db),
    },
    '0009_two_level_review': {
      up: (db: Kysely<unknown>) => twoLevelReview(db),
    },
    '0010_rollup_cache': {
      up: (db: Kysely<unknown>) => rollupCache(db, dialect),
    },
    '0011_enforcement_powers': {
      up: (db: Kysely<unknown>) => enforcementPowers(db),
    },
    '0012_accounts_at_scale': {
      up: (db: Kysely<unknown>) => accountsAtScale(db),
    },
  };
}

/** Brings the schema to the latest version; throws (with the failing migration named) on failure. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: DialectName): Promise<MigrationResultSet> {
  return checked(await (await migrator(db, dialect)).migrateToLatest());
}

/** Brings an older schema up to `name` exactly (and no further): how a later migration's upgrade is tested. */
export async function migrateTo(db: Kysely<unknown>, dialect: DialectName, name: string): Promise<MigrationResultSet> {
  return checked(await (await migrator(db, dialect)).migrateTo(name));
}

async function migrator(db: Kysely<unknown>, dialect: DialectName): Promise<Migrator> {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations(dialect) },
    // Kysely looks for its bookkeeping tables in every schema unless told which one; name the
    // connection's own schema, or a database holding several schemas would skip creating them.
    migrationTableSchema: dialect === 'postgres' ? await currentSchema(db) : undefined,
    // Migrations are numbered when written but may land in another order (0005 landed after 0006–0010);
    // a store that already ran a later number must still take the earlier one instead of refusing to start.
    allowUnorderedMigrations: true,
  });
}

function checked(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? '未知';
    throw new Error(`数据库迁移失败（${failed}）：${result.error instanceof Error ? result.error.message : String(result.error)}`, {
      cause: result.error,
    });
  }
  return result;
}

async function currentSchema(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL 连接没有可用的 schema：请检查 DATABASE_URL 中的 search_path 设置，或先创建该 schema。');
  return schema;
}

export const migrationNames = (): string[] => Object.keys(migrations('sqlite'));
