// What was read from one filled sheet, whoever read it (the bytes reader, the add-in's grid, the
// values-only submission), and the structural problems all of them report in the same words.
import type { Catalogue, Indicator } from './catalogue';
import { CELL_TEXT_MAX, type Stamp } from './contract';
import { locate, messages } from './messages';
import type { CellRef, Problem, RawCell, SheetCell } from './model';

export interface WorkbookRead {
  stamp: Stamp;
  /** Where the stamp came from: the hidden meta sheet, the core properties, or nowhere. */
  stampSource: 'sheet' | 'properties' | 'none';
  /** The input sheet's indicator rows by code; null when the input sheet is missing. */
  sheet: { sheetName: string; cells: Record<string, SheetCell>; date1904: boolean } | null;
  /** Structural problems (rule STRUCTURE) and text no Excel cell can hold (rule TYPE); all errors. */
  problems: Problem[];
}

/** Text in the code column that looks like an indicator code (section.name). */
export const CODE_LIKE = /^[a-z]+\.[a-z0-9_]+$/i;
const LIST_AT_MOST = 5;

/** Characters XML 1.0 cannot carry and Excel does not show; they come as _xHHHH_ escapes with pasted text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/**
 * unsafeText of an indicator's value and its remark (`remarkRaw` at `remarkRef`). Exported so the
 * add-in's values-only submission is held to the same rule as the workbook it came from.
 */
export function unsafeCellText(cell: SheetCell, field: Indicator, remarkRef: CellRef, remarkRaw: RawCell | undefined): Problem[] {
  return [
    ...(cell.raw.kind === 'string' ? unsafeText(cell.ref, field, '填报值', cell.raw.value) : []),
    ...(remarkRaw?.kind === 'string' ? unsafeText(remarkRef, field, '备注', remarkRaw.value) : []),
  ];
}

/** Text no Excel user could have typed: rejected with the cell named, since what is stored must be what they saw. */
function unsafeText(at: CellRef, field: Indicator, what: string, text: string): Problem[] {
  const problems: string[] = [];
  const control = CONTROL_CHAR.exec(text);
  if (control) problems.push(messages.controlCharacter(what, control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')));
  if (text.length > CELL_TEXT_MAX) problems.push(messages.textTooLong(what, text.length));
  return problems.map((reason) => ({ rule: 'TYPE', severity: 'error', codes: [field.code], cells: [at], message: locate(at, field) + reason }));
}

export function unknownCodeProblems(sheetName: string, unknown: { code: string; ref: CellRef }[], catalogue: Catalogue): Problem[] {
  if (unknown.length === 0) return [];
  const advice = `不在指标目录（${catalogue.version} 版）中：该表可能来自其他年度或版本的模板，请下载本年度标准模板重新填报`;
  if (unknown.length <= LIST_AT_MOST) {
    return unknown.map((u) => ({
      ...structure(`${sheetName}!${u.ref.address} 的指标代码“${u.code}”${advice}`),
      codes: [u.code],
      cells: [u.ref],
    }));
  }
  const listed = unknown.slice(0, LIST_AT_MOST).map((u) => `${u.ref.address}“${u.code}”`);
  return [
    {
      ...structure(`${sheetName} 有 ${unknown.length} 个指标代码（${listed.join('、')} 等）${advice}`),
      codes: unknown.map((u) => u.code),
      cells: unknown.map((u) => u.ref),
    },
  ];
}

export function missingRowProblems(sheetName: string, missing: readonly { code: string; name_zh: string }[]): Problem[] {
  const advice = '请勿删除行，如已删除请重新下载模板填报';
  if (missing.length <= LIST_AT_MOST) {
    return missing.map((f) => ({ ...structure(`工作表“${sheetName}”缺少指标行“${f.name_zh}”（${f.code}）：${advice}`), codes: [f.code] }));
  }
  const listed = missing.slice(0, LIST_AT_MOST).map((f) => `“${f.name_zh}”`);
  return [
    {
      ...structure(`工作表“${sheetName}”缺少 ${missing.length} 个指标行（${listed.join('、')} 等）：${advice}`),
      codes: missing.map((f) => f.code),
    },
  ];
}

export function structure(message: string): Problem {
  return { rule: 'STRUCTURE', severity: 'error', codes: [], cells: [], message };
}
