// The ingest path of one upload: expand zips → parse and validate each workbook in the isolated
// pool → check it against the registry and the open reporting years → compare with the unit's last
// year → store every acceptable file (each file all or nothing, with its upload.accepted audit
// entry in the same transaction). Every file gets an answer.
import { getCatalogue, type Catalogue, type UnitType } from '../../../templates/src/core/catalogue';
import type { FileResult as WireFileResult, LegacyUploadStatus } from '../contract/submissions';
import { figuresOfValues, type Figures } from '../../../templates/src/core/derive';
import { checkRead, type WorkbookCheck } from '../../../templates/src/xlsx/check-workbook';
import { readFromValues, type valuesSubmissionSchema } from '../../../templates/src/core/values-submission';
import type { z } from 'zod';
import { isAppError } from '../../../templates/src/core/errors';
import { formatCellRef, type FilledSheet, type Problem } from '../../../templates/src/core/model';
import { batchYearProblems, hasErrors } from '../../../templates/src/core/validate';
import { yoyProblems } from '../../../templates/src/core/yoy';
import { entry } from '../auth/audit';
import { BASELINE_SOURCE_ZH } from '../contract/baselines';
import { sha256Of, type NewAuditEntry, type NewSubmission, type Store, type StoredSubmission, type Unit } from '../store';
import { expandUploads, isRejected, type ExpandLimits, type UploadFile } from './expand-uploads';
import type { ParsePool } from './parse-pool';
import { registryProblems } from './registry-checks';
import { releaseAfterUpload } from './release-memory';
import { withYearsCached } from './upload-lookups';

export type ValuesBody = z.output<typeof valuesSubmissionSchema>;

/** @deprecated word of the wire's `status`; the pipeline still decides with it, the answer adds `outcome`. */
export type FileStatus = LegacyUploadStatus;

/** The answer for one file of an upload (the contract of POST /api/submissions). */
/** One file's result inside the pipeline; uploadAnswer (contract) adds its `outcome` for the wire. */
export type FileResult = Omit<WireFileResult, 'outcome'>;

export interface IngestDeps {
  store: Store;
  pool: ParsePool<WorkbookCheck>;
  yoyThreshold: number;
  /** The upload expander's limits, from the configuration (uploadLimits(config).expand). */
  expand: Partial<ExpandLimits>;
}

/** Who uploads, as the audit log names them: an account, or a tool such as the CLI. */
export interface Uploader {
  username: string;
  role: string;
}

export interface IngestOptions {
  /** Stored as the submission's uploader and, with `ip`, in each stored file's audit entry. */
  uploader: Uploader;
  ip?: string;
  /** Check everything, store nothing. */
  dryRun?: boolean;
  /** Reports progress (files answered so far) to a CLI or a log. */
  onProgress?: (done: number, total: number) => void;
  /**
   * May the uploader replace this unit's submission of the year (scope, acceptance lock, deadline)?
   * Null: yes; else the error that rejects the file. Absent: no account checks (CLI tools, tests).
   */
  authorize?: (unit: Unit, year: number) => Promise<Problem | null>;
}

/** Files parsed at once per upload: enough to keep every child busy without flooding the shared queue. */
const PARSE_CONCURRENCY = 8;
/** Files stored per transaction; a failing batch is retried file by file so one bad file costs only itself. */
const STORE_BATCH = 100;
const BUSY_RETRY_MS = 100;
const BUSY_GIVE_UP_MS = 60_000;

interface Parsed {
  file: string;
  bytes: Buffer;
  sha256: string;
  check?: WorkbookCheck;
  result: FileResult;
  source: 'xlsx' | 'json';
}

