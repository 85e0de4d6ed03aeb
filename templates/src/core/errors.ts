// The one error type of the project: a stable code, a Chinese message that says what to do,
// and where the fault is. The HTTP layer maps `status` to the response in one place. Codes, their
// statuses and messages live in the error catalogue (error-catalogue.ts): build one with
// `appError(code, facts, where?)`, never with `new AppError(` (the lint refuses it elsewhere).
import type { CellRef } from './model';

export interface ErrorLocation {
  file?: string;
  sheet?: string;
  cell?: string;
  indicator?: string;
  row?: number;
}

export class AppError extends Error {
  constructor(
    /** Stable machine-readable code, e.g. 'NOT_XLSX', 'ZIP_BOMB', 'UNIT_UNKNOWN'. */
    readonly code: string,
    /** Chinese message for the user: what is wrong and what to do. */
    message: string,
    /** HTTP status the aggregator answers with (4xx: the input; 5xx: us). */
    readonly status = 400,
    readonly where: ErrorLocation = {},
    /** The facts the catalogue wrote the message from (kept so the error can be said again in a context). */
    readonly facts: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  static at(ref: CellRef): ErrorLocation {
    return { sheet: ref.sheet, cell: ref.address };
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
