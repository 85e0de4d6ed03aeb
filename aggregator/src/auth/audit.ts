// Writing the audit log: who (account and role), what (action), about which unit and year, details.
import type { NewAuditEntry, Store, User } from '../store';

export { AUDIT_ACTIONS, AUDIT_ACTION_LABELS, type AuditAction } from '../contract/audit';
import type { AuditAction } from '../contract/audit';

export interface AuditFacts {
  unitCode?: string | null;
  year?: number | null;
  detail?: Record<string, unknown>;
}

export function entry(actor: User | { username: string; role: string }, action: AuditAction, facts: AuditFacts = {}): NewAuditEntry {
  return { actor: actor.username, actorRole: actor.role, action, unitCode: facts.unitCode ?? null, year: facts.year ?? null, detail: facts.detail ?? {} };
}

export function audit(store: Store, actor: User | { username: string; role: string }, action: AuditAction, facts: AuditFacts = {}): Promise<void> {
  return store.audit.append([entry(actor, action, facts)]);
}
