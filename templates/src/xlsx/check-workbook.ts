// One workbook's whole check from its bytes: gate + read (xlsx adapter) + the shared check of what
// was read (core/check-read). The check CLI, the aggregator's parse workers and the benchmark all
// call this, so an upload is judged the same way everywhere.
import { CURRENT_CATALOGUE_VERSION, getCatalogue } from '../core/catalogue';
import { checkRead, type WorkbookCheck } from '../core/check-read';
import { readWorkbook } from './read-workbook';
import type { GateLimits } from './zip-gate';

export { checkRead, type WorkbookCheck } from '../core/check-read';

/**
 * Checks one workbook. Throws AppError when the bytes are not a readable workbook at all
 * (the zip gate's codes, under `limits` — the server's come from its configuration); everything
 * else comes back as problems.
 */
export function checkWorkbook(bytes: Uint8Array, _fileName = '', limits?: Partial<GateLimits>): WorkbookCheck {
  const current = getCatalogue(CURRENT_CATALOGUE_VERSION)!;
  let read = readWorkbook(bytes, current, limits);
  const stamped = read.stamp.catalogue_version ? getCatalogue(read.stamp.catalogue_version) : undefined;
  if (stamped && stamped !== current) read = readWorkbook(bytes, stamped, limits);
  return checkRead(read);
}
