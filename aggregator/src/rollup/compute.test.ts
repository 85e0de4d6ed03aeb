import { goldenInput } from '../../../test/support/rollup-fixtures';
import { computeRollup } from './compute';
import type { CountTrueFigure, Figure, MaxFigure, OnTimeFigure, RatioFigure, Rollup, SumFigure, TextListFigure } from './types';

function figure<T extends Figure>(rollup: Rollup, group: string, code: string): T {
  const g = rollup.groups.find((x) => x.code === group);
  if (!g) throw new Error(`no group ${group}`);
  return g.figures[code] as T;
}

describe('computeRollup on the golden set (all eight units submitted)', () => {
  const rollup = computeRollup(goldenInput());

  it('forms the city, each district and the 市级部门, districts holding only their own units', () => {
    expect(rollup.groups.map((g) => [g.code, g.name, g.unitCodes])).toEqual([
      ['city', '全市', ['A0', 'A1', 'A2', 'B0', 'B1', 'B2', 'C1', 'C2']],
      ['120101', '和平区', ['A0', 'A1', 'A2']],
      ['120104', '南开区', ['B0', 'B1', 'B2']],
      ['city_departments', '市级部门', ['C1', 'C2']],
    ]);
  });

  it('sums counts up the hierarchy, 市级部门 in the city total but in no district', () => {
    // reg.ns_issued: 和平区 5+3+0 = 8; 南开区 4+2+1 = 7; 市级部门 10+7 = 17; city 8+7+17 = 32.
    expect(figure<SumFigure>(rollup, '120101', 'reg.ns_issued')).toMatchObject({ value: 8, expected: 3, incomplete: false, reason_zh: null });
    expect(figure<SumFigure>(rollup, '120104', 'reg.ns_issued').value).toBe(7);
    expect(figure<SumFigure>(rollup, 'city_departments', 'reg.ns_issued').value).toBe(17);
    expect(figure<SumFigure>(rollup, 'city', 'reg.ns_issued')).toMatchObject({ value: 32, expected: 8, reported: 8 });
  });

  it('recomputes a rate from summed parts instead of averaging unit rates', () => {
    // 和平区 exam pass rate: A0 9000/10000 (90%), A1 50/50 (100%), A2 0/0 (no rate).
    // Averaging would give (90+100)/2 = 95; the right figure is (9000+50+0)/(10000+50+0) = 9050/10050.
    const he = figure<RatioFigure>(rollup, '120101', 'learn.exam_pass_rate');
    expect(he.value).toBeCloseTo((9050 / 10050) * 100, 4);
    expect(he.value).toBeCloseTo(90.05, 2);
    expect(he.numerator).toMatchObject({ code: 'learn.exam_passed', value: 9050 });
    expect(he.denominator).toMatchObject({ code: 'learn.exam_participants', value: 10050 });
    // 南开区 800+100+90 = 990 over 1000+100+100 = 1200 → 82.5; 市级部门 270+200 = 470 over 300+200 = 500 → 94.
    expect(figure<RatioFigure>(rollup, '120104', 'learn.exam_pass_rate').value).toBeCloseTo(82.5, 4);
    expect(figure<RatioFigure>(rollup, 'city_departments', 'learn.exam_pass_rate').value).toBeCloseTo(94, 4);
    // City: (9050+990+470)/(10050+1200+500) = 10510/11750.
    expect(figure<RatioFigure>(rollup, 'city', 'learn.exam_pass_rate').value).toBeCloseTo((10510 / 11750) * 100, 4);
  });

  it('builds a ratio on a derived numerator (recon.corrected) from the district governments only', () => {
    // A0 corrected 6+2+1 = 9 of 100 closed; B0 3+1+0 = 4 of 60. City 13/160 × 100 = 8.125.
    expect(figure<SumFigure>(rollup, '120101', 'recon.corrected').value).toBe(9);
    expect(figure<RatioFigure>(rollup, '120104', 'recon.correction_rate').value).toBeCloseTo((4 / 60) * 100, 4);
    const city = figure<RatioFigure>(rollup, 'city', 'recon.correction_rate');
    expect(city.value).toBeCloseTo(8.125, 6);
    expect(city.numerator.value).toBe(13);
    expect(city.denominator.value).toBe(160);
  });

  it('counts a district_gov figure once, from the 区人民政府 sheet, ignoring a department’s stray value', () => {
    // recon.accepted: A0 120, B0 80; A1's 999 is on a 区级部门 sheet (R27) and must not be added.
    expect(figure<SumFigure>(rollup, '120101', 'recon.accepted')).toMatchObject({ value: 120, expected: 1 });
    expect(figure<SumFigure>(rollup, 'city', 'recon.accepted')).toMatchObject({ value: 200, expected: 2 });
    expect(figure<SumFigure>(rollup, 'city_departments', 'recon.accepted')).toMatchObject({ value: null, expected: 0, incomplete: false });
  });

  it('rolls 是/否 up as x of y, a blank counted neither as 是 nor as 否', () => {
    // leader.lectured: 和平区 A0 是, A1 否, A2 blank → 1 of 3, incomplete.
    const he = figure<CountTrueFigure>(rollup, '120101', 'leader.lectured');
    expect(he).toMatchObject({ trueCount: 1, falseCount: 1, blankCount: 1, expected: 3, incomplete: true, reason_zh: '1家空白' });
    expect(he.text_zh).toBe('1/3家为“是”（1家空白）');
    // City: 是 = A0, B0, B1, C1 = 4; 否 = A1, B2, C2 = 3; blank = A2 = 1; of 8.
    expect(figure<CountTrueFigure>(rollup, 'city', 'leader.lectured')).toMatchObject({ trueCount: 4, falseCount: 3, blankCount: 1, expected: 8 });
  });

  it('counts the units that sent their report by the deadline, and takes the largest list size; blanks in a shared list do not make it incomplete', () => {
    // Dates: A0 02-20, A1 02-27, A2 01-15, all by R29's 2025-03-01 → 3/3 家按期 (not the latest date);
    // B0 02-28 is the city's latest, and every golden unit sent by 3月1日: 8/8.
    expect(figure<OnTimeFigure>(rollup, '120101', 'meta.report_submitted_date')).toMatchObject({ value: 3, onTime: 3, late: 0, expected: 3, latest: '2025-02-27', deadline: '2025-03-01', ruleId: 'R29' });
    expect(figure<OnTimeFigure>(rollup, 'city', 'meta.report_submitted_date')).toMatchObject({ value: 8, expected: 8, latest: '2025-02-28', text_zh: '8/8家按期（2025年3月1日前）' });
    // func.license_items: only A0 (800) and C2 (1200) fill it; the city figure is 1200, not 2000.
    // A list is read off the 区人民政府 and the 市级部门 (erratum 2024.1-E1): the 区级部门 A1, A2, B1, B2
    // are not counted, so of A0, B0, C1, C2 the blanks are B0 and C1.
    expect(figure<MaxFigure>(rollup, 'city', 'func.license_items')).toMatchObject({ value: 1200, fromUnits: ['C2'], incomplete: false, blank: 2 });
    expect(figure<MaxFigure>(rollup, '120101', 'func.license_items').value).toBe(800);
  });

  it('lists narrative texts by unit', () => {
    const items = figure<TextListFigure>(rollup, '120101', 'narr.summary').items;
    expect(items.map((i) => [i.unitCode, i.text])).toEqual([
      ['A0', '=1+1 和平区全年推进法治政府建设'],
      ['A1', '@SUM(A1) 司法局综述'],
      ['A2', '-2'],
    ]);
  });

  it('reports completeness per group and no YoY when no last year was given', () => {
    expect(rollup.groups[0].completeness).toMatchObject({ expected: 8, submitted: 8, missing: 0, byStatus: { accepted: 8 } });
    expect(rollup.lastYear).toBeNull();
    expect(figure<SumFigure>(rollup, 'city', 'reg.ns_issued')).toMatchObject({ last: null, change: null });
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(rollup))).toEqual(rollup);
  });
});

