// Making user text safe for spreadsheets. User text is data, never a formula: in xlsx it is always
// written as a plain string cell; in CSV (which Excel parses) a leading = + - @ tab or CR is
// neutralised with an apostrophe, as OWASP advises for CSV injection.

import { CELL_TEXT_MAX } from '../../../templates/src/core/contract';

const TRUNCATED = '…（内容超过Excel单元格上限，已截断，全文请见原报表）';

/** Drops lone UTF-16 surrogates (they make invalid XML) and truncates to what a cell can hold. */
export function safeText(text: string): string {
  let clean = text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
  if (clean.length > CELL_TEXT_MAX) clean = clean.slice(0, CELL_TEXT_MAX - TRUNCATED.length) + TRUNCATED;
  return clean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A CSV cell Excel will not run as a formula. */
export function csvSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
