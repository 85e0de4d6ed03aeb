// The 问题清单: what a coordinator must look at before a rollup is used. Missing units and blanks
// are listed where they can be fixed (a district or the 市级部门); year-on-year swings for every group.
import { unitValue } from './units';
import type { Catalogue } from '../../../templates/src/core/catalogue';
import { isNumber, round } from './figures';
import { ACCEPTED_STATUSES, statusLabel } from './labels';
import { isDistrictDepartment, leavesOutDistrictDepartments, rollupRow, sourceOf, type RollupField } from './rules';
import type { Figure, Finding, RollupGroup, UnitResult } from './types';

const MAX_NAMES = 10;

function names(units: readonly { name: string }[]): string {
  const shown = units.slice(0, MAX_NAMES).map((u) => u.name);
  return units.length > MAX_NAMES ? `${shown.join('、')}等${units.length}家` : shown.join('、');
}

function formatNumber(value: number, unit: string): string {
  return unit === '%' ? `${value.toFixed(2)}%` : `${value}${unit}`;
}

export function collectFindings(
  catalogue: Catalogue,
  groups: readonly RollupGroup[],
  units: ReadonlyMap<string, UnitResult>,
): Finding[] {
  const findings: Finding[] = [];
  for (const group of groups) {
    const members = group.unitCodes.map((code) => units.get(code)!);
    const at = { groupCode: group.code, groupName: group.name };
    const local = group.kind !== 'city';
    const c = group.completeness;
    if (local && (c.missing > 0 || c.returned > 0)) {
      const parts = [
        ...(c.returned > 0 ? [`${c.returned}家单位的报表已退回、尚未重新报送（${names(c.returnedUnits)}）`] : []),
        ...(c.missing > 0 ? [`${c.missing}家单位未报送（${names(c.missingUnits)}）`] : []),
      ];
      findings.push({
        ...at,
        kind: 'missing_units',
        severity: 'warning',
        indicatorCode: null,
        unitCode: null,
        message_zh: `${group.name}：${parts.join('；')}，本组各项合计均标为不完整；请督促报送。`,
      });
    }
    if (local) findings.push(...notAccepted(at, members));
    for (const figure of Object.values(group.figures)) {
      const field = rollupRow(catalogue, figure.code)!;
      if (local) {
        const blank = blankFinding(at, field, figure, members, catalogue);
        if (blank) findings.push(blank);
        if (figure.notCounted && group.kind === 'district') findings.push(notCountedFinding(at, field, figure));
      }
      // A total short of a unit swings because of the gap, not the work: the missing-units
      // finding says so, and a swing finding would send the reader after the wrong cause.
      if (figure.change?.swing && figure.missing === 0 && figure.returned === 0) findings.push(swingFinding(at, figure));
    }
  }
  return findings;
}

type At = { groupCode: string; groupName: string };

function notAccepted(at: At, members: readonly UnitResult[]): Finding[] {
  return members
    .filter((u) => u.submission && !ACCEPTED_STATUSES.has(u.submission.status))
    .map((u) => ({
      ...at,
      kind: 'not_accepted' as const,
      severity: 'warning' as const,
      indicatorCode: null,
      unitCode: u.code,
      message_zh: `${at.groupName} ${u.name}：报表（第${u.submission!.version}版）状态为“${statusLabel(u.submission!.status)}”，尚未审核接收，已按该版本计入汇总，数值可能变动。`,
    }));
}

/** Blank values (not missing units, which have their own finding) that leave a total incomplete. */
function blankFinding(at: At, field: RollupField, figure: Figure, members: readonly UnitResult[], catalogue: Catalogue): Finding | null {
  if (figure.aggregation !== 'sum' && figure.aggregation !== 'ratio' && figure.aggregation !== 'count_true') return null;
  if (figure.blank === 0) return null;
  const codes = figure.aggregation === 'ratio' ? [figure.numerator.code, figure.denominator.code] : [sourceOf(field)];
  const leftOut = leavesOutDistrictDepartments(catalogue, field);
  const isBlank = (u: UnitResult) =>
    codes.some((c) => (figure.aggregation === 'count_true' ? typeof unitValue(u, c) !== 'boolean' : !isNumber(unitValue(u, c))));
  const blankUnits = members.filter((u) => u.submission && catalogue.appliesTo(field.applies_to, u.unitType) && !(leftOut && isDistrictDepartment(u)) && isBlank(u));
  const what = figure.aggregation === 'ratio' ? '分子或分母空白' : '空白';
  const advice = figure.aggregation === 'count_true' ? '空白不计为“否”' : '空白不按0计';
  return {
    ...at,
    kind: 'incomplete',
    severity: 'warning',
    indicatorCode: field.code,
    unitCode: null,
    message_zh: `${at.groupName}“${field.name_zh}”（${field.code}）合计不完整：${blankUnits.length}家${what}（${names(blankUnits)}），${advice}；请核实后补填（没有发生的填0）。`,
  };
}

/** 区级部门 values a rollup rule leaves out: the 区人民政府's whole-district value (or list) is the district's figure. */
function notCountedFinding(at: At, field: RollupField, figure: Figure): Finding {
  const left = figure.notCounted!;
  const shown = left.units.slice(0, MAX_NAMES).map((u) => `${u.name}${formatNumber(u.value, figure.unit)}`);
  const who = left.units.length > MAX_NAMES ? `${shown.join('、')}等${left.units.length}家` : shown.join('、');
  const own = typeof figure.value === 'number' ? `区人民政府填报的${formatNumber(figure.value, figure.unit)}` : '区人民政府填报的数（尚未填报）';
  const rule =
    field.rollup?.kind === 'list'
      ? `按清单口径，区的数取${own}，清单不跨层级相加`
      : `按填报说明由区人民政府填全区汇总数、区级部门不再重复填报，区的数取${own}`;
  return {
    ...at,
    kind: 'not_counted',
    severity: 'warning',
    indicatorCode: figure.code,
    unitCode: null,
    message_zh: `${at.groupName}“${figure.name_zh}”（${figure.code}）：${rule}；${left.units.length}家区级部门另填了本部门的数（${who}，共${formatNumber(round(left.total, 6), figure.unit)}），未计入汇总。请核实区人民政府的全区数已包含这些事项，并提醒区级部门不再重复填报。`,
  };
}

function swingFinding(at: At, figure: Figure): Finding {
  const value = figure.value as number;
  const last = figure.last!;
  const change = figure.change!;
  const points = (n: number) => `${n > 0 ? '提高' : '下降'}${formatNumber(Math.abs(n), '')}个百分点`;
  const how =
    figure.aggregation === 'count_true'
      ? `“是”的占比上年${formatNumber(last, '%')}，本年${formatNumber(figure.share ?? 0, '%')}，${points(change.abs!)}`
      : change.points
        ? `上年${formatNumber(last, figure.unit)}，本年${formatNumber(value, figure.unit)}，${points(change.abs!)}`
        : change.pct === null
          ? `上年为0，本年为${formatNumber(value, figure.unit)}`
          : `上年${formatNumber(last, figure.unit)}，本年${formatNumber(value, figure.unit)}，同比${change.pct > 0 ? '+' : ''}${change.pct.toFixed(2)}%`;
  return {
    ...at,
    kind: 'yoy_swing',
    severity: 'info',
    indicatorCode: figure.code,
    unitCode: null,
    message_zh: `${at.groupName}“${figure.name_zh}”（${figure.code}）同比变化较大：${how}；请核实数据口径或在报告中说明原因。`,
  };
}
