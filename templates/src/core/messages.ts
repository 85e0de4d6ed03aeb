// Chinese texts that describe what a valid value looks like. The template's data-validation alerts
// and the validator's messages both come from here, so an error reads the same in Excel and on upload.
// Every builder returns a complete sentence: the validator only prefixes the cell location.
import type { AppliesTo, Indicator } from './catalogue';
import { columnLetter } from './cell-address';
import { BOOLEAN_FALSE, BOOLEAN_TRUE, CELL_TEXT_MAX, NOT_APPLICABLE } from './contract';
import type { CellRef, CellValue } from './model';
import type { TailFault, TailKind, TailLimits, TemplateArea } from './sheet-limits';

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

/** The one instruction for a 是/否 cell that holds anything else. */
export const BOOLEAN_ADVICE = `请从下拉列表选择“${BOOLEAN_TRUE}”或“${BOOLEAN_FALSE}”`;

const DATE_FORMS = '2025-02-28、2025/2/28、2025.2.28 或 2025年2月28日';

// ---------------------------------------------------------------------------------------------
// Formatting helpers

/** Where a problem is: "指标填报!E12【本年度受理行政复议案件数】". */
export function locate(ref: CellRef | undefined, field: Indicator): string {
  return ref ? `${ref.sheet}!${ref.address}【${field.name_zh}】` : `【${field.name_zh}】`;
}

/** A number as a person writes it: integers plain, fractions with at most 4 decimals. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(4)));
}

/** A value as it appears in a message; blank reads as 未填写. */
export function formatValue(value: CellValue | null | undefined): string {
  if (value === null || value === undefined) return '未填写';
  if (typeof value === 'boolean') return value ? `“${BOOLEAN_TRUE}”` : `“${BOOLEAN_FALSE}”`;
  if (typeof value === 'number') return formatNumber(value);
  return `“${value}”`;
}

/** Names inside figures drop the "其中：" lead-in, which only makes sense next to the parent row. */
export function shortName(field: Indicator): string {
  return field.name_zh.replace(/^其中：/, '');
}

// ---------------------------------------------------------------------------------------------
// Normalisation reasons (what is wrong with the typed value + what to do)

export const reasons = {
  errorCell: (field: Indicator, error: string) => `单元格是错误值 ${error}，请清除后重新填写，${expectation(field)}。`,
  booleanCellInNumber: (field: Indicator, v: boolean) =>
    `单元格是逻辑值 ${v ? 'TRUE' : 'FALSE'}，不是数值，请改为${expectation(field).replace(/^应/, '')}。`,
  notANumber: (field: Indicator, text: string) => `填报值“${text}”不是有效的数字，${expectation(field)}。${NUMBER_ADVICE}`,
  badGrouping: (field: Indicator, text: string) =>
    `填报值“${text}”的千分位逗号位置不正确（应每三位一组，如 1,234），请去掉逗号或改正，${expectation(field)}。`,
  notWhole: (field: Indicator, n: number) => `填报值 ${formatNumber(n)} 不是整数，${expectation(field)}。`,
  tooLarge: (field: Indicator, shown: string) =>
    `填报值 ${shown} 过大，超过了能精确保存的数值（${Number.MAX_SAFE_INTEGER}），保存后会变成另一个数，${expectation(field)}。请核对是否多输了数字。`,
  notApplicableHere: (field: Indicator) =>
    `本指标适用于本单位，不能填“${NOT_APPLICABLE}”，${expectation(field)}${field.type === 'integer' || field.type === 'decimal' ? '；没有发生的填0' : ''}。`,
  notBoolean: (text: string) => `填报值“${text}”无效，${BOOLEAN_ADVICE}。`,
  booleanCell: (v: boolean) => `单元格是逻辑值 ${v ? 'TRUE' : 'FALSE'}，${BOOLEAN_ADVICE}。`,
  numberInBoolean: (n: number) => `填报值 ${formatNumber(n)} 无效，${BOOLEAN_ADVICE}。`,
  notADate: (text: string) => `填报值“${text}”不是可识别的日期，请按 ${DATE_FORMS} 的格式填写。`,
  impossibleDate: (text: string) => `填报值“${text}”不是真实存在的日期，请核对年、月、日后重新填写（如 2025-02-28）。`,
  badDateSerial: (n: number) => `单元格中的日期值 ${formatNumber(n)} 无法识别为日期，请按 ${DATE_FORMS} 的格式重新填写。`,
  booleanInDate: (v: boolean) => `单元格是逻辑值 ${v ? 'TRUE' : 'FALSE'}，不是日期，请按 ${DATE_FORMS} 的格式填写。`,
  booleanInText: (v: boolean) => `单元格是逻辑值 ${v ? 'TRUE' : 'FALSE'}，请直接填写文字。`,
} as const;

