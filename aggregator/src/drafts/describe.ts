// Where a number of the draft comes from, in words: the Word comment on its phrase and its row in
// the appendix. It names the units as GET /api/rollups/{year}/trace does (missing: no submission;
// blank: reported, value empty; a rate: numerator or denominator empty), but in one pass per figure
// over the group's units, with the applicable units found once per applies_to: a city draft reads
// every unit for ~100 figures.
import { aggregationLabel, isDistrictDepartment, rowAppliesTo, statusLabel, unitValue, type FieldInfo, type Figure, type Rollup, type RollupGroup, type UnitResult } from '../rollup';
import { formatCount, formatFigureValue, yoyOf } from './numbers';
import type { DraftFigure, DraftLevel } from './types';

/** Names listed in a comment before "等N家": a comment is read at a glance, not scrolled. */
const MAX_NAMES = 8;

export function namesOf(units: readonly Pick<UnitResult, 'name'>[]): string {
  const names = units.map((u) => u.name);
  return names.length <= MAX_NAMES ? names.join('、') : `${names.slice(0, MAX_NAMES).join('、')}等${names.length}家`;
}

export interface DescribeContext {
  level: DraftLevel;
  rollup: Rollup;
  group: RollupGroup;
  dataVersion: string;
  field(code: string): FieldInfo | undefined;
  /** The group's units the field applies to, in group order. */
  applicable(field: FieldInfo): UnitResult[];
}

export function describeContext(level: DraftLevel, rollup: Rollup, group: RollupGroup, dataVersion: string): DescribeContext {
  const byCode = new Map(rollup.units.map((u) => [u.code, u]));
  const units = group.unitCodes.map((c) => byCode.get(c)).filter((u): u is UnitResult => !!u);
  const fields = new Map(rollup.fields.map((f) => [f.code, f]));
  const byApplies = new Map<string, UnitResult[]>();
  return {
    level,
    rollup,
    group,
    dataVersion,
    field: (code) => fields.get(code),
    applicable: (field) => {
      // A rule that takes the 区人民政府's whole-district value leaves the 区级部门 out of the figure.
      const key = `${field.applies_to}|${field.districtDepartmentsLeftOut ?? false}|${field.enforcementPowers ?? false}`;
      let list = byApplies.get(key);
      if (!list) {
        list = units.filter((u) => rowAppliesTo(field, u) && !(field.districtDepartmentsLeftOut && isDistrictDepartment(u)));
        byApplies.set(key, list);
      }
      return list;
    },
  };
}

/** Whether the unit's value counts in a figure of this type (the rule the rollup applies). */
function filled(field: FieldInfo, unit: UnitResult, code = field.source): boolean {
  const v = unitValue(unit, code);
  return field.type === 'boolean' ? typeof v === 'boolean' : typeof v === 'number' && Number.isFinite(v);
}

/** The number as the text writes it: "1423件", "7.1%", "58/69家"; a unit's 是/否 as 是 or 否. */
export function displayOf(figure: Figure, value: number | null, level: DraftLevel): string | null {
  if (value === null) return null;
  if (figure.aggregation === 'count_true') {
    if (level === 'unit' || figure.expected === 1) return value === 1 ? '是' : '否';
    return `${formatCount(value)}/${figure.expected}家`;
  }
  if (figure.aggregation === 'on_time') {
    if (level === 'unit' || figure.expected === 1) return value === 1 ? '按期' : '未按期';
    return `${formatCount(value)}/${figure.expected}家按期`;
  }
  return `${formatFigureValue(figure, value)}${figure.aggregation === 'ratio' ? '%' : figure.unit}`;
}

function currentValue(figure: Figure): number | null {
  if (figure.aggregation === 'count_true') return figure.trueCount + figure.falseCount > 0 ? figure.trueCount : null;
  if (figure.aggregation === 'on_time') return figure.reported > 0 ? figure.onTime : null;
  return typeof figure.value === 'number' ? figure.value : null;
}

