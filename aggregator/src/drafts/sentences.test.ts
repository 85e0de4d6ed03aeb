import type { CountTrueFigure, Figure, RatioFigure, SumFigure } from '../rollup';
import { formatCount, formatRate, yoyOf } from './numbers';
import type { Sentence } from './phrases';
import { clauseText, incompleteNote, renderSentence } from './sentences';

// Figures written out by hand, as the rollup would give them for a district of 4 units.
const base = { unit: '件', expected: 4, reported: 4, missing: 0, returned: 0, blank: 0, incomplete: false, reason_zh: null, last: null, lastIncomplete: false, change: null };
const sum = (code: string, value: number | null, extra: Partial<SumFigure> = {}): SumFigure => ({ ...base, code, name_zh: code, aggregation: 'sum', value, ...extra });
const rate = (code: string, value: number | null, extra: Partial<RatioFigure> = {}): RatioFigure => ({
  ...base,
  code,
  name_zh: code,
  unit: '%',
  aggregation: 'ratio',
  value,
  numerator: { code: 'n', name_zh: '分子', value: null, incomplete: false, missing: 0, blank: 0 },
  denominator: { code: 'd', name_zh: '分母', value: null, incomplete: false, missing: 0, blank: 0 },
  ...extra,
});
const share = (code: string, trueCount: number, falseCount: number, expected = 4, extra: Partial<CountTrueFigure> = {}): CountTrueFigure => ({
  ...base,
  code,
  name_zh: code,
  unit: '家',
  expected,
  aggregation: 'count_true',
  value: trueCount,
  share: (trueCount / expected) * 100,
  trueCount,
  falseCount,
  blankCount: expected - trueCount - falseCount,
  text_zh: '',
  ...extra,
});
const figures = (...list: Figure[]) => Object.fromEntries(list.map((f) => [f.code, f]));

const RECON: Sentence = {
  clauses: [
    { code: 'accepted', text: '共受理行政复议案件{value}件', zero: '未受理行政复议案件', yoy: true },
    { code: 'carried', text: '上年结转{value}件', zero: null },
    { code: 'closed', text: '审结{value}件', zero: '未审结行政复议案件' },
    { code: 'revoked', text: '其中撤销、变更{value}件', zero: null, requires: 'closed' },
    { code: 'rate', text: '直接纠错率{value}%', requires: 'closed', yoy: true },
  ],
};
const text = (s: Sentence, f: Record<string, Figure>, scope = '全区') => renderSentence(s, f, scope)?.segments.map((x) => x.text).join('') ?? null;

describe('numbers as a 公文 writes them', () => {
  it('Arabic numerals without thousands separators; rates to one decimal', () => {
    expect(formatCount(1423)).toBe('1423');
    expect(formatCount(1234567)).toBe('1234567');
    expect(formatCount(62.51)).toBe('62.51');
    expect(formatRate(89 / 1390 * 100)).toBe('6.4');
    expect(formatRate(100)).toBe('100');
    expect(formatRate(7.0922)).toBe('7.1');
  });

  it('同比 of a count in percent, of a rate in 个百分点, only when both years are complete', () => {
    // 1423 against 1623: (1423 − 1623) / 1623 = −12.32 %.
    expect(yoyOf(sum('a', 1423, { last: 1623 })).phrase).toBe('同比下降12.3%');
    expect(yoyOf(sum('a', 110, { last: 100 })).phrase).toBe('同比增长10%');
    expect(yoyOf(sum('a', 100, { last: 100 })).phrase).toBe('与上年持平');
    expect(yoyOf(sum('a', 10001, { last: 10000 })).phrase).toBe('与上年基本持平');
    // 26.13 % → 44.53 %: +18.4 points, not +70.4 %.
    expect(yoyOf(rate('r', 44.53, { last: 26.13 })).phrase).toBe('同比提高18.4个百分点');
    expect(yoyOf(rate('r', 7.1, { last: 8.35 })).phrase).toBe('同比下降1.3个百分点');
    expect(yoyOf(sum('a', 5, { last: 0 }))).toEqual({ phrase: null, label: '上年为0' });
    expect(yoyOf(sum('a', 5))).toEqual({ phrase: null, label: '无上年数据' });
    expect(yoyOf(sum('a', 5, { last: 4, incomplete: true }))).toEqual({ phrase: null, label: '本年不完整，未比较' });
    expect(yoyOf(sum('a', 5, { last: 4, lastIncomplete: true }))).toEqual({ phrase: null, label: '上年不完整，未比较' });
    // 是/否: 3 of 4 units = 75 % against last year's 50 % (its share of 是): +25 个百分点.
    expect(yoyOf(share('b', 3, 1, 4, { last: 50 }))).toEqual({ phrase: null, label: '“是”的占比比上年提高25个百分点' });
    expect(yoyOf(share('b', 2, 2, 4, { last: 50 }))).toEqual({ phrase: null, label: '“是”的占比与上年持平' });
  });
});

