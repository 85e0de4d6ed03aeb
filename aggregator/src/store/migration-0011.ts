// Migration 0011: the registry attribute 有行政执法职能 (default 是), from which the applicability of
// the enforcement indicators follows. Released: never edit, add a later number.
import { sql, type Kysely } from 'kysely';

export async function enforcementPowers(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('units')
    .addColumn('has_enforcement', 'integer', (c) => c.notNull().defaultTo(1).check(sql`has_enforcement in (0, 1)`))
    .execute();
}
