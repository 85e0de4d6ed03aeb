// Reporting years: opening one (with its audit entry, in the caller's transaction), listing them,
// and the lookup every year-scoped service starts with.
import { audit } from '../auth/audit';
import type { NewYear, ReportingYear, Store, User } from '../store';
import { yearUnknown } from '../store/units';

export async function yearOr404(store: Store, year: number): Promise<ReportingYear> {
  const found = await store.getYear(year);
  if (!found) throw yearUnknown(year);
  return found;
}

/** Newest first. */
export const listYears = (store: Store): Promise<ReportingYear[]> => store.listYears();

/** Throws YEAR_EXISTS (409) when the year was opened before. */
export async function openYear(tx: Store, actor: User, year: NewYear): Promise<ReportingYear> {
  const opened = await tx.openYear(year);
  await audit(tx, actor, 'year.open', { year: opened.year, detail: { catalogueVersion: opened.catalogueVersion, deadline: opened.deadline } });
  return opened;
}
