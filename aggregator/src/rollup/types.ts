// Input shapes of the rollup engine; its output (Rollup) is the wire contract's, re-exported here.
import type { Catalogue } from '../../../templates/src/core/catalogue';
import type { CellValue } from '../../../templates/src/core/model';

// The engine's output is the wire contract's (contract/rollup.ts); its input shapes live here.
export * from '../contract/rollup';
import type { Rollup, RollupUnit } from '../contract/rollup';

export interface RollupSubmission {
  unitCode: string;
  submissionId: string;
  version: number;
  /** e.g. 'accepted' | 'pending' | 'returned'; every submission passed in counts. */
  status: string;
  /** Normalised input values by indicator code. */
  values: Record<string, CellValue | null>;
  /** The unit's derived values as stored with its submission (the rollup reads them, never recomputes a unit's). */
  derived: Record<string, number | null>;
  /** Indicator code → 'sheet!A1' source cell, for the trace. Read only: the store shares one object among units. */
  cells: Readonly<Record<string, string>>;
}

export interface RollupInput {
  catalogue: Catalogue;
  year: number;
  units: RollupUnit[];
  /** The current version of each unit that counts (the caller picks). */
  submissions: RollupSubmission[];
  /** Same shape for year-1, for 同比. */
  lastYear?: RollupInput;
  /**
   * Or year-1 already rolled up on this year's catalogue (only its year and group figures are
   * read): the caller can then drop last year's unit values before it loads this year's.
   */
  lastYearRollup?: Pick<Rollup, 'year' | 'groups'>;
  /** Relative swing that is reported as a finding; default 0.5 (±50%). */
  yoyThreshold?: number;
  /**
   * Units without a counted submission that are not simply missing: 'returned' (their current
   * version was sent back) or 'excused' (not expected this year). See rollup/completeness.ts.
   */
  standings?: Readonly<Record<string, 'returned' | 'excused'>>;
}