export function describeFigure(figure: Figure, ctx: DescribeContext): DraftFigure {
  const field = ctx.field(figure.code);
  const applicable = field ? ctx.applicable(field) : [];
  const display = displayOf(figure, currentValue(figure), ctx.level) ?? '空白';
  // A unit's 是/否 of last year is a count of 0 or 1: 0 may also mean it was left blank.
  const last = figure.last === null ? null : (figure.aggregation === 'count_true' || figure.aggregation === 'on_time') && (ctx.level === 'unit' || figure.expected === 1) ? (figure.last === 1 ? '是' : '否或空白') : displayOf(figure, figure.last, ctx.level);
  const change = ctx.rollup.lastYear === null ? '无上年数据' : yoyOf(figure).label;
  const basis = ctx.level === 'unit' ? cellOf(applicable[0], field) : `应报${figure.expected}家，已报${figure.reported}家${figure.reason_zh ? `（${figure.reason_zh}）` : ''}`;
  const comment = [
    `${figure.name_zh}（${figure.code}）：${display}${formulaOf(figure)}`,
    ...(ctx.level === 'unit' ? [sourceOf(applicable[0], field)] : field ? rollupLines(figure, field, applicable, ctx) : []),
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
function cellOf(unit: UnitResult | undefined, field: FieldInfo | undefined): string {
  if (!unit || !field) return '本单位不填报此项';
  if (field.derived && field.parts) return `由${field.parts.map((p) => `${p}（${unit.cells[p] ?? '无单元格'}）`).join('、')}计算`;
  return unit.cells[field.source] ?? '无单元格';
}

function sourceOf(unit: UnitResult | undefined, field: FieldInfo | undefined): string {
  const sub = unit?.submission;
  return `来源：${unit ? `${unit.name}报表 ` : ''}${cellOf(unit, field)}${sub ? `，第${sub.version}版（${statusLabel(sub.status)}）` : ''}`;
}

function rollupLines(figure: Figure, field: FieldInfo, applicable: readonly UnitResult[], ctx: DescribeContext): string[] {
  const lines = [`汇总方式：${aggregationLabel(field)}；应报${figure.expected}家，已报${figure.reported}家`];
  if (field.rule) lines.push(`口径：${field.rule.note_zh}`);
  if (figure.notCounted) {
    const left = figure.notCounted;
    lines.push(`未计入（避免重复，${left.units.length}家区级部门，共${formatCount(left.total)}${figure.unit}）：${left.units.map((u) => `${u.name}${formatCount(u.value)}${figure.unit}`).join('、')}`);
  }
  // The figure already counts them; the units are looked up only when there are some.
  const missing = figure.missing > 0 ? applicable.filter((u) => !u.submission) : [];
  if (missing.length > 0) lines.push(`未报送（${missing.length}家）：${namesOf(missing)}`);
  if (figure.blank > 0 && figure.aggregation !== 'none_text_list' && figure.aggregation !== 'max') {
    // A rate is blank for a unit when its numerator or its denominator is.
    const parts = figure.aggregation === 'ratio' ? [figure.numerator.code, figure.denominator.code] : [field.source];
    const partFields = parts.map((c) => ctx.field(c) ?? field);
    const blank = applicable.filter((u) => u.submission && partFields.some((f) => !filled(f, u)));
    if (blank.length > 0) lines.push(`空白（${blank.length}家）：${namesOf(blank)}`);
  }
  if (figure.aggregation === 'count_true') lines.push(`答“是”${figure.trueCount}家，答“否”${figure.falseCount}家`);
  if (figure.aggregation === 'on_time') lines.push(`期限${figure.deadline}（规则${figure.ruleId}）：${figure.text_zh}`);
  if (figure.aggregation === 'max' && figure.fromUnits.length > 0) {
    const from = new Set(figure.fromUnits);
    lines.push(`取自：${namesOf(applicable.filter((u) => from.has(u.code)))}`);
  }
  return lines;
}
