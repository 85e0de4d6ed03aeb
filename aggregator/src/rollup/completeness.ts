// One completeness, read by the board (/api/progress), the 催报 list, the rollup JSON, every rollup
// workbook sheet and the dashboard: where a unit stands in a year, which standings count in the
// figures, and how a shortfall is said ("1家已退回" is not "1家未报送").

export { STANDING_LABELS, type Standing } from '../contract/completeness';
import type { Standing } from '../contract/completeness';
import { ACCEPTED_STATUSES, reviewStateOf } from '../contract/review';

export { ACCEPTED_STATUSES };

/** `status`: the review state of the unit's current version of the year, undefined when it has none. */
export function standingOf(status: string | undefined, excused: boolean): Standing {
  if (status === undefined) return excused ? 'excused' : 'missing';
  return reviewStateOf(status);
}

/** Whether a unit of this standing has values in the figures. */
export const countsInFigures = (standing: Standing): boolean => standing === 'accepted' || standing === 'pending';

export interface Tally {
  /** Units that must report: every unit of the group but the excused. */
  expected: number;
  /** Expected units with a current version (accepted + pending + returned). */
  submitted: number;
  accepted: number;
  pending: number;
  returned: number;
  excused: number;
  /** Expected units without any version. */
  missing: number;
  /** Units whose values are in the figures (accepted + pending). */
  counted: number;
}

export function tally(standings: Iterable<Standing>): Tally {
  const n: Record<Standing, number> = { accepted: 0, pending: 0, returned: 0, excused: 0, missing: 0 };
  let all = 0;
  for (const s of standings) {
    n[s]++;
    all++;
  }
  return {
    expected: all - n.excused,
    submitted: n.accepted + n.pending + n.returned,
    accepted: n.accepted,
    pending: n.pending,
    returned: n.returned,
    excused: n.excused,
    missing: n.missing,
    counted: n.accepted + n.pending,
  };
}

/** Why expected units are not in a figure, e.g. "1家已退回、3家未报送"; null when none is short. */
export function shortfallText(returned: number, missing: number): string | null {
  const parts: string[] = [];
  if (returned > 0) parts.push(`${returned}家已退回`);
  if (missing > 0) parts.push(`${missing}家未报送`);
  return parts.length > 0 ? parts.join('、') : null;
}
