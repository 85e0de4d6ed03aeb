// Review states of a stored submission and their Chinese names. An upload's outcome (stored /
// refused / duplicate, see submissions.ts) is a different thing with different words.
import { z } from 'zod';

export const REVIEW_STATES = ['pending', 'accepted', 'returned'] as const;
export const reviewStateSchema = z.enum(REVIEW_STATES);
export type ReviewState = z.infer<typeof reviewStateSchema>;

export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
  pending: '待审核',
  accepted: '已通过',
  returned: '已退回',
};

/** Stored words that mean 已通过; rows written before the review API say 'approved'. */
export const ACCEPTED_STATUSES: ReadonlySet<string> = new Set(['accepted', 'approved']);
/** Stored words that mean 已退回; older rows say 'rejected'. */
export const RETURNED_STATUSES: ReadonlySet<string> = new Set(['returned', 'rejected']);

/** The one reading of a stored review word: older words map to today's, anything else is 待审核. */
export function reviewStateOf(stored: string | null | undefined): ReviewState {
  if (stored && ACCEPTED_STATUSES.has(stored)) return 'accepted';
  if (stored && RETURNED_STATUSES.has(stored)) return 'returned';
  return 'pending';
}