export async function ingestUpload(files: UploadFile[], deps: IngestDeps, options: IngestOptions): Promise<FileResult[]> {
  const items = await expandUploads(files, deps.expand);
  // Answers keep the upload's order, whatever order the parses finish in.
  const slots: (Parsed | FileResult)[] = new Array(items.length);
  let done = 0;
  const progress = () => options.onProgress?.(++done, items.length);

  const workbooks: { index: number; file: string; bytes: Buffer; notice?: { code: string; message: string } }[] = [];
  items.forEach((item, index) => {
    if (isRejected(item)) {
      slots[index] = rejected(item.file, { rule: item.error.code, severity: 'error', codes: [], cells: [], message: item.error.message });
      progress();
    } else workbooks.push({ index, file: item.file, bytes: item.bytes, notice: item.notice });
  });
  await forEachLimited(workbooks, PARSE_CONCURRENCY, async ({ index, file, bytes, notice }) => {
    const parsed = await parseOne(file, bytes, deps.pool);
    // Said of the file whatever its check finds (a warning: it never refuses the file by itself).
    if (notice) parsed.result.problems.push({ rule: notice.code, severity: 'warning', codes: [], cells: [], message: notice.message });
    slots[index] = parsed;
    progress();
  });

  // The request's socket chunks and the copies sent to the parse children are garbage by now.
  releaseAfterUpload(files.reduce((sum, f) => sum + f.bytes.length, 0));
  await judgeAndStore(slots.filter((s): s is Parsed => 'result' in s), deps, options);
  return slots.map((s) => ('result' in s ? s.result : s));
}

/**
 * The add-in's values-only submission (hosts without getFileAsync): checked by the same code as a
 * workbook; its canonical JSON is kept as the original bytes.
 */
export async function ingestValues(body: ValuesBody, deps: Omit<IngestDeps, 'pool' | 'expand'>, options: IngestOptions): Promise<FileResult> {
  const version = body.stamp.catalogue_version;
  const check = checkRead(readFromValues(body, version ? getCatalogue(version) : undefined));
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  const file = body.fileName;
  const result: FileResult = { file, status: 'accepted', submissionId: null, unit: check.unitCode, unitName: null, year: check.year, version: null, problems: [...check.problems] };
  const parsed: Parsed = { file, bytes, sha256: sha256Of(bytes), check, result, source: 'json' };
  await judgeAndStore([parsed], deps, options);
  return parsed.result;
}

async function judgeAndStore(parsed: Parsed[], deps: Omit<IngestDeps, 'pool' | 'expand'>, options: IngestOptions): Promise<void> {
  applyBatchYearRule(parsed.filter((p) => p.check));
  const judging = { ...deps, store: withYearsCached(deps.store) };
  for (const p of parsed) if (p.check) await judge(p, judging, options);
  const toStore = parsed.filter((p) => p.result.status === 'accepted');
  if (!options.dryRun) await storeAll(toStore, deps.store, options);
  else await markDuplicates(toStore, deps.store);
}

async function parseOne(file: string, bytes: Buffer, pool: ParsePool<WorkbookCheck>): Promise<Parsed> {
  const sha256 = sha256Of(bytes);
  const started = Date.now();
  for (;;) {
    try {
      const outcome = await pool.parse(bytes, file);
      if (!outcome.ok) {
        const e = outcome.error;
        return { file, bytes, sha256, source: 'xlsx', result: rejected(file, { rule: e.code, severity: 'error', codes: [], cells: [], message: `${file}：${e.message}` }) };
      }
      const check = outcome.result;
      const result: FileResult = {
        file,
        status: 'accepted',
        submissionId: null,
        unit: check.unitCode,
        unitName: null,
        year: check.year,
        version: null,
        problems: [...check.problems],
      };
      return { file, bytes, sha256, source: 'xlsx', check, result };
    } catch (e) {
      // The pool's queue is shared by every request; wait for room rather than fail this file.
      if (isAppError(e) && e.code === 'BUSY' && Date.now() - started < BUSY_GIVE_UP_MS) {
        await new Promise((r) => setTimeout(r, BUSY_RETRY_MS));
        continue;
      }
      if (isAppError(e)) {
        return { file, bytes, sha256, source: 'xlsx', result: rejected(file, { rule: e.code, severity: 'error', codes: [], cells: [], message: `${file}：${e.message}` }) };
      }
      throw e;
    }
  }
}