// ---------------------------------------------------------------------------------------------
// Validator messages (without the location prefix)

export const messages = {
  formula: '输入单元格含公式，请直接填写数值（可先复制，再“选择性粘贴—数值”）。',
  remarkFormula: (formula: string) =>
    `备注栏含公式“=${formula.length > 40 ? `${formula.slice(0, 40)}…` : formula}”：备注是输入单元格，只能填写文字，不能用公式（包括 HYPERLINK 链接）。请删除公式，直接输入说明文字（可先复制，再“选择性粘贴—数值”）。`,
  required(field: Indicator): string {
    // "没有发生的请填0" makes no sense for header fields such as 报告年度.
    if (field.section === 'meta' && field.type !== 'text') return `必填项未填写，${expectation(field)}。`;
    switch (field.type) {
      case 'integer':
      case 'decimal':
      case 'percent':
        return '必填项未填写；没有发生的请填0。';
      case 'boolean':
        return `必填项未填写，${BOOLEAN_ADVICE}。`;
      case 'date':
        return '必填项未填写，请填写日期，如 2025-02-28。';
      case 'text':
        return '必填项未填写，请填写文字内容。';
    }
  },
  requiredText: (ruleMessage: string) => `必填文字项未填写。${ruleMessage}请填写。`,
  tooFewItems: (count: number, min: number) =>
    `目前只写了 ${count} 条，至少应写 ${min} 条。请分条填写（每条另起一行，或用“1.”“2.”、“一是”“二是”等编号）。`,
  outOfRange: (field: Indicator, value: number) => `填报值 ${formatNumber(value)} 超出允许范围，${expectation(field)}。`,
  notApplicable(field: Indicator, value: string, ruleMessage: string): string {
    return `${applicabilityText(field.applies_to)}，但这里填了 ${value}。${ruleMessage}请清空该单元格（或填“${NOT_APPLICABLE}”）。`;
  },
  derivedConstant: (value: string, ruleMessage: string) =>
    `该单元格的计算公式被改成了固定值 ${value}。${ruleMessage}请撤销修改恢复公式（或从新下载的模板复制该行），只填写它的分子、分母或各组成项。`,
  blankAsZero: (ruleMessage: string) =>
    `未填写，核对“${ruleMessage.replace(/。$/, '')}”时按0计算。如有请填写实际数，没有请填0。`,
  le: (ruleMessage: string, left: string, right: string, severity: 'error' | 'warning' | 'info') =>
    `${ruleMessage}（当前：${left} ＞ ${right}）${severity === 'error' ? '请核对后修改。' : '请核对；确属实的，请在备注栏说明原因。'}`,
  implies: (ruleMessage: string, facts: string, severity: 'error' | 'warning' | 'info') =>
    `${ruleMessage}（当前：${facts}）${severity === 'error' ? '请核对后修改。' : '请核对；确属实的，请在备注栏说明原因。'}`,
  deadline: (date: string, reportYear: number, deadline: string, ruleMessage: string) =>
    `填写的日期 ${date} 晚于 ${reportYear} 年度报告的规定时限 ${deadline}。${ruleMessage}请核对日期；确属逾期的，请在备注栏说明原因。`,
  /** `what`: 填报值 or 备注; `codePoint` e.g. 0001. */
  controlCharacter: (what: string, codePoint: string) =>
    `的${what}含有不可见的控制字符（U+${codePoint}，通常随从 Word、网页或其他系统复制的内容带入）：请清空该单元格后重新输入文字，再保存上传`,
  textTooLong: (what: string, length: number) =>
    `的${what}有 ${length} 个字符，超过 Excel 单元格上限 ${CELL_TEXT_MAX} 个：请精简内容（详细内容写入年度报告正文）后重新保存上传`,
  /** `change` null: last year was 0, so there is no percentage to quote. */
  yoy(current: string, last: string, change: string | null, threshold: number, remark: string | undefined): string {
    const base = change === null
      ? `本年 ${current}，上年为 ${last}。`
      : `本年 ${current}，上年 ${last}，${change}，变化幅度超过 ±${formatNumber(threshold * 100)}%。`;
    return remark ? `${base}备注栏已说明：“${remark}”。` : `${base}请核实数据；确属实的，请在备注栏说明原因。`;
  },
  /** `majority`: the batch's year and how many files give it; null when no year is the most common. */
  batchYear(file: string, year: number, majority: { year: number; files: number } | null, spread: string, ruleMessage: string): string {
    const clause = majority
      ? `与本批次其他报表（${majority.year} 年度，${majority.files} 份）不一致`
      : `而本批次各报表的年度不一致（${spread}），无法判断以哪个为准`;
    return `文件“${file}”的报告年度为 ${year}，${clause}。${ruleMessage}请核对报告年度，或更换为正确年度的报表后重新上传。`;
  },
} as const;

