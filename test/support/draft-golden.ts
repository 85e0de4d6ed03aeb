// A hand-built case for the drafts, with numbers the tests work out by hand: 和平区 (区人民政府 A0,
// 司法局 A1; 市场监管局 A2 has not reported), 南开区 and two 市级部门, 2024 against 2023. Values not
// listed here are filler (rollup-fixtures); the tests assert only on the listed ones.
import { currentCatalogue } from '../../templates/src/core/catalogue';
import type { CellValue } from '../../templates/src/core/model';
import type { RollupInput, RollupUnit } from '../../aggregator/src/rollup/types';
import { GOLDEN_UNITS, submissionFor } from './rollup-fixtures';

type Values = Record<string, CellValue | null>;

export const DRAFT_2024: Record<string, Values> = {
  A0: {
    'reg.ns_issued': 5, 'reg.ns_filed': 5,
    'recon.accepted': 120, 'recon.carried_over': 0, 'recon.closed': 100,
    'recon.revoked_changed': 6, 'recon.confirmed_illegal': 2, 'recon.ordered_perform': 1, 'recon.mediated': 0,
    'leader.lectured': true,
    'learn.exam_required': 10000, 'learn.exam_participants': 10000, 'learn.exam_passed': 9000,
    'litig.first_instance': 7,
    'narr.summary': '和平区全年推进法治政府建设，重点任务全部完成。',
    'gap.text': '基层执法力量不足。', 'gap.causes': '专业人才储备不足。',
    'plan.text': '1. 深入学习贯彻习近平法治思想。\n2. 加强合法性审核。',
    'narr.other': '无。',
  },
  A1: {
    'reg.ns_issued': 3, 'reg.ns_filed': 2,
    'leader.lectured': false,
    'learn.exam_required': 50, 'learn.exam_participants': 50, 'learn.exam_passed': 50,
    // Blank, not 0: the district total is incomplete and the unit's own draft leaves the clause out.
    'litig.first_instance': null,
    'narr.summary': '司法局推进严格规范公正文明执法。',
    'gap.text': '基层执法力量不足。', 'gap.causes': '专业人才储备不足。',
    'plan.text': '',
    'narr.other': '无。',
  },
  B0: { 'reg.ns_issued': 4, 'leader.lectured': true },
  B1: { 'reg.ns_issued': 2, 'leader.lectured': true },
  B2: { 'reg.ns_issued': 1, 'leader.lectured': false },
  C1: { 'reg.ns_issued': 10, 'leader.lectured': true },
  C2: { 'reg.ns_issued': 7, 'leader.lectured': false },
};

/** Last year: 和平区 received 100 cases and corrected 4 of 80 closed (5 %). */
export const DRAFT_2023: Record<string, Values> = {
  A0: { 'recon.accepted': 100, 'recon.closed': 80, 'recon.revoked_changed': 4, 'recon.confirmed_illegal': 0, 'recon.ordered_perform': 0, 'recon.mediated': 0 },
  // 和平区司法局 issued 2 documents last year: its 3 are +50 %.
  A1: { 'reg.ns_issued': 2, 'reg.ns_filed': 2 },
};

/** A2 (和平区市场监管局) has not reported 2024. */
export const DRAFT_MISSING = 'A2';

export function draftGoldenInput(units: readonly RollupUnit[] = GOLDEN_UNITS): RollupInput {
  const catalogue = currentCatalogue();
  const codes = new Set(units.map((u) => u.code));
  const build = (year: number, values: Record<string, Values>, skip: string[]): RollupInput => ({
    catalogue,
    year,
    units: [...units],
    submissions: units.filter((u) => !skip.includes(u.code) && codes.has(u.code)).map((u) => submissionFor(catalogue, u, year, values[u.code] ?? {})),
  });
  return { ...build(2024, DRAFT_2024, [DRAFT_MISSING]), lastYear: build(2023, DRAFT_2023, []) };
}

export const goldenUnit = (code: string): RollupUnit => GOLDEN_UNITS.find((u) => u.code === code)!;
