// 汇总: one row per indicator with the scope's total, a column per district (city scope) or per
// unit (district scope), last year, the change, and why a total is incomplete.
import { unitValue } from '../rollup/units';
import type { Workbook } from 'exceljs';
import { BOOLEAN_FALSE, BOOLEAN_TRUE } from '../../../templates/src/core/contract';
import { aggregationLabel } from '../rollup/labels';
import { isDistrictDepartment, rowAppliesTo } from '../rollup/rules';
import { groupsInScope, unitsInScope } from '../rollup/scope';
import type { FieldInfo, Figure, Rollup, RollupGroup, RollupScope, UnitResult } from '../rollup/types';
import { addSheet, cell, dateValue, writeRow, type StyleName, type XCell } from './xlsx-style';

export const SUMMARY_SHEET = '汇总';
const NOT_APPLICABLE_MARK = '—';

type Numeric = 'integer' | 'decimal' | 'rate';

function numberCell(value: number | null, kind: Numeric, incomplete = false): XCell {
  return cell(value, (incomplete ? `${kind}Incomplete` : kind) as StyleName);
}

const numericKind = (field: FieldInfo): Numeric =>
  field.type === 'percent' ? 'rate' : field.type === 'decimal' ? 'decimal' : 'integer';

export function figureCell(figure: Figure | undefined, field: FieldInfo): XCell {
  if (!figure || figure.expected === 0) return cell(NOT_APPLICABLE_MARK, 'text');
  const incomplete = figure.incomplete;
  switch (figure.aggregation) {
    case 'sum':
    case 'ratio':
      return numberCell(figure.value, numericKind(field), incomplete);
    case 'count_true':
      return cell(`${figure.trueCount}/${figure.expected}`, incomplete ? 'textIncomplete' : 'text');
    case 'on_time':
      return cell(`${figure.onTime}/${figure.expected}`, incomplete ? 'textIncomplete' : 'text');
    case 'max':
      if (figure.valueType === 'date') return cell(typeof figure.value === 'string' ? dateValue(figure.value) : null, 'date');
      return numberCell(typeof figure.value === 'number' ? figure.value : null, numericKind(field), incomplete);
    case 'none_text_list':
      return cell(`${figure.items.length}家填写`, 'text');
  }
}

function unitCell(unit: UnitResult, field: FieldInfo): XCell {
  if (!rowAppliesTo(field, unit)) return cell(NOT_APPLICABLE_MARK, 'text');
  const v = unit.submission ? unitValue(unit, field.source) : null;
  // The district's figure is its 区人民政府's: a 区级部门's own value is shown, marked as not added.
  if (field.districtDepartmentsLeftOut && isDistrictDepartment(unit)) {
    return typeof v === 'number' && v !== 0 ? cell(`${v}（未计入）`, 'warning') : cell(NOT_APPLICABLE_MARK, 'text');
  }
  if (typeof v === 'boolean') return cell(v ? BOOLEAN_TRUE : BOOLEAN_FALSE, 'text');
  if (typeof v === 'number') return numberCell(v, numericKind(field));
  if (typeof v === 'string' && field.type === 'date') return cell(dateValue(v), 'date');
  return cell(typeof v === 'string' ? v : null, 'text');
}

function yoyCells(figure: Figure | undefined, field: FieldInfo): XCell[] {
  // A 是/否 figure compares its share of 是 (percent), a rate its value; both change in 个百分点.
  const kind = figure?.aggregation === 'count_true' || figure?.aggregation === 'on_time' ? 'rate' : numericKind(field);
  if (!figure || figure.expected === 0 || (field.type === 'date' && figure.aggregation !== 'on_time')) return [cell(null, 'text'), cell(null, 'text'), cell(null, 'text')];
  const change = figure.change;
  const pct: XCell = !change
    ? cell(null, 'pct')
    : change.points || change.pct === null
      ? cell(change.swing && !change.points ? '上年为0' : null, change.swing ? 'pctSwing' : 'pct')
      : cell(change.pct / 100, change.swing ? 'pctSwing' : 'pct');
  return [numberCell(figure.last, kind), numberCell(change?.abs ?? null, kind), pct];
}

