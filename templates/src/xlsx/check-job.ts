// The job the aggregator's isolated parse children run: the whole check of one workbook from its
// bytes, under the zip gate limits the server is configured with. The pool is handed this value
// (imported, not named by a path), and checks every answer against workbookCheckSchema.
import { workbookCheckSchema, type WorkbookCheck } from '../core/check-read';
import { defineParseJob } from '../core/parse-job';
import { checkWorkbook } from './check-workbook';
import type { GateLimits } from './zip-gate';

export interface CheckJobOptions {
  /** The gate's limits in the child: the same configuration object sets them as multer's and the upload expander's. */
  gate: Partial<GateLimits>;
}

export const checkWorkbookJob = defineParseJob<WorkbookCheck, CheckJobOptions>({
  module: __filename,
  name: 'checkWorkbookJob',
  run: (bytes, fileName, options) => checkWorkbook(bytes, fileName, options.gate),
  result: workbookCheckSchema,
});
