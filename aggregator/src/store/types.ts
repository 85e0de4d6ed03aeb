// What the rest of the aggregator may ask of storage. Only aggregator/src/store/** speaks SQL;
// everything else goes through this interface, so SQLite and PostgreSQL stay interchangeable.
import type { RegistryUnit } from '../../../templates/src/core/registry';
import type { CellValue, Problem } from '../../../templates/src/core/model';
import type { AccountStore, AuditStore, NewAuditEntry, ReviewStore } from './account-types';
import type { BaselineStore } from './baselines';
import type { SUBMISSION_SOURCES } from '../contract/submissions';
import type { Submission, SubmissionSummary } from '../contract/submissions';
import type { ReportingYear, Unit, YearStatus } from '../contract/registry';

// Units, years and submissions are sent as they are stored: their shapes are the contract's.
export type { Submission, SubmissionSummary } from '../contract/submissions';
export type { ReportingYear, Unit, YearStatus } from '../contract/registry';

export interface NewYear {
  year: number;
  catalogueVersion: string;
  deadline: string;
}

export type SubmissionSource = (typeof SUBMISSION_SOURCES)[number];

export interface NewSubmission {
  unitCode: string;
  year: number;
  /** The original upload, kept byte for byte (content-addressed by its SHA-256). */
  bytes: Buffer;
  /** Hex SHA-256 of `bytes`; computed when absent, checked when given. */
  sha256?: string;
  fileName: string;
  catalogueVersion: string;
  uploadedBy: string;
  source: SubmissionSource;
  /** Normalised values by indicator code. */
  values: Record<string, CellValue | null>;
  /** Derived values by indicator code, as the check computed them from `values`: stored, never recomputed by readers. */
  derived: Record<string, number | null>;
  /** Indicator code → 'sheet!A1' where the value was read. */
  cells: Record<string, string>;
  /** Findings kept with the submission (warnings; an accepted sheet has no errors). */
  problems: Problem[];
  /** Review state; default 'accepted'. */
  status?: string;
  /** Let through only by a reopening (lock or deadline): the write uses it up, or refuses the file if it is gone. */
  reopening?: boolean;
  /**
   * The audit entry of this upload, given the id and version only the write knows. It is inserted in
   * the same transaction as the submission and its blob (both or neither); a duplicate stores
   * nothing and writes no entry. Absent: no entry (store-level tests and tools).
   */
  audit?: (stored: { id: string; version: number }) => NewAuditEntry;
}

export interface StoredSubmission {
  id: string;
  version: number;
  /** True when the bytes equal the unit's current version: nothing new was stored. */
  duplicate: boolean;
}

/** What a rollup reads of a current submission: values, derived values and source cells, not problems or file details. */
export interface SubmissionValues {
  id: string;
  unitCode: string;
  version: number;
  status: string;
  values: Record<string, CellValue | null>;
  /** Derived values stored with the submission. */
  derived: Record<string, number | null>;
  /**
   * Indicator code → 'sheet!A1'. Submissions of the same template have the same cells: they share
   * one frozen object (at 20,000 units, one copy each would be ~17 MB of heap).
   */
  cells: Readonly<Record<string, string>>;
}

export interface SubmissionValuesOptions {
  /** Only submissions in these review states (default: any state). */
  statuses?: readonly string[];
  /** Rows per query; default 500. */
  batchSize?: number;
}

export interface StoredBlob {
  sha256: string;
  size: number;
  bytes: Buffer;
}

export interface RegistryImportResult {
  total: number;
  inserted: number;
  updated: number;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Where the data lives, for log lines. */
  readonly where: string;

  /**
   * Runs `work` in one write transaction on a handle that is itself a Store: everything done through
   * `tx` (a service's change and its audit entry) commits together, or nothing does when `work`
   * throws. Writes that open a transaction of their own join this one; the outer store must not be
   * used inside `work` (on SQLite the transaction holds the only connection). Nested calls join too.
   */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;

