import { currentCatalogue } from './catalogue';
import type { CellValue } from './model';
import { validateSheet } from './validate';
import { yoyChange, yoyProblems } from './yoy';
import { filledSheet, refOf, validInputs, validSheet, withRemark } from '../../../test/support/sheet-builder';
import type { CellInput } from '../../../test/support/sheet-builder';

const cat = currentCatalogue();

describe('yoyChange', () => {
  it.each([
    [150, 100, 50, 0.5],
    [50, 100, -50, -0.5],
    [100, 100, 0, 0],
    [5, 0, 5, null],
    [0, 0, 0, null],
    [null, 100, null, null],
    [100, null, null, null],
  ])('current %p, last %p → abs %p, pct %p', (current, last, abs, pct) => {
    expect(yoyChange(current, last)).toEqual({ abs, pct });
  });
});

describe('yoyProblems', () => {
  const run = (cells: Record<string, CellInput>, lastYear: Record<string, CellValue | null>, threshold?: number) => {
    const sheet = filledSheet('department', cells);
    return yoyProblems(cat, sheet, validateSheet(cat, sheet), lastYear, threshold);
  };

  it('warns when a figure more than doubles, quoting both years, and asks for a remark', () => {
    const problems = run({ 'reg.ns_issued': 24 }, { 'reg.ns_issued': 10 });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ rule: 'YOY', severity: 'warning', codes: ['reg.ns_issued'], cells: [refOf('reg.ns_issued')] });
    expect(problems[0].message).toBe(
      `指标填报!${refOf('reg.ns_issued').address}【本年度制发行政规范性文件数】本年 24 件，上年 10 件，增加 14 件（+140%），变化幅度超过 ±50%。请核实数据；确属实的，请在备注栏说明原因。`,
    );
  });

  it('warns on a fall beyond the threshold, not on one within it', () => {
    expect(run({ 'reg.ns_issued': 4 }, { 'reg.ns_issued': 10 })[0].message).toContain('减少 6 件（−60%）');
    expect(run({ 'reg.ns_issued': 5 }, { 'reg.ns_issued': 10 })).toEqual([]);
    expect(run({ 'reg.ns_issued': 15 }, { 'reg.ns_issued': 10 })).toEqual([]);
  });

  it('warns when a figure goes from 0 to non-zero, but not 0 to 0', () => {
    const [p] = run({ 'reg.ns_issued': 3 }, { 'reg.ns_issued': 0 });
    expect(p.severity).toBe('warning');
    expect(p.message).toContain('本年 3 件，上年为 0 件。');
    expect(run({ 'reg.ns_issued': 0 }, { 'reg.ns_issued': 0 })).toEqual([]);
  });

  it('turns the finding into info when the row has a remark', () => {
    const [p] = run({ 'reg.ns_issued': withRemark(30, '新增专项清理工作') }, { 'reg.ns_issued': 10 });
    expect(p.severity).toBe('info');
    expect(p.message).toContain('备注栏已说明：“新增专项清理工作”');
  });

  it('skips blanks on either side, booleans, text and header fields', () => {
    expect(run({ 'reg.ns_issued': null }, { 'reg.ns_issued': 10 })).toEqual([]);
    expect(run({ 'reg.ns_issued': 10 }, {})).toEqual([]);
    expect(run({ 'meta.report_year': 2024, 'leader.shufa': '是' }, { 'meta.report_year': 2000, 'leader.shufa': false })).toEqual([]);
  });

  it('respects a custom threshold', () => {
    expect(run({ 'reg.ns_issued': 12 }, { 'reg.ns_issued': 10 }, 0.1)).toHaveLength(1);
    expect(run({ 'reg.ns_issued': 12 }, { 'reg.ns_issued': 10 }, 0.25)).toEqual([]);
  });

  it('compares rates, recomputing last year from its inputs', () => {
    const problems = run({ 'litig.lost': 4, 'litig.concluded': 5 }, { 'litig.lost': 1, 'litig.concluded': 5 });
    const codes = problems.map((p) => p.codes[0]);
    expect(codes).toEqual(['litig.lost', 'litig.loss_rate']);
    expect(problems[1].message).toContain('本年 80%，上年 20%');
  });

  it('only looks at indicators that apply to the unit type', () => {
    const current = { values: { 'recon.accepted': 50 }, derived: {} };
    const lastYear = { 'recon.accepted': 10 };
    expect(yoyProblems(cat, filledSheet('department', {}), current, lastYear)).toEqual([]);
    expect(yoyProblems(cat, filledSheet('district_gov', {}), current, lastYear).map((p) => p.codes[0])).toEqual(['recon.accepted']);
  });

  it('a complete sheet against itself has no swings', () => {
    const sheet = validSheet('district_gov');
    expect(yoyProblems(cat, sheet, validateSheet(cat, sheet), validInputs('district_gov'))).toEqual([]);
  });
});