describe('computeRollup with a unit missing and a submission not yet accepted', () => {
  const rollup = computeRollup(goldenInput({ omit: ['B2'], statuses: { C1: 'pending' } }));

  it('marks the district and city totals incomplete and says why; other districts stay complete', () => {
    // 南开区 without B2: 4+2 = 6, incomplete; city 8+6+17 = 31, incomplete; 和平区 still 8, complete.
    expect(figure<SumFigure>(rollup, '120104', 'reg.ns_issued')).toMatchObject({ value: 6, missing: 1, incomplete: true, reason_zh: '1家未报送' });
    expect(figure<SumFigure>(rollup, 'city', 'reg.ns_issued')).toMatchObject({ value: 31, incomplete: true, reason_zh: '1家未报送' });
    expect(figure<SumFigure>(rollup, '120101', 'reg.ns_issued')).toMatchObject({ value: 8, incomplete: false });
    // A ratio is incomplete when a part is: 南开区 (800+100)/(1000+100) without B2.
    const rate = figure<RatioFigure>(rollup, '120104', 'learn.exam_pass_rate');
    expect(rate.value).toBeCloseTo((900 / 1100) * 100, 4);
    expect(rate.incomplete).toBe(true);
    // City leader.lectured: 1 missing and 1 blank, both named.
    expect(figure<CountTrueFigure>(rollup, 'city', 'leader.lectured').reason_zh).toBe('1家未报送、1家空白');
  });

  it('lists expected, submitted and missing units and status counts', () => {
    const nankai = rollup.groups.find((g) => g.code === '120104')!.completeness;
    expect(nankai).toMatchObject({ expected: 3, submitted: 2, missing: 1, missingUnits: [{ code: 'B2', name: '南开区政府研究室' }] });
    expect(rollup.groups[0].completeness.byStatus).toEqual({ accepted: 6, pending: 1 });
  });

  it('puts the missing unit, the blank and the pending submission in the findings', () => {
    const kinds = rollup.findings.map((f) => [f.kind, f.groupCode, f.indicatorCode ?? f.unitCode]);
    expect(kinds).toContainEqual(['missing_units', '120104', null]);
    expect(kinds).toContainEqual(['not_accepted', 'city_departments', 'C1']);
    expect(kinds).toContainEqual(['incomplete', '120101', 'leader.lectured']);
    const blank = rollup.findings.find((f) => f.kind === 'incomplete' && f.indicatorCode === 'leader.lectured')!;
    expect(blank.message_zh).toContain('和平区市场监管局');
    expect(blank.message_zh).toContain('空白不计为“否”');
    expect(rollup.findings.find((f) => f.kind === 'not_accepted')!.message_zh).toContain('待审核');
  });
});

