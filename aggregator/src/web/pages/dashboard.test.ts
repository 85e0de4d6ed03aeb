import { currentCatalogue } from '../../../../templates/src/core/catalogue';
import { KEY_INDICATORS } from './dashboard';

describe('leader dashboard', () => {
  it('charts only numeric indicators of the current catalogue (a renamed code would silently drop its card)', () => {
    const catalogue = currentCatalogue();
    const types = KEY_INDICATORS.map((code) => catalogue.field(code)?.type);
    expect(types.filter((t) => t !== 'integer' && t !== 'decimal' && t !== 'percent')).toEqual([]);
  });
});