/** R31: one upload is one roll-up batch, so its files must all report the same year. */
function applyBatchYearRule(parsed: Parsed[]): void {
  // Each problem names its file by position in the list given: no matching of names in messages.
  for (const { at, problem } of batchYearProblems(parsed.map((p) => ({ file: p.file, year: p.check!.year })))) {
    parsed[at].result.problems.unshift(problem);
  }
}

async function judge(p: Parsed, deps: Omit<IngestDeps, 'pool' | 'expand'>, options: IngestOptions): Promise<void> {
  const check = p.check!;
  const { problems: registry, unit } = await registryProblems(check, deps.store);
  p.result.problems.unshift(...registry);
  if (unit && check.year !== null && !hasErrors(registry) && options.authorize) {
    const refusal = await options.authorize(unit, check.year);
    if (refusal) p.result.problems.unshift(refusal);
  }
  p.result.unitName = unit?.name ?? null;
  if (hasErrors(p.result.problems)) {
    p.result.status = 'rejected';
    return;
  }
  p.result.problems.push(...(await lastYearProblems(check, deps)));
}

/**
 * The unit's own last year: swings beyond the threshold are flagged (never rejected). Without a
 * submission for last year, the values confirmed from last year's report stand in (issue 18),
 * and each message says so.
 */
async function lastYearProblems(check: WorkbookCheck, deps: Omit<IngestDeps, 'pool' | 'expand'>): Promise<Problem[]> {
  if (!check.unitCode || !check.year || !check.unitType || !check.catalogueVersion) return [];
  const catalogue = getCatalogue(check.catalogueVersion)!;
  const last =
    (await currentSubmission(deps.store, check.unitCode, check.year - 1)) ??
    (await baselineAsLastYear(deps.store, catalogue, check.unitType, check.unitCode, check.year - 1));
  if (!last) return [];
  const sheet: FilledSheet = { sheetName: '', unitType: check.unitType, cells: {} };
  for (const [code, ref] of Object.entries(check.cells)) {
    sheet.cells[code] = { ref, raw: { kind: 'empty' }, remark: check.remarks[code] };
  }
  // Both years' derived values: this one's as just checked, last year's as stored with it.
  const problems = yoyProblems(catalogue, sheet, check, last, deps.yoyThreshold);
  return 'fromBaseline' in last ? problems.map((p) => ({ ...p, message: `${p.message}（上年数${BASELINE_SOURCE_ZH}）` })) : problems;
}

/** Last year's figures confirmed from its report: never a checked sheet, so their derived values are worked out here. */
async function baselineAsLastYear(store: Store, catalogue: Catalogue, unitType: UnitType, unitCode: string, year: number): Promise<(Figures & { fromBaseline: true }) | undefined> {
  const baseline = await store.baselines.get(unitCode, year);
  return baseline ? { ...figuresOfValues(catalogue, unitType, baseline.values), fromBaseline: true } : undefined;
}

/**
 * The audit entry of one file of an upload. Accepted files get theirs from the store, in the
 * transaction that stores them; the others are written after the upload (see afterUpload).
 */
export function uploadAuditEntry(uploader: Uploader, r: FileResult, ip: string | undefined): NewAuditEntry {
  return entry(uploader, `upload.${r.status}`, {
    unitCode: r.unit,
    year: r.year,
    detail: {
      file: r.file,
      submissionId: r.submissionId,
      version: r.version,
      ip,
      ...(r.status === 'rejected' ? { errors: r.problems.filter((p) => p.severity === 'error').slice(0, 5).map((p) => p.rule) } : {}),
    },
  });
}

