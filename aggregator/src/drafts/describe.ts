// Where a number of the draft comes from, in words: the Word comment on its phrase and its row in
// the appendix. Built on the rollup's trace, so a draft names the same units, versions and cells as
// GET /api/rollups/{year}/trace does.
import { AGGREGATION_LABELS, statusLabel, traceValue, type Figure, type Rollup, type RollupGroup, type Trace, type TraceEntry } from '../rollup';
import { formatCount, formatFigureValue, yoyOf } from './numbers';
import type { DraftFigure, DraftLevel } from './types';

/** Names listed in a comment before "等N家": a comment is read at a glance, not scrolled. */
const MAX_NAMES = 8;

export function namesOf(entries: readonly Pick<TraceEntry, 'unitName'>[]): string {
  const names = entries.map((e) => e.unitName);
  return names.length <= MAX_NAMES ? names.join('、') : `${names.slice(0, MAX_NAMES).join('、')}等${names.length}家`;
}

export interface DescribeContext {
  level: DraftLevel;
  rollup: Rollup;
  group: RollupGroup;
  dataVersion: string;
}

/** The number as the text writes it: "1423件", "7.1%", "58/69家"; a unit's 是/否 as 是 or 否. */
export function displayOf(figure: Figure, value: number | null, level: DraftLevel): string | null {
  if (value === null) return null;
  if (figure.aggregation === 'count_true') {
    if (level === 'unit' || figure.expected === 1) return value === 1 ? '是' : '否';
    return `${formatCount(value)}/${figure.expected}家`;
  }
  return `${formatFigureValue(figure, value)}${figure.aggregation === 'ratio' ? '%' : figure.unit}`;
}

function currentValue(figure: Figure): number | null {
  if (figure.aggregation === 'count_true') return figure.trueCount + figure.falseCount > 0 ? figure.trueCount : null;
  return typeof figure.value === 'number' ? figure.value : null;
}

export function describeFigure(figure: Figure, ctx: DescribeContext): DraftFigure {
  const trace = traceValue(ctx.rollup, figure.code, ctx.group.code);
  const display = displayOf(figure, currentValue(figure), ctx.level) ?? '空白';
  // A unit's 是/否 of last year is a count of 0 or 1: 0 may also mean it was left blank.
  const last = figure.last === null ? null : figure.aggregation === 'count_true' && (ctx.level === 'unit' || figure.expected === 1) ? (figure.last === 1 ? '是' : '否或空白') : displayOf(figure, figure.last, ctx.level);
  const yoy = yoyOf(figure);
  const change = ctx.rollup.lastYear === null ? '无上年数据' : yoy.label;
  const basis = ctx.level === 'unit' ? cellOf(trace) : `应报${figure.expected}家，已报${figure.reported}家${figure.reason_zh ? `（${figure.reason_zh}）` : ''}`;
  const comment = [
    `${figure.name_zh}（${figure.code}）：${display}${formulaOf(figure)}`,
    ...(ctx.level === 'unit' ? [sourceOf(trace)] : rollupLines(figure, trace)),
    ctx.rollup.lastYear === null ? '上年：无上年数据' : `上年（${ctx.rollup.lastYear}年）：${last ?? '无'}；${change}`,
    `数据版本：${ctx.dataVersion}`,
  ];
  return { code: figure.code, name_zh: figure.name_zh, display, last, change, basis, incomplete: figure.incomplete, comment };
}

function formulaOf(figure: Figure): string {
  if (figure.aggregation !== 'ratio' || figure.value === null) return '';
  const { numerator: n, denominator: d } = figure;
  return `＝${formatCount(n.value ?? 0)}（${n.name_zh}）÷${formatCount(d.value ?? 0)}（${d.name_zh}）×100%`;
}

/** The unit's cell of the figure, e.g. "指标填报!E22", or the cells a derived figure is computed from. */
function cellOf(trace: Trace): string {
  const entry = trace.entries[0];
  if (!entry) return '本单位不填报此项';
  return entry.sources ? `由${entry.sources.map((s) => `${s.code}（${s.cell ?? '无单元格'}）`).join('、')}计算` : (entry.cell ?? '无单元格');
}

function sourceOf(trace: Trace): string {
  const entry = trace.entries[0];
  const version = !entry || entry.version === null ? '' : `，第${entry.version}版（${statusLabel(entry.status)}）`;
  return `来源：${entry ? `${entry.unitName}报表 ` : ''}${cellOf(trace)}${version}`;
}

function rollupLines(figure: Figure, trace: Trace): string[] {
  const lines = [`汇总方式：${AGGREGATION_LABELS[figure.aggregation]}；应报${figure.expected}家，已报${figure.reported}家`];
  const missing = trace.entries.filter((e) => e.state === 'missing');
  if (missing.length > 0) lines.push(`未报送（${missing.length}家）：${namesOf(missing)}`);
  // A rate is blank for a unit when its numerator or its denominator is.
  const blank = figure.aggregation === 'ratio' ? blankOfParts(trace) : trace.entries.filter((e) => e.state === 'blank');
  if (blank.length > 0) lines.push(`空白（${blank.length}家）：${namesOf(blank)}`);
  if (figure.aggregation === 'count_true') lines.push(`答“是”${figure.trueCount}家，答“否”${figure.falseCount}家`);
  if (figure.aggregation === 'max' && figure.fromUnits.length > 0) {
    lines.push(`取自：${namesOf(trace.entries.filter((e) => figure.fromUnits.includes(e.unitCode)))}`);
  }
  return lines;
}

function blankOfParts(trace: Trace): TraceEntry[] {
  const blankCodes = new Set([...(trace.numerator?.entries ?? []), ...(trace.denominator?.entries ?? [])].filter((e) => e.state === 'blank').map((e) => e.unitCode));
  return trace.entries.filter((e) => blankCodes.has(e.unitCode));
}
