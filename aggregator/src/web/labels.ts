// Chinese names for the API's English ids.
import type { ReviewStatus } from './types';

/** The server's own role names (its messages and OpenAPI use them), not a copy. */
export { ROLE_LABELS as ROLE_NAMES } from '../auth/scope';

export const REVIEW_NAMES: Record<ReviewStatus, string> = {
  pending: '待审核',
  accepted: '已通过',
  returned: '已退回',
};

export const UPLOAD_NAMES = { accepted: '已接收', rejected: '已拒收', duplicate: '重复（未保存）' } as const;

export const SEVERITY_NAMES = { error: '错误', warning: '警告', info: '提示' } as const;

/**
 * Review state of a stored submission. The server sends the stored word, which on older rows is
 * 'approved' / 'rejected' (read as the progress board reads them); a server without review yet sends
 * none: not reviewed.
 */
export function reviewOf(s: { reviewStatus?: string }): ReviewStatus {
  if (s.reviewStatus === 'accepted' || s.reviewStatus === 'approved') return 'accepted';
  if (s.reviewStatus === 'returned' || s.reviewStatus === 'rejected') return 'returned';
  return 'pending';
}

/** 天津市和平区司法局 → 司法局, where the district is already named around it. */
export function shortUnitName(name: string, districtName: string | null | undefined): string {
  if (!districtName) return name;
  const at = name.indexOf(districtName);
  return at >= 0 && name.length > at + districtName.length ? name.slice(at + districtName.length) : name;
}
