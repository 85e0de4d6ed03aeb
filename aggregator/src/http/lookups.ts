// Lookups several routes make before acting, so each "not found" has one code and one Chinese
// message that says what to do.
import { AppError } from '../../../templates/src/core/errors';
import type { ReportingYear, Store, Unit } from '../store';
import { yearUnknown } from '../store/units';

export async function yearOr404(store: Store, year: number): Promise<ReportingYear> {
  const found = await store.getYear(year);
  if (!found) throw yearUnknown(year);
  return found;
}

export async function unitOr404(store: Store, code: string): Promise<Unit> {
  const unit = await store.getUnit(code);
  if (!unit) throw new AppError('UNIT_UNKNOWN', `单位代码“${code}”不在单位名录中：请核对单位代码，或请市级管理员先导入包含该单位的名录。`, 404);
  return unit;
}