  /**
   * Upserts every unit in one transaction: either all land or none. Units not listed are kept.
   * `sample`: the demo registry of a first start; any other import makes the listed codes the deployment's own.
   */
  importRegistry(units: readonly RegistryUnit[], options?: { sample?: boolean }): Promise<RegistryImportResult>;
  /** All units, ordered by district (市级部门 last) then code. */
  listUnits(): Promise<Unit[]>;
  getUnit(code: string): Promise<Unit | undefined>;
  unitCount(): Promise<number>;

  /** Throws AppError YEAR_EXISTS (409) when the year is already open or closed. */
  openYear(year: NewYear, options?: { sample?: boolean }): Promise<ReportingYear>;
  getYear(year: number): Promise<ReportingYear | undefined>;
  /** Newest first. */
  listYears(): Promise<ReportingYear[]>;
  setYearStatus(year: number, status: YearStatus): Promise<ReportingYear>;

  /** The unit's submission of that year with these bytes, newest if several. */
  findSubmissionBySha(unitCode: string, year: number, sha256: string): Promise<SubmissionSummary | undefined>;
  /**
   * Stores one upload as the unit's new current version, in one transaction. Identical bytes to the
   * current version store nothing and answer `duplicate: true` with the current id and version.
   * Throws AppError UNIT_UNKNOWN / YEAR_UNKNOWN.
   */
  storeSubmission(submission: NewSubmission): Promise<StoredSubmission>;
  /** Same as storeSubmission for many uploads in one transaction (all or nothing); results in input order. */
  storeSubmissions(batch: readonly NewSubmission[]): Promise<StoredSubmission[]>;
  /** The current version of every unit that submitted for the year, by unit code. */
  currentSubmissions(year: number): Promise<Submission[]>;
  /**
   * The current version of every unit of the year, values and cells only, read by unit code in
   * batches (keyset pagination) inside one read-only snapshot, so that only one batch of JSON text
   * is in memory at a time. `onBatch` is called with each batch in unit-code order and must not use
   * the store (on SQLite the snapshot holds the only connection). Answers the number read.
   */
  eachCurrentSubmissionValues(year: number, onBatch: (batch: SubmissionValues[]) => void, options?: SubmissionValuesOptions): Promise<number>;
  /** The same without values, cells and problems: cheap listings of who has submitted. */
  currentSubmissionSummaries(year: number): Promise<SubmissionSummary[]>;
  /** Every version of the unit's year, newest first. */
  submissionHistory(unitCode: string, year: number): Promise<SubmissionSummary[]>;
  getSubmission(id: string): Promise<Submission | undefined>;
  getBlob(sha256: string): Promise<StoredBlob | undefined>;
  /** Read-only consistency check (orphan blobs, missing blobs, current versions, integrity). */
  verify(): Promise<import('./verify').StoreVerification>;

  /** What the demo data of a first start still holds (see sample.ts). */
  sampleCounts(): Promise<import('./sample').SampleCounts>;
  /** Drops the demo data and writes the audit entry, in one transaction; `dryRun` rolls it back (see sample.ts). */
  removeSample(
    audit: (removal: import('./sample').SampleRemoval) => NewAuditEntry,
    options?: { dryRun?: boolean },
  ): Promise<import('./sample').SampleRemoval>;

  /** Accounts, sessions, API tokens, login throttling (auth/ holds the policy). */
  readonly accounts: AccountStore;
  /** The append-only audit log. */
  readonly audit: AuditStore;
  /** Review state and reopenings. */
  readonly review: ReviewStore;
  /** Previous-year values confirmed from last year's reports (issue 18). */
  readonly baselines: BaselineStore;
  /** The second review level: excused units and district sign-offs (0009). */
  readonly signoffs: import('./signoffs').SignoffStore;
  /** Data version and the rollup cache shared by all instances (see rollup-cache.ts). */
  readonly rollupCache: import('./rollup-cache').RollupCacheStore;

  close(): Promise<void>;
}

export type * from './account-types';
export type { Baseline, BaselineItem, BaselineStore, BaselineValue, NewBaseline } from './baselines';
