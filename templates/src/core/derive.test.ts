import { currentCatalogue } from './catalogue';
import { computeDerived, figuresOfValues } from './derive';

const cat = currentCatalogue();

describe('computeDerived', () => {
  it('computes a ratio as numerator / denominator × 100', () => {
    const d = computeDerived(cat, 'department', { 'litig.lost': 3, 'litig.concluded': 12 });
    expect(d['litig.loss_rate']).toBe(25);
  });

  it.each([
    ['denominator 0', { 'litig.lost': 0, 'litig.concluded': 0 }],
    ['denominator blank', { 'litig.lost': 3, 'litig.concluded': null }],
    ['denominator absent', { 'litig.lost': 3 }],
    ['numerator blank', { 'litig.lost': null, 'litig.concluded': 12 }],
    ['denominator not a number', { 'litig.lost': 3, 'litig.concluded': '12' }],
  ])('leaves a ratio blank with %s', (_, values) => {
    expect(computeDerived(cat, 'department', values)['litig.loss_rate']).toBeNull();
  });

  it('gives 0 for a zero numerator over a non-zero denominator', () => {
    expect(computeDerived(cat, 'department', { 'litig.lost': 0, 'litig.concluded': 5 })['litig.loss_rate']).toBe(0);
  });

  it('sums sum_of parts and leaves the total blank when a part is blank', () => {
    const parts = { 'recon.revoked_changed': 2, 'recon.confirmed_illegal': 1, 'recon.ordered_perform': 4 };
    expect(computeDerived(cat, 'district_gov', parts)['recon.corrected']).toBe(7);
    expect(computeDerived(cat, 'district_gov', { ...parts, 'recon.ordered_perform': null })['recon.corrected']).toBeNull();
  });

  it('computes a ratio from another derived value (correction rate from corrected)', () => {
    const d = computeDerived(cat, 'district_gov', {
      'recon.revoked_changed': 2,
      'recon.confirmed_illegal': 1,
      'recon.ordered_perform': 1,
      'recon.closed': 16,
    });
    expect(d['recon.corrected']).toBe(4);
    expect(d['recon.correction_rate']).toBe(25);
    expect(computeDerived(cat, 'district_gov', { 'recon.closed': 16 })['recon.correction_rate']).toBeNull();
  });

  it('only returns derived fields that apply to the unit type', () => {
    const dept = computeDerived(cat, 'department', {});
    const gov = computeDerived(cat, 'district_gov', {});
    expect(Object.keys(dept)).toContain('enf.training_rate');
    expect(Object.keys(dept)).not.toContain('recon.correction_rate');
    expect(Object.keys(gov)).toContain('recon.correction_rate');
    expect(Object.keys(gov)).not.toContain('enf.training_rate');
    const derivedCodes = cat.fields.filter((f) => f.derived).map((f) => f.code);
    expect(new Set([...Object.keys(dept), ...Object.keys(gov)])).toEqual(new Set(derivedCodes));
  });

  it('works on rolled-up sums: rates are recomputed, not averaged', () => {
    // 9,000 of 10,000 plus 50 of 50 is 90.05 %, not the 95 % an average of rates would give.
    const d = computeDerived(cat, 'department', { 'learn.exam_required': 10050, 'learn.exam_participants': 9050 });
    expect(d['learn.exam_participation_rate']).toBeCloseTo(90.05, 2);
  });
});

describe('figuresOfValues', () => {
  it('computes the derived values of unchecked values, keeping a rate they state themselves', () => {
    const figures = figuresOfValues(cat, 'department', { 'litig.lost': 1, 'litig.concluded': 4, 'learn.exam_pass_rate': 92.5 });
    // 1 of 4 lost = 25 %, computed; the pass rate as the report states it (its parts are not there).
    expect(figures.derived['litig.loss_rate']).toBe(25);
    expect(figures.derived['learn.exam_pass_rate']).toBe(92.5);
    expect(figures.derived['reg.ns_filing_rate']).toBeNull();
    expect(figures.values).toEqual({ 'litig.lost': 1, 'litig.concluded': 4, 'learn.exam_pass_rate': 92.5 });
  });
});
