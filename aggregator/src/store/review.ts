// Review state of current versions and reopenings of locked unit-years.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ReviewStore } from './account-types';
import type { Database } from './schema';

/**
 * Uses up the unit-year's reopening inside the caller's write transaction: true when there was one.
 * Every unused reopening of the unit-year goes at once (a coordinator who reopened twice meant once),
 * and the conditional update is atomic, so of two writes racing for one reopening only one gets true.
 */
export async function useReopening(db: Kysely<Database>, unitCode: string, year: number, at: string): Promise<boolean> {
  const result = await db.updateTable('reopenings').set({ used_at: at }).where('unit_code', '=', unitCode).where('year', '=', year).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function reviewStore(db: Kysely<Database>): ReviewStore {
  return {
    async setReview(id, review) {
      const result = await db
        .updateTable('submissions')
        .set({ status: review.status, review_reason: review.reason, reviewed_by: review.reviewedBy, reviewed_at: new Date().toISOString() })
        .where('id', '=', id)
        .where('is_current', '=', 1)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async reopen({ unitCode, year, reason, reopenedBy }) {
      const row = { id: randomUUID(), unit_code: unitCode, year, reason, reopened_by: reopenedBy, reopened_at: new Date().toISOString(), used_at: null };
      await db.insertInto('reopenings').values(row).execute();
      return { id: row.id, unitCode, year, reason, reopenedBy, reopenedAt: row.reopened_at, usedAt: null };
    },
    async openReopenings(year) {
      const rows = await db.selectFrom('reopenings').select('unit_code').where('year', '=', year).where('used_at', 'is', null).execute();
      return new Set(rows.map((r) => r.unit_code));
    },
    async setDeadline(year, deadline) {
      const result = await db.updateTable('reporting_years').set({ deadline }).where('year', '=', year).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
