// Chinese labels of rollup concepts, shared by the engine's messages and the report writers.
import type { Indicator } from '../../../templates/src/core/catalogue';
import type { RollupUnit } from './types';

const STATUS_LABELS: Record<string, string> = {
  accepted: '已通过',
  approved: '已通过',
  pending: '待审核',
  submitted: '已提交',
  returned: '已退回',
  rejected: '已退回',
};
export const MISSING_LABEL = '未报送';

// Lives beside the standings it defines; re-exported for the callers that read labels.
export { ACCEPTED_STATUSES } from './completeness';

export function statusLabel(status: string | null | undefined): string {
  if (!status) return MISSING_LABEL;
  return STATUS_LABELS[status] ?? status;
}

export const AGGREGATION_LABELS: Record<Indicator['aggregation'], string> = {
  sum: '求和',
  ratio: '比率（合计分子÷合计分母）',
  count_true: '“是”的单位数',
  max: '最大值',
  none_text_list: '文字汇编',
};

/** 区人民政府 / 区级部门 / 市级部门, as the registry writes them. */
export function unitTypeLabel(unit: Pick<RollupUnit, 'unitType' | 'level'>): string {
  if (unit.level === 'city') return '市级部门';
  return unit.unitType === 'district_gov' ? '区人民政府' : '区级部门';
}

export const CITY_GROUP_NAME = '全市';
export const CITY_DEPARTMENTS_GROUP_NAME = '市级部门';
