// Uploads as an account makes them: the account's guard (scope, acceptance lock, deadline,
// reopenings) around the ingest path, and the audit entries of what was not stored. A stored file
// gets its entry in the transaction that stores it (store/write-submissions.ts); a refused or
// duplicate file, or a request refused for its size, only has an entry to write.
import type { Logger } from 'pino';
import type { WorkbookCheck } from '../../../templates/src/xlsx/check-workbook';
import { audit } from '../auth/audit';
import { uploadGuard } from '../auth/upload-guard';
import type { ParsePool } from '../ingest/parse-pool';
import { ingestUpload, ingestValues, uploadAuditEntry, type FileResult, type ValuesBody } from '../ingest/pipeline';
import type { ExpandLimits, UploadFile } from '../ingest/expand-uploads';
import type { Store, User } from '../store';

export interface UploadContext {
  store: Store;
  logger: Logger;
  yoyThreshold: number;
  /** The upload expander's limits, from the configuration (uploadLimits(config).expand). */
  expand: Partial<ExpandLimits>;
  user: User;
  ip?: string;
  /** Check everything, store nothing (and write no audit entry). */
  dryRun: boolean;
}

/** One or many workbooks (or zips of them): every file gets an answer. */
export async function uploadWorkbooks(ctx: UploadContext, pool: ParsePool<WorkbookCheck>, files: UploadFile[]): Promise<FileResult[]> {
  const guard = uploadGuard(ctx.store, ctx.user);
  const results = await ingestUpload(
    files,
    { store: guard.store, pool, yoyThreshold: ctx.yoyThreshold, expand: ctx.expand },
    { uploader: ctx.user, ip: ctx.ip, dryRun: ctx.dryRun, authorize: guard.authorize },
  );
  await recordUnstored(ctx, results);
  return results;
}

/** The values of one sheet, sent without the file (the Excel add-in), checked by the same rules. */
export async function uploadValues(ctx: UploadContext, body: ValuesBody): Promise<FileResult> {
  const guard = uploadGuard(ctx.store, ctx.user);
  const result = await ingestValues(body, { store: guard.store, yoyThreshold: ctx.yoyThreshold }, { uploader: ctx.user, ip: ctx.ip, dryRun: ctx.dryRun, authorize: guard.authorize });
  await recordUnstored(ctx, [result]);
  return result;
}

/**
 * After a real (not dry-run) upload: the audit entries of the files not stored (rejected,
 * duplicate). Once files of the upload are stored, a database that refuses these entries (a full
 * disk) must not turn the answer into a 5xx that says nothing was stored: they go to the server log.
 */
async function recordUnstored({ store, logger, user, ip, dryRun }: UploadContext, results: FileResult[]): Promise<void> {
  if (dryRun) return;
  const entries = results.filter((r) => r.status !== 'accepted').map((r) => uploadAuditEntry(user, r, ip));
  try {
    await store.audit.append(entries);
  } catch (error) {
    if (!results.some((r) => r.status === 'accepted')) throw error;
    logger.error({ err: error, audit: entries }, 'upload stored but the audit entries of its refused files were refused: they are kept in this log line');
  }
}

/** A request refused for its size never reaches the per-file answers: its entry says who, the declared size, the cap, the code. */
export async function recordOversizedUpload(store: Store, user: User, refusal: { code: string; declaredBytes: number; capBytes: number; ip?: string }): Promise<void> {
  const { code, declaredBytes, capBytes, ip } = refusal;
  await audit(store, user, 'upload.rejected', { detail: { reason: code, errors: [code], declaredBytes, capBytes, ip } });
}
