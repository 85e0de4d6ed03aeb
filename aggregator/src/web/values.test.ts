import { currentCatalogue } from '../../../templates/src/core/catalogue';
import { yoyText } from './values';

const catalogue = currentCatalogue();
const rate = catalogue.fields.find((f) => f.type === 'percent')!;
const count = catalogue.fields.find((f) => f.type === 'integer' && f.section !== 'meta')!;

describe('yoyText', () => {
  it('shows counts as the relative change and rates in percentage points', () => {
    expect(yoyText(count, 150, 100)).toBe('+50.0%');
    expect(yoyText(count, 40, 100)).toBe('-60.0%');
    expect(yoyText(rate, 92.5, 95)).toBe('-2.5 个百分点');
    expect(yoyText(rate, 100, 0)).toBe('+100.0 个百分点');
  });

  it('says nothing where there is no base to compare with', () => {
    expect(yoyText(count, 5, 0)).toBe('');
    expect(yoyText(count, 5, null)).toBe('');
    expect(yoyText(count, undefined, 3)).toBe('');
    expect(yoyText(rate, 90, undefined)).toBe('');
  });
});
