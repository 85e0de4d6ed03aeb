import { parseChineseNumeral, scanNumbers } from './numerals';

describe('parseChineseNumeral', () => {
  it.each([
    ['三十二', 32],
    ['两千三百', 2300],
    ['一百零五', 105],
    ['十', 10],
    ['十二', 12],
    ['九十九', 99],
    ['三万五千', 35000],
    ['一亿二千万', 120000000],
    ['二〇二三', 2023],
  ])('%s is %d', (s, v) => expect(parseChineseNumeral(s)).toBe(v));

  it.each(['十四五', '三四', '万', '百二', ''])('%s is no numeral', (s) => expect(parseChineseNumeral(s)).toBeUndefined());
});

describe('scanNumbers', () => {
  const one = (text: string) => {
    const tokens = scanNumbers(text);
    expect(tokens).toHaveLength(1);
    return tokens[0];
  };

  it('reads digits, grouped digits and 万/亿 multipliers', () => {
    expect(one('审结60 件').value).toBe(60);
    expect(one('共2,900人').value).toBe(2900);
    expect(one('涉及金额1.33亿元').value).toBe(133000000);
    expect(one('3万余人').value).toBe(30000);
  });

  it('reads Chinese numerals and percentages', () => {
    expect(one('召开三十二次').value).toBe(32);
    const pct = one('合格率达百分之九十九');
    expect(pct).toMatchObject({ value: 99, percent: true });
    expect(one('参考率100%')).toMatchObject({ value: 100, percent: true });
  });

  it('marks 约, 余 and 多 as approximate and says where the measure word starts', () => {
    const text = '涵盖2900余人';
    const t = one(text);
    expect(t).toMatchObject({ value: 2900, approx: true });
    expect(text.slice(t.after)).toBe('人');
    expect(one('约50家').approx).toBe(true);
    expect(one('100多人').approx).toBe(true);
    expect(one('审结60件').approx).toBe(false);
  });

  it('gives offsets of the numeral itself', () => {
    const text = '全区共审结行政复议案件60 件';
    const t = one(text);
    expect(text.slice(t.start, t.end)).toBe('60');
  });

  it('skips vague numbers, codes and runs that are no numeral', () => {
    expect(scanNumbers('数十家单位')).toEqual([]);
    expect(scanNumbers('GB2312编码')).toEqual([]);
    expect(scanNumbers('十四五规划')).toEqual([]);
  });
});
