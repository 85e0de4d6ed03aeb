import { AUDIT_ACTION_LABELS } from '../../contract/audit';
import { AUDIT_KINDS } from './audit';

describe('audit page filter', () => {
  it('reaches every action the server writes, as the server matches a filter (prefix ending in a dot, else exact)', () => {
    const reachable = (action: string) => AUDIT_KINDS.some(([k]) => k !== '' && (k.endsWith('.') ? action.startsWith(k) : action === k));
    expect(Object.keys(AUDIT_ACTION_LABELS).filter((a) => !reachable(a))).toEqual([]);
  });
});
