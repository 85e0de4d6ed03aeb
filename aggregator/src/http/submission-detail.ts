// What the submission routes add around ingest for accounts and review: scope checks on reads,
// last year's values and the previous version beside a submission, version diffs, and the audit
// entries of the files an upload did not store.
import type { Logger } from 'pino';
import { z } from 'zod';
import { getCatalogue } from '../../../templates/src/core/catalogue';
import { AppError } from '../../../templates/src/core/errors';
import type { CellValue } from '../../../templates/src/core/model';
import { assertCanSeeUnit } from '../auth/scope';
import { uploadAuditEntry, type FileResult } from '../ingest/pipeline';
import type { Store, Submission, User } from '../store';
import type { RouteContext } from './route-context';
import { errorResponses, jsonContent, parametersOf, registerPaths } from './openapi';
import { idParams } from './params';

export const diffQuery = z.object({ against: z.string().min(1).max(64).optional() });

/** The submission, if the user may see its unit; 404 when it does not exist. */
export async function visibleSubmission(store: Store, user: User, id: string): Promise<Submission> {
  const submission = await store.getSubmission(id);
  if (!submission) throw new AppError('SUBMISSION_NOT_FOUND', `找不到编号为 ${id} 的报送记录：请核对编号，或刷新报送列表后重新打开。`, 404);
  const unit = await store.getUnit(submission.unitCode);
  assertCanSeeUnit(user, unit ?? { code: submission.unitCode, districtCode: null });
  return submission;
}

export async function previousVersionId(store: Store, submission: Submission): Promise<string | null> {
  const history = await store.submissionHistory(submission.unitCode, submission.year);
  return history.find((v) => v.version < submission.version)?.id ?? null;
}

/** GET /api/submissions/:id: the submission with the unit's current values of last year and the version before. */
export type SubmissionDetail = Submission & {
  lastYear: { id: string; version: number; values: Submission['values'] } | null;
  previousVersionId: string | null;
};

/** The detail the review page needs: the submission, the unit's current values of last year, the version before. */
export async function withContext(store: Store, submission: Submission): Promise<SubmissionDetail> {
  const last = (await store.submissionHistory(submission.unitCode, submission.year - 1)).find((v) => v.isCurrent);
  const lastYear = last ? await store.getSubmission(last.id) : undefined;
  return {
    ...submission,
    lastYear: lastYear ? { id: lastYear.id, version: lastYear.version, values: lastYear.values } : null,
    previousVersionId: await previousVersionId(store, submission),
  };
}

export interface ValueChange {
  code: string;
  name_zh: string;
  before: CellValue | null;
  after: CellValue | null;
}

/** Indicators whose value differs between two versions, in catalogue order. */
export function diffValues(before: Submission, after: Submission): ValueChange[] {
  const catalogue = getCatalogue(after.catalogueVersion) ?? getCatalogue(before.catalogueVersion);
  const order = new Map((catalogue?.fields ?? []).map((f, i) => [f.code, i]));
  const codes = [...new Set([...Object.keys(before.values), ...Object.keys(after.values)])];
  codes.sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b));
  const changes: ValueChange[] = [];
  for (const code of codes) {
    const was = before.values[code] ?? null;
    const now = after.values[code] ?? null;
    if (JSON.stringify(was) !== JSON.stringify(now)) changes.push({ code, name_zh: catalogue?.field(code)?.name_zh ?? code, before: was, after: now });
  }
  return changes;
}

/**
 * After a real (not dry-run) upload: the audit entries of the files not stored (rejected,
 * duplicate). Stored files got theirs in the transaction that stored them; reopenings are used up
 * there too. Once files of the upload are stored, a database that refuses these entries (a full
 * disk) must not turn the answer into a 5xx that says nothing was stored: they go to the server log.
 */
export async function afterUpload(store: Store, logger: Logger, user: User, results: FileResult[], dryRun: boolean, ip?: string): Promise<void> {
  if (dryRun) return;
  const entries = results.filter((r) => r.status !== 'accepted').map((r) => uploadAuditEntry(user, r, ip));
  try {
    await store.audit.append(entries);
  } catch (error) {
    if (!results.some((r) => r.status === 'accepted')) throw error;
    logger.error({ err: error, audit: entries }, 'upload stored but the audit entries of its refused files were refused: they are kept in this log line');
  }
}

export function documentDetail(openapi: RouteContext['openapi']): void {
  registerPaths(openapi, {
    '/api/submissions/{id}/diff': {
      get: {
        summary: '两个版本之间变动的填报值（默认与上一版本比较）',
        parameters: [...parametersOf(idParams, 'path'), ...parametersOf(diffQuery, 'query', { against: '对比的版本编号；不给则为上一版本' })],
        responses: {
          '200': {
            description: '变动',
            content: jsonContent({
              type: 'object',
              properties: {
                id: { type: 'string' },
                against: { type: ['string', 'null'] },
                changes: {
                  type: 'array',
                  items: { type: 'object', properties: { code: { type: 'string' }, name_zh: { type: 'string' }, before: {}, after: {} } },
                },
              },
            }),
          },
          ...errorResponses({ 400: '对比版本不是同一单位的', 403: '无权查看', 404: '不存在' }),
        },
      },
    },
  });
}
