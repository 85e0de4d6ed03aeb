import { REVIEW_NAMES, reviewOf } from './labels';

describe('reviewOf', () => {
  it('reads the review words the server sends, old and new, as the three states the page names', () => {
    expect(reviewOf({ reviewStatus: 'accepted' })).toBe('accepted');
    expect(reviewOf({ reviewStatus: 'approved' })).toBe('accepted');
    expect(reviewOf({ reviewStatus: 'returned' })).toBe('returned');
    expect(reviewOf({ reviewStatus: 'rejected' })).toBe('returned');
    expect(reviewOf({ reviewStatus: 'pending' })).toBe('pending');
    expect(reviewOf({})).toBe('pending');
    expect(REVIEW_NAMES[reviewOf({ reviewStatus: 'approved' })]).toBe('已通过');
  });
});
