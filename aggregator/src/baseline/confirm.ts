// Checks what a person confirmed before it is stored as a unit's previous-year baseline: every
// code a catalogue indicator that applies to the unit and can be stated in a report, every value
// of the indicator's type and range, each quote an exact slice of the report, and no part larger
// than its whole. Pure; every fault is named by indicator, in Chinese, and nothing is stored.
import { z } from 'zod';
import type { Catalogue, UnitType } from '../../../templates/src/core/catalogue';
import { appError } from '../../../templates/src/core/error-catalogue';
import type { BaselineItem } from '../store';
import { partExceedsWhole } from './rules';

const quoteSchema = z.object({ text: z.string().max(2000), start: z.number().int().min(0), end: z.number().int().min(0) }).strict();
const valueSchema = z.union([z.number(), z.boolean()]);

export const confirmationSchema = z
  .object({
    items: z
      .array(
        z
          .object({
            code: z.string().min(1).max(64),
            decision: z.enum(['confirmed', 'corrected', 'dropped'], { error: '每项的处理应为 confirmed（确认）、corrected（更正）或 dropped（不采用）' }),
            value: valueSchema.nullable().optional(),
            extracted: valueSchema.optional(),
            quote: quoteSchema.optional(),
          })
          .strict(),
      )
      .max(500),
  })
  .strict();

export type Confirmation = z.infer<typeof confirmationSchema>;

export function checkConfirmation(confirmation: Confirmation, ctx: { catalogue: Catalogue; unitType: UnitType; reportText: string }): BaselineItem[] {
  const { catalogue, unitType, reportText } = ctx;
  const faults: string[] = [];
  const seen = new Set<string>();
  const items: BaselineItem[] = [];
  for (const item of confirmation.items) {
    const field = catalogue.field(item.code);
    const label = field ? `${item.code}【${field.name_zh}】` : item.code;
    if (!field) {
      faults.push(`${item.code}：指标目录中没有这个指标`);
      continue;
    }
    if (seen.has(item.code)) faults.push(`${label}：出现了两次，每个指标只能保留一个值`);
    seen.add(item.code);
    if (!catalogue.appliesTo(field, unitType)) faults.push(`${label}：不适用于本单位类型，不能作为上年数据`);
    if (field.derived || field.type === 'text' || field.type === 'date') faults.push(`${label}：由系统计算或不是数值，不能作为上年数据`);
    const value = item.decision === 'dropped' ? null : item.value;
    if (item.decision !== 'dropped') {
      if (value === null || value === undefined) faults.push(`${label}：确认或更正时必须给出数值`);
      else if (field.type === 'boolean' && typeof value !== 'boolean') faults.push(`${label}：应为“是”或“否”`);
      else if (field.type !== 'boolean' && typeof value !== 'number') faults.push(`${label}：应为数值`);
      else if (typeof value === 'number') {
        if (!Number.isFinite(value) || value < 0) faults.push(`${label}：不能为负数`);
        else if (field.type === 'integer' && !Number.isInteger(value)) faults.push(`${label}：应为整数（${field.unit_zh}）`);
        else if (field.max !== undefined && value > field.max) faults.push(`${label}：不能大于 ${field.max}`);
      }
    }
    if (item.quote && reportText.slice(item.quote.start, item.quote.end) !== item.quote.text) {
      faults.push(`${label}：摘录的原文与报告第 ${item.quote.start}–${item.quote.end} 字不符，请重新读取报告后再确认`);
    }
    items.push({
      code: item.code,
      value: value ?? null,
      decision: item.decision,
      ...(item.extracted !== undefined ? { extracted: item.extracted } : {}),
      ...(item.quote ? { quote: item.quote } : {}),
    });
  }
  const kept = items.filter((i): i is BaselineItem & { value: number | boolean } => i.value !== null);
  for (const problem of partExceedsWhole(kept, catalogue, unitType)) {
    faults.push(`${problem.codes.join('、')}：${problem.message}。请更正或不采用其中一项`);
  }
  if (kept.length === 0 && faults.length === 0) faults.push('没有确认任何数值：至少确认或更正一项，或不保存');
  if (faults.length > 0) throw appError('BASELINE_INVALID', { faults });
  return items;
}
