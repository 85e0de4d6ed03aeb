// Reading the audit log (city coordinators). Entries are written by the service that makes each
// change, through its transaction handle (auth/audit.ts); nothing changes or deletes one.
import { viewOf, type AuditPage } from '../contract/audit-view';
import type { AuditEntry, AuditFilter, Store } from '../store';

export type { AuditEntry } from '../store';

/** Oldest first. */
export const auditEntries = (store: Store, filter: AuditFilter): Promise<AuditEntry[]> => store.audit.query(filter);

/** One page, newest first (page 1 = the newest entries), each entry as a person reads it. */
export async function auditPage(store: Store, filter: Omit<AuditFilter, 'limit'>, page: number, pageSize: number): Promise<AuditPage> {
  const { entries, total } = await store.audit.page(filter, (page - 1) * pageSize, pageSize);
  return { entries: entries.map(viewOf), page, pageSize, total, pages: Math.max(1, Math.ceil(total / pageSize)) };
}
