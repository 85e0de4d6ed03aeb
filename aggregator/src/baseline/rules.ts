// Catalogue rules applied to the proposed values before anyone sees them: a part larger than its
// whole (审结 > 受理 + 结转, 败诉 > 审结, 通过 > 参考…) means at least one of the figures is wrong.
import type { Catalogue, UnitType } from '../../../templates/src/core/catalogue';

export interface RuleProblem {
  rule: string;
  /** The codes on the part side, which are flagged. */
  codes: string[];
  message: string;
}

interface Proposal {
  code: string;
  value: number | boolean;
}

/**
 * The catalogue's part-of-whole rules (kind 'le') that the proposals break. A rule is judged only
 * when every figure it needs was proposed (blank_as_zero codes may be missing): a missing whole is
 * not evidence of a wrong part.
 */
export function partExceedsWhole(proposals: readonly Proposal[], catalogue: Catalogue, unitType: UnitType): RuleProblem[] {
  const value = new Map(proposals.filter((p) => typeof p.value === 'number').map((p) => [p.code, p.value as number]));
  const problems: RuleProblem[] = [];
  for (const rule of catalogue.rules) {
    if (rule.kind !== 'le' || !catalogue.appliesTo(rule.applies_to, unitType)) continue;
    const zeroIfMissing = new Set(rule.blank_as_zero ?? []);
    const sum = (codes: string[]) => {
      let total = 0;
      for (const code of codes) {
        const v = value.get(code);
        if (v === undefined) {
          if (!zeroIfMissing.has(code)) return undefined;
        } else total += v;
      }
      return total;
    };
    const proposedLeft = rule.left.filter((c) => value.has(c));
    if (proposedLeft.length === 0) continue;
    const left = proposedLeft.reduce((t, c) => t + value.get(c)!, 0);
    const right = sum(rule.right);
    if (right === undefined || left <= right) continue;
    problems.push({ rule: rule.id, codes: proposedLeft, message: `${rule.message_zh}（摘录值：${left} ＞ ${right}）` });
  }
  return problems;
}
