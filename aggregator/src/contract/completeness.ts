// Where a unit stands in a year and the names of its standings (the rules are rollup/completeness.ts).

/**
 * accepted / pending: a current version that counts in the figures; returned: its current version was
 * sent back, so it does not count until a new one comes; excused: a coordinator excused the unit from
 * the year (it is not expected); missing: nothing sent and not excused.
 */
export const STANDINGS = ['accepted', 'pending', 'returned', 'excused', 'missing'] as const;
export type Standing = (typeof STANDINGS)[number];

export const STANDING_LABELS: Record<Standing, string> = {
  accepted: '已通过',
  pending: '待审核',
  returned: '已退回',
  excused: '已免报',
  missing: '未报送',
};

