// The rollup workbook's other sheets: 单位明细, 填报情况, 文字汇编, 问题清单.
import { CITY_LEVEL_DISTRICT } from '../../../templates/src/core/registry';
import { STANDING_LABELS } from '../contract/completeness';
import { unitValue } from '../rollup/units';
import type { Workbook } from 'exceljs';
import { ACCEPTED_STATUSES } from '../rollup/labels';
import { groupsInScope, scopeRollup, unitsInScope } from '../rollup/scope';
import type { Completeness, FindingKind, Rollup, RollupScope } from '../rollup/types';
import { unitColumn, unitDetailColumns, unitDetailRows, type DetailKind, type UnitColumnKey } from './unit-detail';
import { addSheet, cell, dateValue, writeRow, type Pace, type StyleName, type XCell } from './xlsx-style';

export const DETAIL_SHEET = '单位明细';
export const STATUS_SHEET = '填报情况';
export const TEXTS_SHEET = '文字汇编';
export const FINDINGS_SHEET = '问题清单';

const DETAIL_STYLE: Record<DetailKind, StyleName> = { text: 'text', integer: 'integer', decimal: 'decimal', rate: 'rate', date: 'date' };

export async function writeDetailSheet(workbook: Workbook, rollup: Rollup, scope: RollupScope, pace: Pace): Promise<void> {
  const columns = unitDetailColumns(rollup);
  const sheet = addSheet(workbook, DETAIL_SHEET, { frozenRows: 2, frozenColumns: 4, widths: columns.map((c) => c.width) });
  writeRow(sheet, columns.map((c) => cell(c.header, 'header')));
  writeRow(sheet, columns.map((c) => cell(c.subheader, 'header')));
  for (const row of unitDetailRows(rollup, scope)) {
    writeRow(
      sheet,
      row.map((value, i) => {
        const kind = columns[i].kind;
        // Numeric columns may hold 不适用; such text keeps the text style.
        if (typeof value === 'string') return kind === 'date' ? cell(dateValue(value), 'date') : cell(value, 'text');
        return cell(value, DETAIL_STYLE[kind]);
      }),
    );
    await pace(sheet);
  }
  sheet.commit();
}

/** The unit list of a district's 填报情况: 单位明细's own columns, without 所属区. */
const UNIT_LIST_KEYS: UnitColumnKey[] = ['seq', 'name', 'code', 'type', 'status', 'version', 'id'];

/** Columns of 填报情况 by status; a status in none of them is counted under 其他状态. */
const STATUS_COLUMNS: readonly (readonly string[])[] = [[...ACCEPTED_STATUSES], ['pending'], ['returned', 'rejected']];

function statusCells(c: Completeness): XCell[] {
  const count = (statuses: readonly string[]) => statuses.reduce((n, s) => n + (c.byStatus[s] ?? 0), 0);
  const known = count(STATUS_COLUMNS.flat());
  return [
    cell(c.expected, 'integer'),
    cell(c.submitted, 'integer'),
    cell(c.missing, 'integer'),
    cell(c.expected > 0 ? c.submitted / c.expected : null, 'pct'),
    ...STATUS_COLUMNS.map((statuses) => cell(count(statuses), 'integer')),
    cell(c.submitted - known, 'integer'),
    cell(c.missingUnits.map((u) => u.name).join('、') || null, 'wrap'),
  ];
}

