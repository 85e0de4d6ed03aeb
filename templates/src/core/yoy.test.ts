import { currentCatalogue } from './catalogue';
import type { Figures } from './derive';
import type { CellValue } from './model';
import { validateSheet } from './validate';
import { yoyChange, yoyProblems } from './yoy';
import { filledSheet, refOf, validInputs, validSheet, withRemark } from '../../../test/support/sheet-builder';
import type { CellInput } from '../../../test/support/sheet-builder';

const cat = currentCatalogue();

describe('yoyChange', () => {
  it.each([
    [150, 100, 50, 0.5, false],
    [151, 100, 51, 0.51, true],
    [50, 100, -50, -0.5, false],
    [49, 100, -51, -0.51, true],
    [100, 100, 0, 0, false],
    [5, 0, 5, null, true],
    [0, 0, 0, null, false],
    [null, 100, null, null, false],
    [100, null, null, null, false],
    // Relative to |last|: a rise is positive whatever the sign of last year.
    [-5, -10, 5, 0.5, false],
  ])('current %p, last %p → abs %p, pct %p, swing %p (±50 %)', (current, last, abs, pct, swing) => {
    expect(yoyChange(current, last)).toEqual({ abs, pct, swing });
  });

  it('a computed rate exactly at the threshold is not beyond it, a hair past it is', () => {
    // 7/10 = 70 % against 7/15 = 46.67 %: +50 % exactly, 0.5000000000000001 in floating point.
    const now = (7 / 10) * 100;
    const last = (7 / 15) * 100;
    expect((now - last) / last).toBeGreaterThan(0.5);
    expect(yoyChange(now, last).swing).toBe(false);
    // +50.004 %: beyond. (Rollups used to round to 0.01 % first and call this no swing.)
    expect(yoyChange(150_004, 100_000).swing).toBe(true);
  });

  it('takes the threshold given', () => {
    expect(yoyChange(12, 10, 0.1).swing).toBe(true);
    expect(yoyChange(12, 10, 0.25).swing).toBe(false);
  });

  it('flags only a material change: beyond the threshold and at least the minimum change', () => {
    // 1 → 3: +200 % but only 2 more; 1,000 → 3,000: +200 % and 2,000 more. Minimum 5.
    expect(yoyChange(3, 1, 0.5, 5)).toEqual({ abs: 2, pct: 2, swing: false });
    expect(yoyChange(3000, 1000, 0.5, 5)).toEqual({ abs: 2000, pct: 2, swing: true });
    // Exactly the minimum is material; from 0, too, only when the minimum is reached.
    expect(yoyChange(15, 10, 0.4, 5).swing).toBe(true);
    expect(yoyChange(4, 0, 0.5, 5).swing).toBe(false);
    expect(yoyChange(5, 0, 0.5, 5).swing).toBe(true);
  });
});

