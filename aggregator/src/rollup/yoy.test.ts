import { yoyChange } from '../../../templates/src/core/yoy';
import { changeOf } from './yoy';

describe('changeOf: the rollup shows the core swing rule, it does not have its own', () => {
  it('shows the change rounded and the relative change in percent', () => {
    // 32 against 29: +3, 3/29 = 10.3448…% → 10.34.
    expect(changeOf(32, 29, 0.5)).toEqual({ abs: 3, pct: 10.34, swing: false, points: false });
    expect(changeOf(3, 0, 0.5)).toEqual({ abs: 3, pct: null, swing: true, points: false });
    // A rate: 26.13 % → 44.53 % is +18.4 个百分点 (not +70.42 %).
    expect(changeOf(44.53, 26.13, 0.5, 5, true)).toEqual({ abs: 18.4, pct: null, swing: true, points: true });
    // 1 → 3 件 is +200 % but under the minimum of 5: no swing.
    expect(changeOf(3, 1, 0.5, 5)).toEqual({ abs: 2, pct: 200, swing: false, points: false });
    expect(changeOf(null, 4, 0.5)).toBeNull();
  });

  it('flags +50.004 % as a swing, as the upload warning does (rounding to 0.01 % first used to hide it)', () => {
    expect(changeOf(150_004, 100_000, 0.5)).toEqual({ abs: 50_004, pct: 50, swing: true, points: false });
  });

  it('agrees with the upload rule on every case, the boundaries included', () => {
    const cases: [number, number, number][] = [
      [150, 100, 0.5],
      [151, 100, 0.5],
      [49.999, 100, 0.5],
      [(7 / 10) * 100, (7 / 15) * 100, 0.5],
      [12, 10, 0.2],
      [12.0001, 10, 0.2],
      [0, 0, 0.5],
      [0, 4, 0.5],
      [5, 0, 0.1],
    ];
    for (const [now, last, threshold] of cases) expect([now, last, threshold, changeOf(now, last, threshold)!.swing]).toEqual([now, last, threshold, yoyChange(now, last, threshold).swing]);
  });
});
