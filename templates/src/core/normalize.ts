// Turns what a host stored in a cell into a typed value, or says why it cannot.
// The accepted normalisations are deliberately few and listed in NORMALISATIONS_ZH: anything else
// is an error with advice, never a guess, because a guessed figure would be summed up the hierarchy.
import type { Indicator } from './catalogue';
import { BOOLEAN_FALSE, BOOLEAN_TRUE, NOT_APPLICABLE } from './contract';
import { reasons } from './messages';
import type { CellValue, RawCell } from './model';

export type NormalizeResult = { ok: true; value: CellValue | null } | { ok: false; reason: string };

/** The normalisations the validator applies, in Chinese: quoted by the README and the 填报说明. */
export const NORMALISATIONS_ZH: readonly string[] = [
  '单元格首尾的空格（含全角空格、不间断空格）会被去掉；只有空格的单元格视为未填写。',
  '数字中的全角字符会转为半角：全角数字“０－９”、全角小数点“．”、全角负号“－”、全角逗号“，”；日期中的全角数字同样转换。',
  '数字可以带千分位逗号，但必须每三位一组（如 1,234、12,345,678.5）；“1,23”这类位置不对的写法视为错误。',
  '整数类指标必须是整数（如 12.5 不是有效的件数）。',
  '是/否类指标只接受文字“是”或“否”（请从下拉列表选择）。',
  '日期可以写成 2025-02-28、2025/2/28、2025.2.28、2025年2月28日，或使用 Excel 的日期格式（含 Mac 版的 1904 日期系统）；日期格式单元格中的时刻部分不计。',
  '文字类指标（如联系电话）被 Excel 存成数字的，按数字原样转为文字。',
];

/** What is never normalised: stated once so the guide and error messages agree. */
export const NO_GUESS_ZH =
  '除上述情形外系统不做任何猜测：“约100”“100余”“12件”“10%”“一百”“1.2.3”“--”、TRUE/FALSE、“Y”“对”、公式和错误值（如 #DIV/0!）等都会被指出，请按提示修改。';

const FULL_WIDTH_DIGIT = /[０-９]/g;
const toHalfWidthDigits = (s: string) => s.replace(FULL_WIDTH_DIGIT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
// Plain digits, or digits grouped by commas in threes; optional sign and fraction.
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const GROUPED_NUMBER = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;
const DATE_TEXT = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
];

/**
 * Normalises one raw cell for a field. Blank (or whitespace only) gives `{ok: true, value: null}`.
 * `date1904`: the workbook counts date serials from 1904 (Mac Excel).
 */
export function normalizeCell(field: Indicator, raw: RawCell, opts: { date1904?: boolean } = {}): NormalizeResult {
  if (raw.kind === 'empty') return { ok: true, value: null };
  if (raw.kind === 'error') return fail(reasons.errorCell(field, raw.value));
  if (raw.kind === 'string') {
    // String.prototype.trim covers U+3000 (full-width space), U+00A0 (NBSP) and U+FEFF.
    const text = raw.value.trim();
    if (text === '') return { ok: true, value: null };
    return normalizeText(field, text);
  }
  switch (field.type) {
    case 'integer':
    case 'decimal':
    case 'percent':
      if (raw.kind === 'boolean') return fail(reasons.booleanCellInNumber(field, raw.value));
      return checkNumber(field, raw.value);
    case 'boolean':
      return fail(raw.kind === 'boolean' ? reasons.booleanCell(raw.value) : reasons.numberInBoolean(raw.value));
    case 'date':
      if (raw.kind === 'boolean') return fail(reasons.booleanInDate(raw.value));
      return dateFromSerial(raw.value + (opts.date1904 ? 1462 : 0), raw.value);
    case 'text':
      if (raw.kind === 'boolean') return fail(reasons.booleanInText(raw.value));
      return { ok: true, value: numberToText(raw.value) };
  }
}

function normalizeText(field: Indicator, text: string): NormalizeResult {
  switch (field.type) {
    case 'integer':
    case 'decimal':
    case 'percent':
      return parseNumberText(field, text);
    case 'boolean':
      if (text === BOOLEAN_TRUE) return { ok: true, value: true };
      if (text === BOOLEAN_FALSE) return { ok: true, value: false };
      return fail(text === NOT_APPLICABLE ? reasons.notApplicableHere(field) : reasons.notBoolean(text));
    case 'date':
      return parseDateText(text);
    case 'text':
      return { ok: true, value: text };
  }
}

function parseNumberText(field: Indicator, text: string): NormalizeResult {
  if (text === NOT_APPLICABLE) return fail(reasons.notApplicableHere(field));
  const half = toHalfWidthDigits(text).replace(/．/g, '.').replace(/－/g, '-').replace(/，/g, ',');
  if (PLAIN_NUMBER.test(half)) return checkNumber(field, Number(half), text);
  if (GROUPED_NUMBER.test(half)) return checkNumber(field, Number(half.replace(/,/g, '')), text);
  if (/^-?[\d,]+(\.\d+)?$/.test(half) && half.includes(',')) return fail(reasons.badGrouping(field, text));
  return fail(reasons.notANumber(field, text));
}

function checkNumber(field: Indicator, n: number, text?: string): NormalizeResult {
  if (!Number.isFinite(n)) return fail(reasons.notANumber(field, text ?? String(n)));
  // Beyond 2^53 a double no longer holds every integer: "9007199254740993" would be stored as …992.
  if (Math.abs(n) > Number.MAX_SAFE_INTEGER) return fail(reasons.tooLarge(field, text ?? String(n)));
  if (field.type === 'integer' && !Number.isInteger(n)) return fail(reasons.notWhole(field, n));
  return { ok: true, value: n };
}

/** A phone number or code stored as a number: its plain decimal digits, never "1.38e+10". */
function numberToText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n);
}

function parseDateText(text: string): NormalizeResult {
  const half = toHalfWidthDigits(text);
  for (const pattern of DATE_TEXT) {
    const m = pattern.exec(half);
    if (m) {
      const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
      return iso ? { ok: true, value: iso } : fail(reasons.impossibleDate(text));
    }
  }
  return fail(reasons.notADate(text));
}

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];

/**
 * Excel 1900 serials: 1 = 1900-01-01. Excel keeps Lotus' phantom 1900-02-29 as serial 60, so
 * serials from 61 on count from 1899-12-30 and earlier ones from 1899-12-31; 60 itself is no day.
 * The time of day (the fraction) is dropped.
 */
function dateFromSerial(serial: number, shown: number): NormalizeResult {
  const day = Math.floor(serial);
  if (!Number.isFinite(serial) || day < 1 || day === 60 || day > 2958465) return fail(reasons.badDateSerial(shown));
  const epoch = day > 60 ? Date.UTC(1899, 11, 30) : Date.UTC(1899, 11, 31);
  const d = new Date(epoch + day * 86_400_000);
  return { ok: true, value: `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}` };
}

function fail(reason: string): NormalizeResult {
  return { ok: false, reason };
}
