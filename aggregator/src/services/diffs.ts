// Version diffs: which indicators changed between two versions of one unit's year.
import { getCatalogue } from '../../../templates/src/core/catalogue';
import { appError } from '../../../templates/src/core/error-catalogue';
import type { Store, Submission, User } from '../store';
import { previousVersionId, visibleSubmission } from './submissions';

export type { ValueChange } from '../contract/submissions';
import type { ValueChange, VersionDiff } from '../contract/submissions';

/** Pure: indicators whose value differs between two versions, in catalogue order. */
export function diffValues(before: Submission, after: Submission): ValueChange[] {
  const catalogue = getCatalogue(after.catalogueVersion) ?? getCatalogue(before.catalogueVersion);
  const order = new Map((catalogue?.fields ?? []).map((f, i) => [f.code, i]));
  const codes = [...new Set([...Object.keys(before.values), ...Object.keys(after.values)])];
  codes.sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b));
  const changes: ValueChange[] = [];
  for (const code of codes) {
    const was = before.values[code] ?? null;
    const now = after.values[code] ?? null;
    if (JSON.stringify(was) !== JSON.stringify(now)) changes.push({ code, name_zh: catalogue?.field(code)?.name_zh ?? code, before: was, after: now });
  }
  return changes;
}

/** The changes from `against` (default: the version before) to `id`; both of one unit the user may see. */
export async function versionDiff(store: Store, user: User, id: string, against?: string): Promise<VersionDiff> {
  const submission = await visibleSubmission(store, user, id);
  const otherId = against ?? (await previousVersionId(store, submission));
  const other = otherId ? await visibleSubmission(store, user, otherId) : undefined;
  if (other && other.unitCode !== submission.unitCode) {
    throw appError('DIFF_OTHER_UNIT', { otherId: other.id, otherUnitCode: other.unitCode, unitCode: submission.unitCode });
  }
  return { id, against: other?.id ?? null, changes: other ? diffValues(other, submission) : [] };
}
