// Chinese labels of rollup concepts, shared by the engine's messages and the report writers.
import type { Indicator } from '../../../templates/src/core/catalogue';
import { STANDING_LABELS } from '../contract/completeness';
import { REVIEW_STATE_LABELS, reviewStateOf } from '../contract/review';

export const MISSING_LABEL = STANDING_LABELS.missing;

export { ACCEPTED_STATUSES } from '../contract/review';

export function statusLabel(status: string | null | undefined): string {
  if (!status) return MISSING_LABEL;
  return REVIEW_STATE_LABELS[reviewStateOf(status)];
}

export const AGGREGATION_LABELS: Record<Indicator['aggregation'], string> = {
  sum: '求和',
  ratio: '比率（合计分子÷合计分母）',
  count_true: '“是”的单位数',
  max: '最大值',
  none_text_list: '文字汇编',
};

export { unitTypeLabel } from '../contract/registry';

export const CITY_GROUP_NAME = '全市';
export const CITY_DEPARTMENTS_GROUP_NAME = '市级部门';
