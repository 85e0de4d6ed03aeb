// Uploads and stored submissions on the wire. Two different things with different words:
// an upload's outcome (stored / refused / duplicate: what became of the file just sent) and a
// stored submission's review state (pending / accepted / returned, review.ts).
import { z } from 'zod';
import { problemSchema, valueSchema } from './problems';
import { reviewStateSchema } from './review';
import { unitSchema } from './registry';

const deprecated = (description: string) => ({ deprecated: true, description });

export const UPLOAD_OUTCOMES = ['stored', 'refused', 'duplicate'] as const;
export const uploadOutcomeSchema = z.enum(UPLOAD_OUTCOMES);
export type UploadOutcome = z.infer<typeof uploadOutcomeSchema>;

export const UPLOAD_OUTCOME_LABELS: Record<UploadOutcome, string> = {
  stored: '已接收',
  refused: '已拒收',
  duplicate: '重复（未保存）',
};

/** The words `status` used for an outcome before `outcome` existed (kept, deprecated, for scripts). */
export const LEGACY_UPLOAD_STATUS = { stored: 'accepted', refused: 'rejected', duplicate: 'duplicate' } as const satisfies Record<UploadOutcome, string>;
export type LegacyUploadStatus = (typeof LEGACY_UPLOAD_STATUS)[UploadOutcome];
export const outcomeOfLegacy = (status: LegacyUploadStatus): UploadOutcome =>
  status === 'accepted' ? 'stored' : status === 'rejected' ? 'refused' : 'duplicate';

/** What became of one file of an upload. */
export const fileResultSchema = z.object({
  file: z.string().describe('文件名（压缩包内为“压缩包/文件”）'),
  outcome: uploadOutcomeSchema.describe('stored：已接收（试检查时为合格）；refused：已拒收；duplicate：与当前版本相同，未保存'),
  status: z.enum(['accepted', 'rejected', 'duplicate']).meta(deprecated('已弃用，请读 outcome（accepted = stored，rejected = refused）')),
  submissionId: z.string().nullable(),
  unit: z.string().nullable(),
  unitName: z.string().nullable(),
  year: z.number().int().nullable(),
  version: z.number().int().nullable(),
  problems: z.array(problemSchema),
});
export type FileResult = z.infer<typeof fileResultSchema>;

/** The answer to POST /api/submissions and /api/submissions/values. */
export const uploadAnswerSchema = z.object({
  dryRun: z.boolean(),
  outcomes: z.object({ stored: z.number().int(), refused: z.number().int(), duplicate: z.number().int() }).describe('各结果的文件数'),
  summary: z
    .object({ accepted: z.number().int(), rejected: z.number().int(), duplicate: z.number().int() })
    .meta(deprecated('已弃用，请读 outcomes')),
  files: z.array(fileResultSchema),
});
export type UploadAnswer = z.infer<typeof uploadAnswerSchema>;

/** The one place an upload answer is put together: outcomes counted, the deprecated fields kept. */
export function uploadAnswer(dryRun: boolean, results: readonly Omit<FileResult, 'outcome'>[]): UploadAnswer {
  const outcomes = { stored: 0, refused: 0, duplicate: 0 };
  const files = results.map((r) => ({ ...r, outcome: outcomeOfLegacy(r.status) }));
  for (const f of files) outcomes[f.outcome]++;
  return { dryRun, outcomes, summary: { accepted: outcomes.stored, rejected: outcomes.refused, duplicate: outcomes.duplicate }, files };
}

export const SUBMISSION_SOURCES = ['xlsx', 'json'] as const;

/** A stored version without its values: version histories, lists and details start from this. */
export const submissionSummarySchema = z.object({
  id: z.string(),
  unitCode: z.string(),
  year: z.number().int(),
  version: z.number().int(),
  sha256: z.string(),
  fileName: z.string(),
  catalogueVersion: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  source: z.enum(SUBMISSION_SOURCES).describe('xlsx：上传的工作簿；json：加载项只报送填报值'),
  isCurrent: z.boolean(),
  reviewState: reviewStateSchema.describe('审核状态：pending 待审核、accepted 已通过、returned 已退回'),
  status: z.string().meta(deprecated('已弃用，请读 reviewState（此处为库中原词，旧记录可能为 approved / rejected）')),
  reviewStatus: z.string().meta(deprecated('已弃用，与 status 相同，请读 reviewState')),
  reviewReason: z.string().nullable().describe('退回原因（单位可见）'),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
});
export type SubmissionSummary = z.infer<typeof submissionSummarySchema>;

const valuesSchema = z.record(z.string(), valueSchema).describe('指标代码 → 填报值');
const derivedSchema = z.record(z.string(), z.number().nullable()).describe('指标代码 → 报送检查时计算并保存的派生值（比率、合计）');

export const submissionSchema = submissionSummarySchema.extend({
  values: valuesSchema,
  derived: derivedSchema,
  cells: z.record(z.string(), z.string()).describe('指标代码 → 来源单元格（工作表!A1）'),
  problems: z.array(problemSchema),
});
export type Submission = z.infer<typeof submissionSchema>;

/** One row of GET /api/submissions: the current version without its values, with its warning count. */
export const submissionListItemSchema = submissionSummarySchema.extend({ warnings: z.number().int(), derived: derivedSchema });
export type SubmissionListItem = z.infer<typeof submissionListItemSchema>;

export const submissionListSchema = z.object({ year: z.number().int(), submissions: z.array(submissionListItemSchema) });

/** GET /api/submissions/{id}: the submission, the unit's current values of last year, the version before. */
export const submissionDetailSchema = submissionSchema.extend({
  lastYear: z.object({ id: z.string(), version: z.number().int(), values: valuesSchema, derived: derivedSchema }).nullable(),
  previousVersionId: z.string().nullable(),
});
export type SubmissionDetail = z.infer<typeof submissionDetailSchema>;

export const valueChangeSchema = z.object({ code: z.string(), name_zh: z.string(), before: valueSchema, after: valueSchema });
export type ValueChange = z.infer<typeof valueChangeSchema>;

/** GET /api/submissions/{id}/diff. */
export const versionDiffSchema = z.object({ id: z.string(), against: z.string().nullable(), changes: z.array(valueChangeSchema) });
export type VersionDiff = z.infer<typeof versionDiffSchema>;

/** GET /api/units/{code}/submissions: every version of the unit's year, newest first. */
export const unitHistorySchema = z.object({ unit: unitSchema, year: z.number().int(), versions: z.array(submissionSummarySchema) });
export type UnitHistory = z.infer<typeof unitHistorySchema>;

/** A reviewed submission as POST /api/submissions/{id}/review answers it (without its source cells). */
export const reviewedSubmissionSchema = submissionSchema.omit({ cells: true });
export const reviewAnswerSchema = z.object({ submission: reviewedSubmissionSchema });
export const reviewBatchAnswerSchema = z.object({ submissions: z.array(reviewedSubmissionSchema) });

/** A unit's year reopened after the deadline or a lock: the next upload uses it up. */
export const reopeningSchema = z.object({
  id: z.string(),
  unitCode: z.string(),
  year: z.number().int(),
  reason: z.string(),
  reopenedBy: z.string(),
  reopenedAt: z.string(),
  usedAt: z.string().nullable().describe('被哪次上传用掉的时间；未用为 null'),
});
export type Reopening = z.infer<typeof reopeningSchema>;
export const reopeningAnswerSchema = z.object({ reopening: reopeningSchema });