function reasonCell(figure: Figure | undefined): XCell {
  if (!figure || figure.expected === 0) return cell(null, 'text');
  const parts: string[] = [];
  if (figure.incomplete) parts.push(`不完整：${figure.reason_zh}`);
  if (figure.aggregation === 'on_time') parts.push(figure.text_zh);
  if (figure.notCounted) parts.push(`${figure.notCounted.units.length}家区级部门另填${figure.notCounted.total}${figure.unit}，未计入（避免重复）`);
  if (figure.lastIncomplete) parts.push('上年合计不完整');
  return cell(parts.length > 0 ? parts.join('；') : null, parts.length > 0 ? 'warning' : 'text');
}

export function writeSummarySheet(workbook: Workbook, rollup: Rollup, scope: RollupScope): void {
  const [main, ...others] = groupsInScope(rollup, scope);
  const columns: { header: string; width: number; value: (field: FieldInfo) => XCell }[] =
    scope.level === 'city'
      ? others.map((g: RollupGroup) => ({ header: g.name, width: 12, value: (f) => figureCell(g.figures[f.code], f) }))
      : unitsInScope(rollup, scope).map((u) => ({
          header: u.submission ? u.name : `${u.name}（未报送）`,
          width: 14,
          value: (f) => unitCell(u, f),
        }));
  const yoy = rollup.lastYear !== null;
  const headers = [
    '序号',
    '指标代码',
    '指标名称',
    '计量单位',
    '汇总方式',
    scope.level === 'city' ? '全市合计' : `${main.name}合计`,
    ...columns.map((c) => c.header),
    ...(yoy ? [`上年（${rollup.lastYear}年度）`, '同比增减', '同比增减%'] : []),
    '不完整说明',
  ];
  const widths = [6, 22, 40, 8, 12, 12, ...columns.map((c) => c.width), ...(yoy ? [12, 11, 11] : []), 26];
  const sheet = addSheet(workbook, SUMMARY_SHEET, { frozenRows: 3, frozenColumns: 3, widths, fitWidth: true });

  writeRow(sheet, [cell(`${rollup.year}年度法治政府建设指标汇总表（${main.name}）`, 'title')]);
  const note = [
    `指标目录 ${rollup.catalogueVersion}${rollup.catalogueErrata.length > 0 ? `（已按勘误${rollup.catalogueErrata.map((e) => e.id).join('、')}更正部分指标的汇总口径，见“汇总方式”列）` : ''}。比率按“合计分子÷合计分母×100”重新计算，不取平均；空白不按0计，含未报送或空白的合计标橙色底并在“不完整说明”列注明；是/否指标为“填是的单位数/应填单位数”。`,
    yoy ? `同比以${rollup.lastYear}年度为基期（比率和“是”的占比按个百分点增减），变化超过±${Math.round(rollup.yoyThreshold * 100)}%且达到最小变化量的标红。` : '',
  ].join('');
  writeRow(sheet, [cell(note, 'note')]);
  writeRow(sheet, headers.map((h) => cell(h, 'header')));

  let section = '';
  let n = 0;
  for (const field of rollup.fields) {
    if (field.aggregation === 'none_text_list') continue;
    if (field.section !== section) {
      section = field.section;
      writeRow(sheet, headers.map((_, i) => cell(i === 2 ? field.section_zh : null, 'section')));
    }
    const figure = main.figures[field.code];
    writeRow(sheet, [
      cell(++n, 'integer'),
      cell(field.code, 'text'),
      cell(field.name_zh, 'wrap'),
      cell(figure?.aggregation === 'count_true' || figure?.aggregation === 'on_time' ? '家' : field.unit_zh, 'text'),
      cell(aggregationLabel(field), 'text'),
      figureCell(figure, field),
      ...columns.map((c) => c.value(field)),
      ...(yoy ? yoyCells(figure, field) : []),
      reasonCell(figure),
    ]);
  }
  sheet.commit();
}
