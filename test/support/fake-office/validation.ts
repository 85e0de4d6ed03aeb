// Data validation as Excel applies it to typed input (pastes skip it): the subset of rules the
// sheet plan sets (whole number / decimal ranges, lists). Returns the rule's alert text, as the
// Stop dialog shows it, or null when the value is accepted.
/* eslint-disable @typescript-eslint/no-explicit-any */

export function validationRefusal(v: any, typed: unknown): string | null {
  const rule = v.rule ?? {};
  const alert = v.errorAlert?.message ?? '输入值非法';
  if (typed === '' || typed === null) return null;
  const basic = rule.wholeNumber ?? rule.decimal;
  if (basic) {
    if (typeof typed !== 'number' || (rule.wholeNumber && !Number.isInteger(typed))) return alert;
    const [lo, hi] = [Number(basic.formula1), Number(basic.formula2)];
    if (basic.operator === 'Between' && (typed < lo || typed > hi)) return alert;
    if (basic.operator === 'GreaterThanOrEqualTo' && typed < lo) return alert;
  }
  if (rule.list) {
    const items = String(rule.list.source).split(',');
    if (!items.includes(String(typed))) return alert;
  }
  return null;
}
