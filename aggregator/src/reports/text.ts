// Making user text safe for spreadsheets. User text is data, never a formula: in xlsx it is always
// written as a plain string cell; in CSV (which Excel parses) a leading = + - @ tab or CR is
// neutralised with an apostrophe, as OWASP advises for CSV injection — at the start of the field and
// at the start of every line inside it, since a program that mis-splits a multi-line field (or a
// user who copies one line out of it) meets each line as a cell of its own.

import { CELL_TEXT_MAX } from '../../../templates/src/core/contract';

const TRUNCATED = '…（内容超过Excel单元格上限，已截断，全文请见原报表）';

/** Drops lone UTF-16 surrogates (they make invalid XML) and truncates to what a cell can hold. */
export function safeText(text: string): string {
  let clean = text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
  if (clean.length > CELL_TEXT_MAX) clean = clean.slice(0, CELL_TEXT_MAX - TRUNCATED.length) + TRUNCATED;
  return clean;
}

/**
 * A trigger opening the field (= + - @, tab or CR), or opening any line after a CR, LF or CRLF. The
 * full-width forms count too: Apple Numbers folds them to the ASCII ones.
 */
const FORMULA_STARTS = /^(?=[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])|(\r\n|\r|\n)(?=[=+\-@\t\uFF1D\uFF0B\uFF0D\uFF20])/g;

/** A CSV cell Excel will not run as a formula, whichever of its lines a program reads as a cell. */
export function csvSafe(text: string): string {
  return text.replace(FORMULA_STARTS, "$1'");
}
