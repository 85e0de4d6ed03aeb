// 0009: the second review level. A coordinator may excuse a unit from a year (with a reason), and a
// district's set goes up to the city (sign-off) to be confirmed or returned with a reason. One row
// per unit-year and per district-year: the latest state; the audit log keeps every step.
import { sql, type Kysely } from 'kysely';

export async function twoLevelReview(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('unit_excuses')
    .addColumn('unit_code', 'text', (c) => c.notNull().references('units.code'))
    .addColumn('year', 'integer', (c) => c.notNull().references('reporting_years.year'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('excused_by', 'text', (c) => c.notNull())
    .addColumn('excused_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('unit_excuses_pk', ['unit_code', 'year'])
    .execute();

  await db.schema
    .createTable('district_signoffs')
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull().references('reporting_years.year'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('submitted', 'confirmed', 'returned')`))
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    // Who confirmed or returned it, when, and (for a return) why; null while only submitted.
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('reason', 'text')
    .addPrimaryKeyConstraint('district_signoffs_pk', ['district_code', 'year'])
    .execute();
}
