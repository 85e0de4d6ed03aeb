import { currentCatalogue } from '../../../../templates/src/core/catalogue';
import { asOf, KEY_INDICATORS } from './dashboard';

describe('leader dashboard', () => {
  it('charts only numeric indicators of the current catalogue (a renamed code would silently drop its card)', () => {
    const catalogue = currentCatalogue();
    const types = KEY_INDICATORS.map((code) => catalogue.field(code)?.type);
    expect(types.filter((t) => t !== 'integer' && t !== 'decimal' && t !== 'percent')).toEqual([]);
  });
});

describe('数据截至', () => {
  it('shows China time: HH:MM on the same China day, the date as well on another', () => {
    // 2025-03-02 01:05 UTC is 09:05 in Shanghai.
    expect(asOf('2025-03-02T01:05:00Z', new Date('2025-03-02T10:00:00Z'))).toBe('09:05');
    // 2025-03-01 17:30 UTC is already 2025-03-02 01:30 in Shanghai: same China day as the morning after.
    expect(asOf('2025-03-01T17:30:00Z', new Date('2025-03-02T03:00:00Z'))).toBe('01:30');
    expect(asOf('2025-03-01T01:05:00Z', new Date('2025-03-02T03:00:00Z'))).toBe('2025-03-01 09:05');
  });
});
