// Wire types and Chinese labels of 上年数据摘录 (issue 18), shared by the server, the CLI and the
// page: what POST /api/baselines/extract answers and what PUT/GET /api/baselines/{year}/units/{code}
// store and send back.
import { z } from 'zod';
import { unitTypeSchema } from '../../../templates/src/core/catalogue';
import type { SameShape } from './shape-check';

export type CandidateFlag = 'approx' | 'cumulative' | 'multi_year' | 'other_year' | 'change' | 'part_exceeds_whole';

/** A slice of the report's text: what it says and where ([start, end) in UTF-16 code units). */
export interface Quote {
  text: string;
  start: number;
  end: number;
}

export interface Alternative {
  value: number | boolean;
  approx: boolean;
  /** The clause the value was read from. */
  quote: Quote;
  /** The figure with its measure word, inside the quote (numbers only). */
  number?: Quote;
  sentence: Quote;
  score: number;
  flags: CandidateFlag[];
}

export interface Candidate extends Alternative {
  code: string;
  section: string;
  name: string;
  unit: string;
  /** Catalogue rules the proposed values break together (part > whole), for a person to resolve. */
  problems: { rule: string; message: string }[];
  /** Other values that also fit, best first (distinct values; for 是/否, other supporting clauses). */
  alternatives: Alternative[];
}

export type ReportFormat = 'txt' | 'docx' | 'pdf';

export interface ExtractedReport {
  /** The file's path in the upload ('批次.zip/河北区/区政府.docx'). */
  file: string;
  format?: ReportFormat;
  unit: { code: string; name: string; unitType: 'department' | 'district_gov'; districtName: string | null } | null;
  /** How the unit was found: 'chosen' (the request named it), 'code' or 'name' (from the file name). */
  matchedBy: 'chosen' | 'code' | 'name' | null;
  reportYear: number | null;
  candidates: Candidate[];
  /** Why the file gave no candidates: unreadable, no unit, or a unit out of the account's scope. */
  error?: { code: string; message: string };
}

export type BaselineValue = number | boolean;

export interface BaselineItem {
  code: string;
  /** The value kept; null when the person dropped the candidate. */
  value: BaselineValue | null;
  decision: 'confirmed' | 'corrected' | 'dropped';
  /** What the extractor proposed, if anything. */
  extracted?: BaselineValue;
  quote?: Quote;
}

/** One stored confirmation (the unit's baseline for the year is its latest version). */
export interface Baseline {
  id: string;
  unitCode: string;
  year: number;
  version: number;
  sha256: string;
  fileName: string;
  format: string;
  catalogueVersion: string;
  values: Record<string, BaselineValue>;
  items: BaselineItem[];
  confirmedBy: string;
  confirmedAt: string;
}

/** How 同比 names a last-year figure taken from a confirmed baseline. */
export const BASELINE_SOURCE_ZH = '来源：年度报告摘录';

export const FLAG_LABELS_ZH: Readonly<Record<CandidateFlag, string>> = {
  approx: '约数（原文为“约/余/多”），请核对准确数',
  cumulative: '原文为累计或截至数，请核对是否为本年度数',
  multi_year: '原文为多年合计，请核对本年度数',
  other_year: '原文说的是其他年度，请核对',
  change: '原文是增减量而非总数，请核对',
  part_exceeds_whole: '与其他摘录值矛盾（部分大于整体），请核对',
};

/** Short forms for a table cell. */
export const FLAG_SHORT_ZH: Readonly<Record<CandidateFlag, string>> = {
  approx: '约数',
  cumulative: '累计',
  multi_year: '多年',
  other_year: '他年',
  change: '增减量',
  part_exceeds_whole: '部分>整体',
};

export const formatValue = (value: BaselineValue, approx = false): string =>
  typeof value === 'boolean' ? (value ? '是' : '否') : `${approx ? '约' : ''}${value}`;

// ---- Wire schemas of the same shapes (the OpenAPI document is generated from them). ----

const flagSchema = z.enum(['approx', 'cumulative', 'multi_year', 'other_year', 'change', 'part_exceeds_whole']);
const quoteSchema = z.object({ text: z.string(), start: z.number().int(), end: z.number().int() }).describe('原文片段及其位置 [start, end)');
const alternativeSchema = z.object({
  value: z.union([z.number(), z.boolean()]),
  approx: z.boolean(),
  quote: quoteSchema,
  number: quoteSchema.optional(),
  sentence: quoteSchema,
  score: z.number(),
  flags: z.array(flagSchema),
});
const candidateSchema = alternativeSchema.extend({
  code: z.string(),
  section: z.string(),
  name: z.string(),
  unit: z.string(),
  problems: z.array(z.object({ rule: z.string(), message: z.string() })),
  alternatives: z.array(alternativeSchema),
});
export const extractedReportSchema = z.object({
  file: z.string(),
  format: z.enum(['txt', 'docx', 'pdf']).optional(),
  unit: z.object({ code: z.string(), name: z.string(), unitType: unitTypeSchema, districtName: z.string().nullable() }).nullable(),
  matchedBy: z.enum(['chosen', 'code', 'name']).nullable(),
  reportYear: z.number().int().nullable(),
  candidates: z.array(candidateSchema),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export const extractAnswerSchema = z.object({ reports: z.array(extractedReportSchema) });

export const baselineSchema = z.object({
  id: z.string(),
  unitCode: z.string(),
  year: z.number().int(),
  version: z.number().int(),
  sha256: z.string(),
  fileName: z.string(),
  format: z.string(),
  catalogueVersion: z.string(),
  values: z.record(z.string(), z.union([z.number(), z.boolean()])),
  items: z.array(
    z.object({
      code: z.string(),
      value: z.union([z.number(), z.boolean()]).nullable(),
      decision: z.enum(['confirmed', 'corrected', 'dropped']),
      extracted: z.union([z.number(), z.boolean()]).optional(),
      quote: quoteSchema.optional(),
    }),
  ),
  confirmedBy: z.string(),
  confirmedAt: z.string(),
});
export const baselineAnswerSchema = z.object({ baseline: baselineSchema });

const _report: SameShape<z.infer<typeof extractedReportSchema>, ExtractedReport> = true;
const _baseline: SameShape<z.infer<typeof baselineSchema>, Baseline> = true;
