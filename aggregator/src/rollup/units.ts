// Joins units with their submissions (values and the derived values stored with them) and orders
// units for output.
import { standingOf } from './completeness';
import { appError } from '../../../templates/src/core/error-catalogue';
import type { CellValue } from '../../../templates/src/core/model';
import { districtOf } from '../../../templates/src/core/districts';
import { unitTypeLabel } from './labels';
import type { Finding, RollupInput, RollupSubmission, RollupUnit, UnitResult } from './types';

export interface PreparedUnits {
  /** Districts by code (区人民政府 first inside each), then 市级部门. */
  units: UnitResult[];
  byCode: Map<string, UnitResult>;
  findings: Finding[];
}

export function prepareUnits(input: RollupInput): PreparedUnits {
  checkUnits(input.units);
  const findings: Finding[] = [];
  const known = new Set(input.units.map((u) => u.code));
  const submissions = new Map<string, RollupSubmission>();
  for (const sub of input.submissions) {
    if (!known.has(sub.unitCode)) {
      findings.push({
        kind: 'unknown_unit',
        severity: 'warning',
        groupCode: null,
        groupName: null,
        indicatorCode: null,
        unitCode: sub.unitCode,
        message_zh: `单位代码“${sub.unitCode}”不在${input.year}年度单位名录中，其报表（编号${sub.submissionId}）未计入汇总；请核对单位代码或先将该单位加入名录。`,
      });
      continue;
    }
    const seen = submissions.get(sub.unitCode);
    if (seen) {
      // The caller should pass one version per unit; if not, the newest counts and we say so.
      const [kept, dropped] = sub.version > seen.version ? [sub, seen] : [seen, sub];
      submissions.set(sub.unitCode, kept);
      findings.push({
        kind: 'duplicate_submission',
        severity: 'warning',
        groupCode: null,
        groupName: null,
        indicatorCode: null,
        unitCode: sub.unitCode,
        message_zh: `单位“${sub.unitCode}”传入了多份报表，汇总采用第${kept.version}版（编号${kept.submissionId}），未采用第${dropped.version}版（编号${dropped.submissionId}）。`,
      });
      continue;
    }
    submissions.set(sub.unitCode, sub);
  }

  const units = orderUnits(input.units).map((unit) => toResult(unit, submissions.get(unit.code), input.standings?.[unit.code]));
  return { units, byCode: new Map(units.map((u) => [u.code, u])), findings };
}

function checkUnits(units: RollupUnit[]): void {
  const seen = new Set<string>();
  for (const unit of units) {
    if (seen.has(unit.code)) {
      throw appError('ROLLUP_UNIT_DUPLICATE', { unitCode: unit.code });
    }
    seen.add(unit.code);
    if (unit.level === 'district' && !unit.districtCode) {
      throw appError('ROLLUP_UNIT_NO_DISTRICT', { unitName: unit.name, unitCode: unit.code });
    }
  }
}

function orderUnits(units: RollupUnit[]): RollupUnit[] {
  // Districts by code, each with its 区人民政府 first, then the 市级部门.
  const codes = new Map(units.map((u) => [u, districtOf(u)?.code]));
  const districtCode = (u: RollupUnit) => codes.get(u);
  const rank = (u: RollupUnit) => (districtCode(u) === undefined ? 2 : u.unitType === 'district_gov' ? 0 : 1);
  // Stable sort: registry order is kept inside a district and among 市级部门.
  return [...units].sort((a, b) => {
    const [da, db] = [districtCode(a), districtCode(b)];
    if ((da === undefined) !== (db === undefined)) return da === undefined ? 1 : -1;
    if (da !== undefined && db !== undefined && da !== db) return da < db ? -1 : 1;
    return rank(a) - rank(b);
  });
}

function toResult(unit: RollupUnit, sub: RollupSubmission | undefined, standing: 'returned' | 'excused' | undefined): UnitResult {
  const base = {
    code: unit.code,
    name: unit.name,
    unitType: unit.unitType,
    level: unit.level,
    districtCode: districtOf(unit)?.code ?? null,
    districtName: districtOf(unit) ? unit.districtName : null,
    typeLabel: unitTypeLabel(unit),
    ...(unit.hasEnforcement === false ? { hasEnforcement: false } : {}),
  };
  // A returned version is not in the figures whoever passes it in: the unit stands as 已退回.
  if (sub && standingOf(sub.status, false) === 'returned') return { ...base, standing: 'returned', submission: null, values: {}, derived: {}, cells: {} };
  if (!sub) return { ...base, standing: standing ?? 'missing', submission: null, values: {}, derived: {}, cells: {} };
  return {
    ...base,
    standing: standingOf(sub.status, false),
    submission: { id: sub.submissionId, version: sub.version, status: sub.status },
    // The caller's objects are shared, not copied: at 20,000 units a copy would cost ~60 MB.
    values: sub.values,
    derived: sub.derived,
    cells: sub.cells,
  };
}

/** A unit's value of an indicator: the stored derived value for derived fields, as submitted otherwise. */
export function unitValue(unit: UnitResult, code: string): CellValue | null {
  // Derived values are number | null, never undefined, so a plain lookup tells them apart (and is
  // much faster than hasOwnProperty on 20,000 units × 110 indicators).
  const derived = unit.derived[code];
  return derived !== undefined ? derived : (unit.values[code] ?? null);
}
