// The wire contract: every shape the API sends or takes, with its zod schema (the OpenAPI document
// is generated from these), and the Chinese name of every status, role and action. The server,
// the page (aggregator/src/web) and the add-in (addin/) import it; it imports only the domain core.
export * from './review';
export * from './completeness';
export * from './people';
export * from './audit';
export * from './problems';
export * from './registry';
export * from './submissions';
export * from './progress';
export * from './params';
export * from './baselines';
export * from './health';
export * from './accounts';
export * from './audit-view';

import { auditEntrySchema } from './audit';
import { auditListSchema, auditPageSchema } from './audit-view';
import { newTokenSchema, passwordResetAnswerSchema, publicTokenSchema, publicUserSchema, sessionAnswerSchema, tokenListSchema, userAnswerSchema, userListSchema } from './people';
import { problemSchema } from './problems';
import { excuseAnswerSchema, signoffAnswerSchema, progressRowSchema, progressSchema, signoffViewSchema, unitExcuseSchema } from './progress';
import { registryImportAnswerSchema, registryViewSchema, reportingYearSchema, sampleCountsAnswerSchema, sampleRemovalAnswerSchema, unitSchema, yearListSchema } from './registry';
import { rollupAnswerSchema, traceSchema } from './rollup';
import { healthSchema } from './health';
import { baselineAnswerSchema, extractAnswerSchema } from './baselines';
import {
  fileResultSchema,
  reopeningAnswerSchema,
  reopeningSchema,
  reviewAnswerSchema,
  reviewBatchAnswerSchema,
  reviewedSubmissionSchema,
  submissionDetailSchema,
  submissionListSchema,
  submissionSummarySchema,
  unitHistorySchema,
  uploadAnswerSchema,
  versionDiffSchema,
} from './submissions';

/**
 * The named wire shapes: the OpenAPI document's components/schemas are generated from these, the
 * routes refer to them by name, and test/integration/contract.test.ts checks live answers against them.
 */
export const WIRE_SCHEMAS = {
  User: publicUserSchema,
  Session: sessionAnswerSchema,
  Token: publicTokenSchema,
  UserList: userListSchema,
  UserAnswer: userAnswerSchema,
  TokenList: tokenListSchema,
  NewToken: newTokenSchema,
  PasswordResetAnswer: passwordResetAnswerSchema,
  AuditEntry: auditEntrySchema,
  AuditList: auditListSchema,
  AuditPage: auditPageSchema,
  Problem: problemSchema,
  Unit: unitSchema,
  RegistryView: registryViewSchema,
  ReportingYear: reportingYearSchema,
  YearList: yearListSchema,
  RegistryImportAnswer: registryImportAnswerSchema,
  SampleCounts: sampleCountsAnswerSchema,
  SampleRemoval: sampleRemovalAnswerSchema,
  FileResult: fileResultSchema,
  UploadAnswer: uploadAnswerSchema,
  SubmissionSummary: submissionSummarySchema,
  SubmissionList: submissionListSchema,
  SubmissionDetail: submissionDetailSchema,
  ReviewedSubmission: reviewedSubmissionSchema,
  ReviewAnswer: reviewAnswerSchema,
  ReviewBatchAnswer: reviewBatchAnswerSchema,
  Reopening: reopeningSchema,
  ReopeningAnswer: reopeningAnswerSchema,
  ExcuseAnswer: excuseAnswerSchema,
  SignoffAnswer: signoffAnswerSchema,
  VersionDiff: versionDiffSchema,
  UnitHistory: unitHistorySchema,
  Progress: progressSchema,
  ProgressRow: progressRowSchema,
  SignoffView: signoffViewSchema,
  UnitExcuse: unitExcuseSchema,
  Rollup: rollupAnswerSchema,
  Trace: traceSchema,
  Health: healthSchema,
  BaselineExtractAnswer: extractAnswerSchema,
  BaselineAnswer: baselineAnswerSchema,
} as const;
export type WireSchemaName = keyof typeof WIRE_SCHEMAS;
