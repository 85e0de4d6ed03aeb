// A parse job: what one isolated parse child runs on the bytes of one uploaded file. It is a typed
// value, not a path string: whoever starts a pool imports the job and hands it over; the job names
// the module that exports it (its own file, so a move or a rename moves the name with it) for the
// child to load, and carries the schema its result must satisfy when it comes back across the
// process boundary, where TypeScript's types no longer hold.
import type { z } from 'zod';

export interface ParseJob<T, O = undefined> {
  /** Absolute path of the module that exports this job (the job's own file, __filename): the child requires it. */
  readonly module: string;
  /** The name the module exports it under. */
  readonly name: string;
  /** Runs in the child: one file's bytes and name, and the options the pool was started with. */
  readonly run: (bytes: Uint8Array, fileName: string, options: O) => T | Promise<T>;
  /** Every result is checked against this in the parent; anything else is refused with a clear error. */
  readonly result: z.ZodType<T>;
}

/** Declares a job. Pass `module: __filename` and the name of the export that holds it. */
export function defineParseJob<T, O = undefined>(job: ParseJob<T, O>): ParseJob<T, O> {
  return Object.freeze({ ...job });
}

/** Duck-typed check of what a module exports: a child must not run something that is not a job. */
export function isParseJob(value: unknown): value is ParseJob<unknown, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const job = value as Partial<ParseJob<unknown, unknown>>;
  return typeof job.module === 'string' && typeof job.name === 'string' && typeof job.run === 'function' && typeof job.result?.safeParse === 'function';
}
