// Reading the audit log (city coordinators). Entries are written by the service that makes each
// change, through its transaction handle (auth/audit.ts); nothing changes or deletes one.
import type { AuditEntry, AuditFilter, Store } from '../store';

export type { AuditEntry } from '../store';

/** Oldest first. */
export const auditEntries = (store: Store, filter: AuditFilter): Promise<AuditEntry[]> => store.audit.query(filter);