// ---------------------------------------------------------------------------------------------
// Ranges after the sheet data (merges, validations, conditional formats) a file may not carry.
// The reader throws these, so `npm run check` and an upload say the same words.

const TAIL_KIND_ZH: Record<TailKind, string> = { merge: '合并单元格', validation: '数据有效性', conditionalFormat: '条件格式' };
const TAIL_UNDO: Record<TailKind, string> = {
  merge: '取消该合并（开始 → 合并后居中 → 取消单元格合并）',
  validation: '删除该数据有效性（选中该区域，数据 → 数据验证/有效性 → 全部清除）',
  conditionalFormat: '删除该条件格式（开始 → 条件格式 → 清除规则）',
};
const TAIL_AGAIN = '后重新保存上传，或用标准模板重新填报后上传。';

/** The Chinese message for a fault of scanSheetTail on sheet `sheet`. */
export function sheetTailMessage(sheet: string, fault: TailFault, area: TemplateArea, limits: TailLimits): string {
  switch (fault.fault) {
    case 'range': {
      const what = TAIL_KIND_ZH[fault.kind];
      const subject = fault.kind === 'merge' ? `有合并单元格 ${fault.range}` : `的${what}作用于 ${fault.range}`;
      return (
        `工作表“${sheet}”${subject}，超出模板范围（模板内容在 A1:${columnLetter(area.lastCol)}${area.lastRow} 之内，` +
        `这类设置最远只能到 ${columnLetter(limits.maxCol)}${limits.maxRow}）：远超模板的${what}（如整行、整列或整张表）会让汇总系统和查阅原件的程序逐格展开而卡死。` +
        `请${TAIL_UNDO[fault.kind]}${TAIL_AGAIN}`
      );
    }
    case 'merges':
      return (
        `工作表“${sheet}”有 ${fault.count} 个合并单元格，超过上限 ${limits.maxMerges} 个（标准模板只有 ${area.merges} 个）：大量合并单元格会让汇总系统和查阅原件的程序卡死。` +
        `请取消多余的合并（全选，开始 → 合并后居中 → 取消单元格合并）${TAIL_AGAIN}`
      );
    case 'cells':
      return (
        `工作表“${sheet}”的合并单元格、数据有效性和条件格式合计覆盖 ${fault.cells} 个单元格，超过上限 ${limits.maxCells} 个` +
        `（模板内容只有 ${area.lastRow * area.lastCol} 个单元格）：请删除重复或多余的数据有效性和条件格式（开始 → 条件格式 → 管理规则）${TAIL_AGAIN}`
      );
  }
}

function applicabilityText(applies: AppliesTo): string {
  switch (applies) {
    case 'district_gov':
      return '本指标只由区人民政府表填报，部门表不填';
    case 'department':
      return '本指标只由部门填报，区人民政府表不填';
    case 'all':
      return '本指标所有单位均应填报';
  }
}