describe('yoyProblems', () => {
  /** Last year's figures as stored: its inputs, and its derived values as its own check computed them. */
  const last = (values: Record<string, CellValue | null>, derived: Record<string, number | null> = {}): Figures => ({ values, derived });
  const run = (cells: Record<string, CellInput>, lastYear: Figures, threshold?: number) => {
    const sheet = filledSheet('department', cells);
    return yoyProblems(cat, sheet, validateSheet(cat, sheet), lastYear, threshold);
  };

  it('warns when a figure more than doubles, quoting both years, and asks for a remark', () => {
    const problems = run({ 'reg.ns_issued': 24 }, last({ 'reg.ns_issued': 10 }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ rule: 'YOY', severity: 'warning', codes: ['reg.ns_issued'], cells: [refOf('reg.ns_issued')] });
    expect(problems[0].message).toBe(
      `指标填报!${refOf('reg.ns_issued').address}【本年度制发行政规范性文件数】本年 24 件，上年 10 件，增加 14 件（+140%），变化幅度超过 ±50%。请核实数据；确属实的，请在备注栏说明原因。`,
    );
  });

  it('warns on a fall beyond the threshold, not on one within it', () => {
    expect(run({ 'reg.ns_issued': 4 }, last({ 'reg.ns_issued': 10 }))[0].message).toContain('减少 6 件（−60%）');
    expect(run({ 'reg.ns_issued': 5 }, last({ 'reg.ns_issued': 10 }))).toEqual([]);
    expect(run({ 'reg.ns_issued': 15 }, last({ 'reg.ns_issued': 10 }))).toEqual([]);
  });

  it('warns when a figure goes from 0 to non-zero by at least the minimum (件: 5), but not 0 to 0', () => {
    const [p] = run({ 'reg.ns_issued': 6 }, last({ 'reg.ns_issued': 0 }));
    expect(p.severity).toBe('warning');
    expect(p.message).toContain('本年 6 件，上年为 0 件。');
    expect(run({ 'reg.ns_issued': 3 }, last({ 'reg.ns_issued': 0 }))).toEqual([]);
    expect(run({ 'reg.ns_issued': 0 }, last({ 'reg.ns_issued': 0 }))).toEqual([]);
  });

  it('turns the finding into info when the row has a remark', () => {
    const [p] = run({ 'reg.ns_issued': withRemark(30, '新增专项清理工作') }, last({ 'reg.ns_issued': 10 }));
    expect(p.severity).toBe('info');
    expect(p.message).toContain('备注栏已说明：“新增专项清理工作”');
  });

  it('skips blanks on either side, booleans, text and header fields', () => {
    expect(run({ 'reg.ns_issued': null }, last({ 'reg.ns_issued': 10 }))).toEqual([]);
    expect(run({ 'reg.ns_issued': 10 }, last({}))).toEqual([]);
    expect(run({ 'meta.report_year': 2024, 'leader.shufa': '是' }, last({ 'meta.report_year': 2000, 'leader.shufa': false }))).toEqual([]);
  });

  it('respects a custom threshold', () => {
    expect(run({ 'reg.ns_issued': 120 }, last({ 'reg.ns_issued': 100 }), 0.1)).toHaveLength(1);
    expect(run({ 'reg.ns_issued': 120 }, last({ 'reg.ns_issued': 100 }), 0.25)).toEqual([]);
  });

  it('does not ask about a count that moved by less than its unit minimum, however large in percent', () => {
    // 1 → 3 件 is +200 % but 2 件 (minimum 5); 1,000 → 3,000 件 is asked about.
    expect(run({ 'reg.ns_issued': 3 }, last({ 'reg.ns_issued': 1 }))).toEqual([]);
    expect(run({ 'reg.ns_issued': 3000 }, last({ 'reg.ns_issued': 1000 }))).toHaveLength(1);
  });

  it("compares rates: this year's as checked, last year's as stored with it", () => {
    // 4/5 = 80 % now, 1/5 = 20 % last year.
    // 1 → 4 lost cases is only 3 more (minimum 5): the count is not asked about, the rate is.
    const problems = run({ 'litig.lost': 4, 'litig.concluded': 5 }, last({ 'litig.lost': 1, 'litig.concluded': 5 }, { 'litig.loss_rate': 20 }));
    expect(problems.map((p) => p.codes[0])).toEqual(['litig.loss_rate']);
    // A rate moves in 个百分点: 20 % → 80 % is 60 points up, not +300 %.
    expect(problems[0].message).toContain('本年 80%，上年 20%，提高 60 个百分点');
    expect(problems[0].message).not.toContain('300');
    // Last year's stored rate is what is compared, not one recomputed from its inputs: 70 % → 80 % is no swing.
    expect(run({ 'litig.lost': 4, 'litig.concluded': 5 }, last({ 'litig.lost': 1, 'litig.concluded': 5 }, { 'litig.loss_rate': 70 }))).toEqual([]);
  });

  it('a rate exactly 50 % up is no swing, in the upload as in rollups', () => {
    // 7/10 = 70 % now, 7/15 = 46.67 % last year: +50 % exactly; the counts did not move by more than 50 %.
    expect(run({ 'litig.lost': 7, 'litig.concluded': 10 }, last({ 'litig.lost': 7, 'litig.concluded': 15 }, { 'litig.loss_rate': (7 / 15) * 100 }))).toEqual([]);
  });

  it('only looks at indicators that apply to the unit type', () => {
    const current = { values: { 'recon.accepted': 50 }, derived: {} };
    const lastYear = last({ 'recon.accepted': 10 });
    expect(yoyProblems(cat, filledSheet('department', {}), current, lastYear)).toEqual([]);
    expect(yoyProblems(cat, filledSheet('district_gov', {}), current, lastYear).map((p) => p.codes[0])).toEqual(['recon.accepted']);
  });

  it('a complete sheet against itself has no swings', () => {
    const sheet = validSheet('district_gov');
    const checked = validateSheet(cat, sheet);
    expect(yoyProblems(cat, sheet, checked, { values: validInputs('district_gov'), derived: checked.derived })).toEqual([]);
  });
});
