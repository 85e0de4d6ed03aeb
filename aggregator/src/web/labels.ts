// The page's names for the API's ids are the contract's (one word, one name, everywhere).
export { ROLE_LABELS as ROLE_NAMES } from '../contract/people';
export { REVIEW_STATE_LABELS as REVIEW_NAMES } from '../contract/review';
export { UPLOAD_OUTCOME_LABELS as UPLOAD_NAMES } from '../contract/submissions';
export { SEVERITY_LABELS as SEVERITY_NAMES } from '../contract/problems';
import { reviewStateOf, type ReviewState } from '../contract/review';

/** Review state of a stored submission: the server's normalised `reviewState` (older servers: the stored word). */
export function reviewOf(s: { reviewState?: ReviewState; reviewStatus?: string }): ReviewState {
  return s.reviewState ?? reviewStateOf(s.reviewStatus);
}

/** 天津市和平区司法局 → 司法局, where the district is already named around it. */
export function shortUnitName(name: string, districtName: string | null | undefined): string {
  if (!districtName) return name;
  const at = name.indexOf(districtName);
  return at >= 0 && name.length > at + districtName.length ? name.slice(at + districtName.length) : name;
}
