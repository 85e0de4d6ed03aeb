// Chinese texts that describe what a valid value looks like. The template's data-validation alerts
// and the validator's messages both come from here, so an error reads the same in Excel and on upload.
import type { Indicator } from './catalogue';
import { BOOLEAN_FALSE, BOOLEAN_TRUE } from './contract';

/** What a valid value of this field looks like, e.g. "应填写0～366之间的整数（单位：次）". */
export function expectation(field: Indicator): string {
  const unit = field.unit_zh;
  const min = field.min ?? 0;
  switch (field.type) {
    case 'integer':
      return field.max !== undefined
        ? `应填写${min}～${field.max}之间的整数（单位：${unit}）`
        : `应填写不小于${min}的整数（单位：${unit}）`;
    case 'decimal':
      return field.max !== undefined
        ? `应填写${min}～${field.max}之间的数值（单位：${unit}）`
        : `应填写不小于${min}的数值（单位：${unit}）`;
    case 'percent':
      return '由系统根据分子、分母计算，无需填写';
    case 'boolean':
      return `应从下拉列表选择“${BOOLEAN_TRUE}”或“${BOOLEAN_FALSE}”`;
    case 'date':
      return '应填写日期，如 2025-02-28';
    case 'text':
      return '应填写文字';
  }
}

/** Advice appended to number errors: the most common faults in real sheets. */
export const NUMBER_ADVICE = '只填阿拉伯数字，不要带“约”“余”、单位或说明文字（说明请写在备注栏）；没有发生的填0，不要留空。';