describe('computeRollup year on year', () => {
  const rollup = computeRollup(goldenInput({ withLastYear: true }));

  it('carries last year, the absolute and the relative change', () => {
    // 南开区 reg.ns_issued: last 2+1+1 = 4, now 7 → +3, +75%: beyond ±50%, but 3 件 is under the
    // 件 minimum of 5 (catalogue yoy_min_change), so it is no swing.
    expect(figure<SumFigure>(rollup, '120104', 'reg.ns_issued')).toMatchObject({ value: 7, last: 4, change: { abs: 3, pct: 75, swing: false, points: false } });
    // City: last 8+4+17 = 29, now 32 → +3, 3/29 = +10.34%: no swing.
    expect(figure<SumFigure>(rollup, 'city', 'reg.ns_issued')).toMatchObject({ last: 29, change: { abs: 3, pct: 10.34, swing: false } });
    expect(figure<SumFigure>(rollup, '120101', 'reg.ns_issued').change).toEqual({ abs: 0, pct: 0, swing: false, points: false });
    expect(rollup.lastYear).toBe(2023);
  });

  it('flags 0 → non-zero as a swing with no percentage', () => {
    // emer.rescue_teams 和平区: A0 0 → 3.
    expect(figure<SumFigure>(rollup, '120101', 'emer.rescue_teams')).toMatchObject({ last: 0, change: { abs: 3, pct: null, swing: true } });
  });

  it('lists exactly the designed swings as findings', () => {
    const swings = rollup.findings.filter((f) => f.kind === 'yoy_swing').map((f) => [f.groupCode, f.indicatorCode]);
    // City rescue teams: last 0+2 = 2, now 3+2 = 5 → +150%, also a swing.
    expect(swings.sort()).toEqual(
      [
        ['120101', 'emer.rescue_teams'],
        ['city', 'emer.rescue_teams'],
      ].sort(),
    );
    const msg = rollup.findings.find((f) => f.kind === 'yoy_swing' && f.groupCode === 'city')!.message_zh;
    expect(msg).toContain('（emer.rescue_teams）同比变化较大：上年2支，本年5支，同比+150.00%；请核实数据口径或在报告中说明原因。');
  });

  it('does not report swings of a total that is short of a unit', () => {
    const short = computeRollup(goldenInput({ withLastYear: true, omit: ['B2'] }));
    // 南开区 reg.ns_issued: 4 → 6 without B2 is +50%; other filler figures drop by a third or more.
    expect(short.findings.filter((f) => f.kind === 'yoy_swing' && f.groupCode === '120104')).toEqual([]);
    expect(short.findings.filter((f) => f.kind === 'yoy_swing' && f.groupCode === '120101').map((f) => f.indicatorCode)).toEqual(['emer.rescue_teams']);
    expect(figure<SumFigure>(short, '120104', 'leader.party_meetings').change?.swing).toBe(true);
  });

  it('honours a custom threshold', () => {
    // Last year B0 issued 0: 南开区 0+1+1 = 2 → 7 (+5, +250%), the city 8+2+17 = 27 → 32 (+5, +18.52%).
    const input = goldenInput({ withLastYear: true });
    input.lastYear!.submissions.find((s) => s.unitCode === 'B0')!.values['reg.ns_issued'] = 0;
    expect(figure<SumFigure>(computeRollup(input), 'city', 'reg.ns_issued').change).toEqual({ abs: 5, pct: 18.52, swing: false, points: false });
    // ±10%: +18.52% and 5 件 (the minimum) is a swing.
    const strict = computeRollup({ ...input, yoyThreshold: 0.1 });
    expect(figure<SumFigure>(strict, 'city', 'reg.ns_issued').change?.swing).toBe(true);
    expect(figure<SumFigure>(strict, '120104', 'reg.ns_issued').change).toEqual({ abs: 5, pct: 250, swing: true, points: false });
  });

  it('a group with no submission last year has no last-year figure (无上年数据), not 0', () => {
    // 南开区 sent nothing in 2023: its 是/否 and count figures have last = null and no change.
    const input = goldenInput({ withLastYear: true });
    input.lastYear!.submissions = input.lastYear!.submissions.filter((s) => !['B0', 'B1', 'B2'].includes(s.unitCode));
    const noLast = computeRollup(input);
    expect(figure<CountTrueFigure>(noLast, '120104', 'leader.lectured')).toMatchObject({ trueCount: 2, last: null, change: null });
    expect(figure<SumFigure>(noLast, '120104', 'reg.ns_issued')).toMatchObject({ value: 7, last: null, change: null });
    // The city still compares (和平区 and 市级部门 sent): last year's total is short of 南开区, so marked incomplete.
    expect(figure<SumFigure>(noLast, 'city', 'reg.ns_issued')).toMatchObject({ last: 25, lastIncomplete: true });
  });

  it('compares a 是/否 figure as x/y against last year\'s x/y, and a rate in 个百分点', () => {
    // leader.lectured 2024: 和平区 A0 是, A1 否, A2 blank → 1/3 = 33.3333 % of the 3 units it applies to.
    // Last year all three 和平区 units said 是: 3/3 = 100 % → −66.67 个百分点 (−66.7 %), beyond ±50% and ≥ 10 points.
    const input = goldenInput({ withLastYear: true });
    for (const code of ['A1', 'A2']) input.lastYear!.submissions.find((s) => s.unitCode === code)!.values['leader.lectured'] = true;
    const r = computeRollup(input);
    expect(figure<CountTrueFigure>(r, '120101', 'leader.lectured')).toMatchObject({ trueCount: 1, share: 33.3333, last: 100, change: { abs: -66.67, pct: null, swing: true, points: true } });
    // learn.exam_pass_rate 和平区: (9000+50+0)/(10000+50+0) = 90.0498 %; last year identical → 0 points.
    expect(figure<RatioFigure>(r, '120101', 'learn.exam_pass_rate')).toMatchObject({ value: 90.0498, last: 90.0498, change: { abs: 0, pct: null, swing: false, points: true } });
    const lectured = r.findings.find((f) => f.kind === 'yoy_swing' && f.indicatorCode === 'leader.lectured' && f.groupCode === '120101');
    expect(lectured?.message_zh).toContain('“是”的占比上年100.00%，本年33.33%，下降66.67个百分点');
  });
});

