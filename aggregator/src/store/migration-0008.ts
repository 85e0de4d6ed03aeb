// Migration 0008: a mark on the rows the first start loads for the demo (the Tianjin sample units
// and the first-start years), so `registry remove-sample` can drop exactly those and nothing of a
// deployment's own. Released: never edit, add a later number.
import type { Kysely } from 'kysely';

export async function sampleMarks(db: Kysely<unknown>): Promise<void> {
  // 0 for every existing row: a store migrated from before 0008 cannot tell its sample apart, and
  // removing what it cannot tell apart would risk the deployment's own data.
  await db.schema.alterTable('units').addColumn('sample', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('reporting_years').addColumn('sample', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
