// Chinese labels of rollup concepts, shared by the engine's messages and the report writers.
import type { RollupRule } from '../../../templates/src/core/catalogue';
import { STANDING_LABELS } from '../contract/completeness';
import { REVIEW_STATE_LABELS, reviewStateOf } from '../contract/review';
import type { RollupAggregation } from '../contract/rollup';

export const MISSING_LABEL = STANDING_LABELS.missing;

export { ACCEPTED_STATUSES } from '../contract/review';

export function statusLabel(status: string | null | undefined): string {
  if (!status) return MISSING_LABEL;
  return REVIEW_STATE_LABELS[reviewStateOf(status)];
}

export const AGGREGATION_LABELS: Record<RollupAggregation, string> = {
  sum: '求和',
  ratio: '比率（合计分子÷合计分母）',
  count_true: '“是”的单位数',
  max: '最大值',
  none_text_list: '文字汇编',
  on_time: '按期单位数',
};

/** How a row with a rollup rule adds up (the 汇总方式 column), instead of its plain aggregation. */
export const RULE_LABELS: Record<RollupRule['kind'], string> = {
  whole_district: '全区数（取区人民政府，区级部门不相加）',
  list: '清单（不跨层级相加）',
  split: '分列（不相加）',
  on_time: '按期单位数',
};

/** The 汇总方式 of a rollup row: its rule's, else its aggregation's. */
export function aggregationLabel(field: { aggregation: RollupAggregation; rule?: { kind: RollupRule['kind'] } }): string {
  return field.rule ? RULE_LABELS[field.rule.kind] : AGGREGATION_LABELS[field.aggregation];
}

export { unitTypeLabel } from '../contract/registry';

export const CITY_GROUP_NAME = '全市';
export const CITY_DEPARTMENTS_GROUP_NAME = '市级部门';