describe('computeRollup input checks', () => {
  it('refuses a district unit without a district code', () => {
    const input = goldenInput();
    input.units = [...input.units, { code: 'X', name: '某区某局', unitType: 'department', level: 'district', districtCode: null, districtName: null }];
    expect(() => computeRollup(input)).toThrow(/所属区代码/);
  });

  it('reports a submission of an unknown unit instead of adding it', () => {
    const input = goldenInput();
    input.submissions = [...input.submissions, { ...input.submissions[0], unitCode: 'ZZ' }];
    const rollup = computeRollup(input);
    expect(rollup.findings[0]).toMatchObject({ kind: 'unknown_unit', unitCode: 'ZZ' });
    expect(figure<SumFigure>(rollup, 'city', 'reg.ns_issued').value).toBe(32);
  });
});

describe('computeRollup on figures that cannot be computed', () => {
  // Submissions stored before numbers were bounded may hold 1e308: two of them sum to Infinity, and
  // past 2^53 a double skips integers. Such a total has no value and is never complete.
  const input = goldenInput();
  const values = (unit: string) => input.submissions.find((s) => s.unitCode === unit)!.values;
  values('A0')['reg.ns_issued'] = 1e308;
  values('A1')['reg.ns_issued'] = 1e308;
  values('B1')['reg.ns_issued'] = 9007199254740990;
  values('B2')['reg.ns_issued'] = 9007199254740990;
  values('A0')['learn.exam_passed'] = 1e308;
  values('A1')['learn.exam_passed'] = 1e308;
  const rollup = computeRollup(input);

  it('an overflowing sum is null and incomplete, saying why', () => {
    for (const group of ['120101', '120104', 'city']) {
      expect([group, figure<SumFigure>(rollup, group, 'reg.ns_issued')]).toEqual([
        group,
        expect.objectContaining({ value: null, incomplete: true, reason_zh: '合计超出可精确计算的范围，无法汇总，请核对各单位的填报值' }),
      ]);
    }
    // 市级部门 (10 + 7) are untouched.
    expect(figure<SumFigure>(rollup, 'city_departments', 'reg.ns_issued')).toMatchObject({ value: 17, incomplete: false });
  });

  it('a rate over an overflowing part is null and incomplete, and so is the part', () => {
    const rate = figure<RatioFigure>(rollup, '120101', 'learn.exam_pass_rate');
    expect(rate).toMatchObject({ value: null, incomplete: true, numerator: { value: null, incomplete: true } });
    expect(rate.reason_zh).toContain('合计超出可精确计算的范围');
  });
});