function toNewSubmission(p: Parsed, options: Pick<IngestOptions, 'uploader' | 'ip'>): NewSubmission {
  const check = p.check!;
  return {
    unitCode: check.unitCode!,
    year: check.year!,
    bytes: p.bytes,
    sha256: p.sha256,
    fileName: p.file,
    catalogueVersion: check.catalogueVersion!,
    uploadedBy: options.uploader.username,
    source: p.source,
    values: check.values,
    derived: check.derived,
    cells: Object.fromEntries(Object.entries(check.cells).map(([code, ref]) => [code, formatCellRef(ref)])),
    problems: p.result.problems,
    // Every stored upload waits for a coordinator's review (待审核), and answers any earlier return.
    status: 'pending',
    audit: ({ id, version }) => uploadAuditEntry(options.uploader, { ...p.result, status: 'accepted', submissionId: id, version }, options.ip),
  };
}

async function storeAll(accepted: Parsed[], store: Store, options: Pick<IngestOptions, 'uploader' | 'ip'>): Promise<void> {
  // Once part of the upload is stored, a database failure must not turn the whole answer into a 5xx
  // (the client would not know what was kept): the rest are answered as not stored, without more tries.
  let storedAny = false;
  let unavailable = false;
  for (let i = 0; i < accepted.length; i += STORE_BATCH) {
    const chunk = accepted.slice(i, i + STORE_BATCH);
    if (unavailable) {
      chunk.forEach(notStored);
      continue;
    }
    try {
      const stored = await store.storeSubmissions(chunk.map((p) => toNewSubmission(p, options)));
      chunk.forEach((p, k) => record(p, stored[k]));
      storedAny = true;
    } catch {
      for (const p of chunk) {
        if (unavailable) {
          notStored(p);
          continue;
        }
        try {
          record(p, await store.storeSubmission(toNewSubmission(p, options)));
          storedAny = true;
        } catch (e) {
          if (isAppError(e) && e.status < 500) {
            p.result.status = 'rejected';
            p.result.problems.unshift({ rule: e.code, severity: 'error', codes: [], cells: [], message: `${p.file}：${e.message}` });
            continue;
          }
          // Nothing of this upload stored yet: fail it whole (5xx); the same upload can be retried.
          if (!storedAny) throw e;
          unavailable = true;
          notStored(p);
        }
      }
    }
  }
}

function notStored(p: Parsed): void {
  p.result.status = 'rejected';
  p.result.problems.unshift({
    rule: 'STORE_UNAVAILABLE',
    severity: 'error',
    codes: [],
    cells: [],
    message: `${p.file}：本文件检查通过，但数据库暂时无法保存（数据库忙或服务器磁盘已满；本次上传中标为“已接收”的文件已保存）：请稍后单独重新上传本文件，如仍失败请联系管理员清理磁盘。`,
  });
}

function record(p: Parsed, stored: StoredSubmission): void {
  p.result.status = stored.duplicate ? 'duplicate' : 'accepted';
  p.result.submissionId = stored.id;
  p.result.version = stored.version;
  if (stored.duplicate) {
    p.result.problems.push({
      rule: 'DUPLICATE',
      severity: 'info',
      codes: [],
      cells: [],
      message: `${p.file}：与该单位当前版本（第 ${stored.version} 版）内容完全相同，未重复保存。`,
    });
  }
}

/** Dry run: say which files would be duplicates without storing anything. */
async function markDuplicates(accepted: Parsed[], store: Store): Promise<void> {
  for (const p of accepted) {
    const current = await currentSubmission(store, p.check!.unitCode!, p.check!.year!);
    if (current && current.sha256 === p.sha256) record(p, { id: current.id, version: current.version, duplicate: true });
  }
}

async function currentSubmission(store: Store, unitCode: string, year: number) {
  const current = (await store.submissionHistory(unitCode, year)).find((s) => s.isCurrent);
  return current ? store.getSubmission(current.id) : undefined;
}

function rejected(file: string, problem: Problem): FileResult {
  return { file, status: 'rejected', submissionId: null, unit: null, unitName: null, year: null, version: null, problems: [problem] };
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}