describe('renderSentence', () => {
  it('writes the sentence of the issue with its numbers and 同比', () => {
    const f = figures(sum('accepted', 1423, { last: 1623 }), sum('carried', 0), sum('closed', 1390), sum('revoked', 89), rate('rate', 6.4029, { last: 5.2 }));
    expect(text(RECON, f)).toBe('全区共受理行政复议案件1423件，同比下降12.3%，审结1390件，其中撤销、变更89件，直接纠错率6.4%，同比提高1.2个百分点。');
    expect(renderSentence(RECON, f, '全区')!.codes).toEqual(['accepted', 'closed', 'revoked', 'rate']);
  });

  it('leaves out a blank clause whole, and a clause whose parent is blank or 0', () => {
    const f = figures(sum('accepted', 30), sum('carried', null), sum('closed', null), sum('revoked', 2), rate('rate', null));
    expect(text(RECON, f)).toBe('全区共受理行政复议案件30件。');
    expect(text(RECON, figures(sum('accepted', null), sum('closed', 0), sum('revoked', 0), rate('rate', null)))).toBe('全区未审结行政复议案件。');
  });

  it('leaves out a sentence whose every clause is blank or not applicable', () => {
    expect(renderSentence(RECON, figures(sum('accepted', 12, { expected: 0 }), sum('closed', null)), '本单位')).toBeNull();
    expect(renderSentence(RECON, {}, '全区')).toBeNull();
  });

  it('0 takes the 无/未发生 wording; x = y takes 全部', () => {
    const filed: Sentence = {
      clauses: [
        { code: 'issued', text: '制发行政规范性文件{value}件', zero: '本年度未制发行政规范性文件' },
        { code: 'filed', text: '按规定报送备案{value}件', zero: '均未按规定报送备案', full: '全部按规定报送备案', of: 'issued', requires: 'issued' },
        { code: 'rate', text: '报备率{value}%', requires: 'issued', full: '报备率达到100%' },
      ],
    };
    expect(text(filed, figures(sum('issued', 12), sum('filed', 12), rate('rate', 100)), '本单位')).toBe('本单位制发行政规范性文件12件，全部按规定报送备案，报备率达到100%。');
    expect(text(filed, figures(sum('issued', 12), sum('filed', 9), rate('rate', 75)), '本单位')).toBe('本单位制发行政规范性文件12件，按规定报送备案9件，报备率75%。');
    expect(text(filed, figures(sum('issued', 0), sum('filed', 0), rate('rate', null)), '本单位')).toBe('本单位本年度未制发行政规范性文件。');
  });

  it('是/否: the share of units, 全部 or 均未, and a unit answering for itself', () => {
    const lectured: Sentence = {
      clauses: [{ code: 'l', text: '{units}家单位中{count}家主要负责人带头讲授法治课', full: '{units}家单位主要负责人均带头讲授法治课', zero: '各单位主要负责人均未讲授法治课', yes: '主要负责人带头讲授法治课', no: '主要负责人本年度未讲授法治课' }],
    };
    expect(text(lectured, figures(share('l', 58, 11, 69)), '全市')).toBe('全市69家单位中58家主要负责人带头讲授法治课。');
    expect(text(lectured, figures(share('l', 4, 0)))).toBe('全区4家单位主要负责人均带头讲授法治课。');
    expect(text(lectured, figures(share('l', 0, 4)))).toBe('全区各单位主要负责人均未讲授法治课。');
    expect(text(lectured, figures(share('l', 1, 0, 1)), '本单位')).toBe('本单位主要负责人带头讲授法治课。');
    expect(text(lectured, figures(share('l', 0, 1, 1)), '本单位')).toBe('本单位主要负责人本年度未讲授法治课。');
    expect(text(lectured, figures(share('l', 0, 0, 1)), '本单位')).toBeNull();
  });

  it('ends with a note for the drafter when a figure is incomplete', () => {
    const f = figures(sum('accepted', 1423, { incomplete: true, reason_zh: '3家未报送', last: 1000 }), sum('closed', 1390, { incomplete: true, reason_zh: '3家未报送' }));
    // No 同比 from an incomplete total: the fall might be the missing units.
    expect(text(RECON, f)).toBe('全区共受理行政复议案件1423件，审结1390件【待核：3家未报送】。');
    // The reason most figures share, then the others by name.
    const mixed = [
      sum('a', 1, { name_zh: '受理数', incomplete: true, reason_zh: '1家未报送、2家空白' }),
      sum('b', 1, { name_zh: '审结数', incomplete: true, reason_zh: '1家未报送' }),
      sum('c', 1, { name_zh: '败诉数', incomplete: true, reason_zh: '1家未报送' }),
      sum('d', 1),
    ];
    expect(incompleteNote(mixed)).toBe('【待核：1家未报送；受理数1家未报送、2家空白】');
    expect(incompleteNote(mixed.slice(0, 2))).toBe('【待核：1家未报送、2家空白；审结数1家未报送】');
    expect(incompleteNote([sum('a', 1)])).toBeNull();
  });

  it('yoy only where the clause asks for it', () => {
    const c = { code: 'closed', text: '审结{value}件', zero: null };
    expect(clauseText(c, figures(sum('closed', 20, { last: 10 })))).toBe('审结20件');
    expect(clauseText({ ...c, yoy: true }, figures(sum('closed', 20, { last: 10 })))).toBe('审结20件，同比增长100%');
  });
});

it('rounds half away from zero as a reader does, despite binary fractions', () => {
  expect(formatRate(8.35)).toBe('8.4');
  expect(formatRate(1.005 * 100)).toBe('100.5');
  expect(yoyOf(rate('r', 8.35, { last: 7.1 })).phrase).toBe('同比提高1.3个百分点');
});