export async function writeStatusSheet(workbook: Workbook, rollup: Rollup, scope: RollupScope, pace: Pace): Promise<void> {
  const headers = ['序号', '区/分组', '应报单位数', '已报单位数', '未报单位数', '报送率', STANDING_LABELS.accepted, STANDING_LABELS.pending, STANDING_LABELS.returned, '其他状态', `${STANDING_LABELS.missing}单位`];
  const sheet = addSheet(workbook, STATUS_SHEET, { frozenRows: 1, widths: [6, 16, 11, 11, 11, 9, 9, 9, 9, 9, 60], fitWidth: true });
  writeRow(sheet, headers.map((h) => cell(h, 'header')));
  const [main, ...others] = groupsInScope(rollup, scope);
  const rows = scope.level === 'city' ? [...others, main] : [main];
  rows.forEach((g, i) => {
    const label = g.kind === 'city' ? '合计（全市）' : g.name;
    writeRow(sheet, [cell(i + 1, 'integer'), cell(label, 'text'), ...statusCells(g.completeness)]);
  });
  if (scope.level === 'district') {
    // A district coordinator chases units one by one: list each with its status.
    writeRow(sheet, []);
    const columns = UNIT_LIST_KEYS.map(unitColumn);
    writeRow(sheet, columns.map((c) => cell(c.header, 'header')));
    let n = 0;
    for (const u of unitsInScope(rollup, scope)) {
      n++;
      // A unit that has not reported stands out.
      writeRow(sheet, UNIT_LIST_KEYS.map((k, i) => cell(columns[i].value(u, n), k === 'status' && !u.submission ? 'warning' : DETAIL_STYLE[columns[i].kind])));
      await pace(sheet);
    }
  }
  sheet.commit();
}

export async function writeTextsSheet(workbook: Workbook, rollup: Rollup, scope: RollupScope, pace: Pace): Promise<void> {
  const headers = ['序号', '指标', '所属区', '单位名称', '单位类型', '内容'];
  const sheet = addSheet(workbook, TEXTS_SHEET, { frozenRows: 1, widths: [6, 24, 10, 24, 10, 90], fitWidth: true });
  writeRow(sheet, headers.map((h) => cell(h, 'header')));
  const units = unitsInScope(rollup, scope);
  let section = '';
  let n = 0;
  for (const field of rollup.fields) {
    // Header texts (contact, web address) are not narrative; they stay in 单位明细.
    if (field.aggregation !== 'none_text_list' || field.section === 'meta') continue;
    if (field.section !== section) {
      section = field.section;
      writeRow(sheet, headers.map((_, i) => cell(i === 1 ? field.section_zh : null, 'section')));
    }
    for (const unit of units) {
      const v = unit.submission ? unitValue(unit, field.code) : null;
      if (typeof v !== 'string' || v.trim() === '') continue;
      writeRow(sheet, [
        cell(++n, 'integer'),
        cell(field.name_zh, 'wrap'),
        cell(unit.districtName ?? CITY_LEVEL_DISTRICT, 'text'),
        cell(unit.name, 'wrap'),
        cell(unit.typeLabel, 'text'),
        cell(v, 'wrap'),
      ]);
      await pace(sheet);
    }
  }
  sheet.commit();
}

const KIND_LABELS: Record<FindingKind, string> = {
  missing_units: STANDING_LABELS.missing,
  incomplete: '合计不完整',
  not_counted: '未计入（避免重复）',
  yoy_swing: '同比变化较大',
  not_accepted: '尚未审核接收',
  unknown_unit: '名录外单位',
  duplicate_submission: '重复报表',
};

export async function writeFindingsSheet(workbook: Workbook, rollup: Rollup, scope: RollupScope, pace: Pace): Promise<void> {
  const headers = ['序号', '类别', '区/分组', '指标', '单位', '说明'];
  const sheet = addSheet(workbook, FINDINGS_SHEET, { frozenRows: 1, widths: [6, 14, 12, 30, 24, 90], fitWidth: true });
  writeRow(sheet, headers.map((h) => cell(h, 'header')));
  const findings = scopeRollup(rollup, scope).findings;
  const fields = new Map(rollup.fields.map((f) => [f.code, f]));
  const units = new Map(rollup.units.map((u) => [u.code, u]));
  let n = 0;
  for (const f of findings) {
    const field = f.indicatorCode ? fields.get(f.indicatorCode) : undefined;
    const unit = f.unitCode ? units.get(f.unitCode) : undefined;
    writeRow(sheet, [
      cell(++n, 'integer'),
      cell(KIND_LABELS[f.kind], f.severity === 'warning' ? 'warning' : 'text'),
      cell(f.groupName, 'text'),
      cell(field ? `${field.name_zh}（${field.code}）` : null, 'wrap'),
      cell(unit ? unit.name : f.unitCode, 'wrap'),
      cell(f.message_zh, 'wrap'),
    ]);
    await pace(sheet);
  }
  if (findings.length === 0) writeRow(sheet, [cell(null, 'text'), cell('未发现问题', 'text')]);
  sheet.commit();
}
