// Scores an extraction against a gold file: precision over what was proposed, recall over the
// values a careful reader found stated in the report (implied values are right when proposed, but
// are not demanded).
import { z } from 'zod';
import type { Catalogue } from '../../../templates/src/core/catalogue';
import type { Candidate } from './extract';

const goldValueSchema = z
  .object({
    code: z.string(),
    value: z.union([z.number(), z.boolean()]),
    quote: z.string().min(1),
    implied: z.boolean().optional(),
    approx: z.boolean().optional(),
    flags: z.array(z.string()).optional(),
    note: z.string().optional(),
  })
  .strict();

export const goldFileSchema = z
  .object({
    report: z.string(),
    unitType: z.enum(['department', 'district_gov']),
    reportYear: z.number().int(),
    note: z.string().optional(),
    values: z.array(goldValueSchema),
  })
  .strict();

export type GoldFile = z.infer<typeof goldFileSchema>;
export type GoldValue = z.infer<typeof goldValueSchema>;

export interface Tally {
  proposed: number;
  correct: number;
  /** Stated (not implied) gold values, and how many of them were proposed with the right value. */
  stated: number;
  found: number;
}

export interface Evaluation {
  total: Tally;
  bySection: Map<string, Tally>;
  /** Proposals that are wrong: another value than the gold's, or an indicator the gold leaves empty. */
  wrong: { code: string; value: number | boolean; expected?: number | boolean }[];
  /** Stated gold values that were not proposed (or proposed with another value). */
  missed: GoldValue[];
}

const emptyTally = (): Tally => ({ proposed: 0, correct: 0, stated: 0, found: 0 });

export function evaluate(candidates: readonly Candidate[], gold: GoldFile, catalogue: Catalogue): Evaluation {
  const goldByCode = new Map(gold.values.map((v) => [v.code, v]));
  const proposedByCode = new Map(candidates.map((c) => [c.code, c]));
  const total = emptyTally();
  const bySection = new Map<string, Tally>();
  const tally = (code: string) => {
    const section = catalogue.field(code)?.section ?? '?';
    if (!bySection.has(section)) bySection.set(section, emptyTally());
    return [total, bySection.get(section)!];
  };
  const wrong: Evaluation['wrong'] = [];
  const missed: GoldValue[] = [];
  for (const c of candidates) {
    const expected = goldByCode.get(c.code);
    const right = expected !== undefined && expected.value === c.value;
    for (const t of tally(c.code)) {
      t.proposed++;
      if (right) t.correct++;
    }
    if (!right) wrong.push({ code: c.code, value: c.value, expected: expected?.value });
  }
  for (const g of gold.values) {
    if (g.implied) continue;
    const right = proposedByCode.get(g.code)?.value === g.value;
    for (const t of tally(g.code)) {
      t.stated++;
      if (right) t.found++;
    }
    if (!right) missed.push(g);
  }
  return { total, bySection, wrong, missed };
}

export const precision = (t: Tally) => (t.proposed === 0 ? 1 : t.correct / t.proposed);
export const recall = (t: Tally) => (t.stated === 0 ? 1 : t.found / t.stated);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A plain-text table in Chinese: one row per catalogue section, then the total. */
export function formatEvaluation(title: string, result: Evaluation, catalogue: Catalogue): string {
  const rows = [['部分', '提出', '正确', '精确率', '应找到', '找到', '召回率']];
  const row = (name: string, t: Tally) => [name, `${t.proposed}`, `${t.correct}`, pct(precision(t)), `${t.stated}`, `${t.found}`, pct(recall(t))];
  for (const section of catalogue.sections) {
    const t = result.bySection.get(section.code);
    if (t) rows.push(row(`${section.code} ${section.name_zh.slice(0, 12)}`, t));
  }
  rows.push(row('合计', result.total));
  const lines = rows.map((r) => r.join('\t'));
  for (const w of result.wrong) lines.push(`  错：${w.code} 摘录 ${String(w.value)}，应为 ${w.expected === undefined ? '空' : String(w.expected)}`);
  for (const m of result.missed) lines.push(`  漏：${m.code} 应为 ${String(m.value)}（“${m.quote}”）`);
  return `${title}\n${lines.join('\n')}`;
}
