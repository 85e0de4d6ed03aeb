// Cue phrases: the data that ties a report's wording to the catalogue's indicators. Kept beside
// the catalogue (templates/catalogue/<version>.cues.json) so that a new phrasing is a data change,
// and checked against the catalogue on load so a cue can never name a missing indicator, fill a
// derived or text one, or apply to a unit type its indicator does not.
import { z } from 'zod';
import { appliesToUnit, type Catalogue, UNIT_TYPES, type UnitType } from '../../../templates/src/core/catalogue';
import cues2024 from '../../../templates/catalogue/2024.1.cues.json';

const words = z.array(z.string().min(1)).min(1);
/** Groups of alternatives: every group must have one of its words present. */
const groups = z.array(words).min(1);

const patternSchema = z
  .object({
    /** Groups that must all occur in the same clause as the number (or, for 是/否, in one clause). */
    near: groups,
    /** Groups that must occur in the sentence or in the headings above it. */
    context: groups.optional(),
    /** Words that, in the clause, rule the pattern out. */
    veto: words.optional(),
    /** Unit types this pattern is for; all the indicator's unit types when absent. */
    unit_types: z.array(z.enum(UNIT_TYPES)).min(1).optional(),
  })
  .strict();

const indicatorCuesSchema = z
  .object({
    patterns: z.array(patternSchema).min(1),
    /** Measure words that may follow the number (件, 次, 人…); required for numbers, absent for 是/否. */
    measures: words.optional(),
    /** Words that rule out every pattern of the indicator. */
    veto: words.optional(),
    /** A year-end stock (队伍数, 清单事项数): 截至 is its normal wording, not a sign of a multi-year sum. */
    stock: z.boolean().optional(),
  })
  .strict();

const cueFileSchema = z
  .object({
    catalogue: z.string(),
    /** Top-level heading words that start the part of shortcomings or of plans (their figures are skipped). */
    parts: z.object({ gaps: words, plans: words }).strict(),
    /** Words that make a sentence a plan even in the part of facts (下一步…). */
    plan_markers: words,
    /** Words before the number that make it a running total (累计, 以来, 截至). */
    cumulative: words,
    /** Words before the number that make it a figure over several years (年来, 近三年). */
    multi_year: words,
    /** Words right before the number that make it a change, not a level (增加, 减少). */
    changes: words,
    /** Words that, in the clause, turn a 是/否 match into its negation or a shortcoming. */
    negations: words,
    indicators: z.record(z.string(), indicatorCuesSchema),
  })
  .strict();

export type CuePattern = z.infer<typeof patternSchema>;
export type IndicatorCues = z.infer<typeof indicatorCuesSchema>;
export type CueFile = z.infer<typeof cueFileSchema>;

export class CueError extends Error {
  constructor(readonly faults: string[]) {
    super(`摘录提示词有误（${faults.length} 处）：\n- ${faults.join('\n- ')}`);
    this.name = 'CueError';
  }
}

/** Units a measure word may stand for, when the catalogue's unit differs (1.33亿元 → 13300 万元). */
export const MONEY_UNITS: Readonly<Record<string, number>> = { 元: 1, 万元: 1e4, 亿元: 1e8 };

/** Parses cue data and checks it against the catalogue; throws CueError naming every fault. */
export function loadCues(data: unknown, catalogue: Catalogue): CueFile {
  const parsed = cueFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new CueError(parsed.error.issues.map((i) => `${i.path.join('.') || '整个文件'}：${i.message}`));
  }
  const cues = parsed.data;
  const faults: string[] = [];
  if (cues.catalogue !== catalogue.version) faults.push(`提示词对应指标目录 ${cues.catalogue}，当前目录为 ${catalogue.version}`);
  for (const [code, entry] of Object.entries(cues.indicators)) {
    const field = catalogue.field(code);
    if (!field) {
      faults.push(`${code}：指标目录中没有这个指标`);
      continue;
    }
    if (field.derived) faults.push(`${code}：派生指标由系统计算，不从报告中摘录`);
    if (field.type === 'text' || field.type === 'date') faults.push(`${code}：${field.type === 'text' ? '文字' : '日期'}指标不从报告中摘录数值`);
    if (field.type === 'boolean' && entry.measures) faults.push(`${code}：是/否指标不应有计量单位词`);
    if (field.type !== 'boolean' && !entry.measures) faults.push(`${code}：数值指标必须给出计量单位词（如 件、次、人）`);
    if (field.type === 'boolean' && entry.stock) faults.push(`${code}：是/否指标不是存量`);
    if (entry.measures && field.type !== 'boolean' && !entry.measures.includes(field.unit_zh) && !(field.unit_zh in MONEY_UNITS)) {
      faults.push(`${code}：计量单位词中应包含指标的计量单位“${field.unit_zh}”`);
    }
    entry.patterns.forEach((pattern, i) => {
      for (const unitType of pattern.unit_types ?? []) {
        if (!appliesToUnit(field.applies_to, unitType)) {
          faults.push(`${code}：第 ${i + 1} 条提示适用于 ${unitType}，但该指标只适用于 ${field.applies_to}`);
        }
      }
    });
  }
  if (faults.length > 0) throw new CueError(faults);
  return cues;
}

/** The patterns of an indicator that a report of this unit type may use. */
export function patternsFor(entry: IndicatorCues, unitType: UnitType): CuePattern[] {
  return entry.patterns.filter((p) => !p.unit_types || p.unit_types.includes(unitType));
}

const loaded = new Map<string, CueFile>();
const KNOWN_CUES: Record<string, unknown> = { '2024.1': cues2024 };

/** The cue phrases of a catalogue version, loaded and checked on first use; undefined when there are none. */
export function cuesFor(catalogue: Catalogue): CueFile | undefined {
  const data = KNOWN_CUES[catalogue.version];
  if (!data) return undefined;
  let cues = loaded.get(catalogue.version);
  if (!cues) {
    cues = loadCues(data, catalogue);
    loaded.set(catalogue.version, cues);
  }
  return cues;
}
