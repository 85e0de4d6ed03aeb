import { maskSpans, overlapsMask, yearsNamed } from './mask';
import { scanNumbers } from './numerals';

/** The numbers of a text that no mask covers. */
const counts = (text: string) => {
  const masks = maskSpans(text);
  return scanNumbers(text)
    .filter((t) => !overlapsMask(masks, t.start, t.end))
    .map((t) => t.value);
};

describe('maskSpans', () => {
  it('masks years, dates and year ranges', () => {
    expect(counts('2023年，全区共审结60件')).toEqual([60]);
    expect(counts('《纲要（2021－2025年）》')).toEqual([]);
    expect(counts('截至12月31日共有8个')).toEqual([8]);
    expect(counts('二〇二三年三月')).toEqual([]);
  });

  it('masks titles, short quoted names and ordinals', () => {
    expect(counts('入选《2023年十佳案例》')).toEqual([]);
    expect(counts('推出40个“一件事一次办”场景')).toEqual([40]);
    expect(counts('“4·15”全民国家安全教育日')).toEqual([]);
    expect(counts('第三批示范创建，第1名')).toEqual([]);
  });

  it('masks enumerators, congresses, plans, versions and frequencies', () => {
    expect(counts('一是建立机制；（二）加强培训')).toEqual([]);
    expect(counts('学习党的二十大和十九届三中全会精神')).toEqual([]);
    expect(counts('十四五规划')).toEqual([]);
    expect(counts('实施规范（2023版）和V2.0平台')).toEqual([]);
    expect(counts('街道调委会每半月一次排查')).toEqual([]);
  });

  it('masks counts of categories but keeps the count beside them', () => {
    expect(counts('明确6个方面、3大领域')).toEqual([]);
    expect(counts('推出12类39项证照联办事项')).toEqual([39]);
    expect(counts('二级指标12项任务')).toEqual([12]);
  });
});

describe('yearsNamed', () => {
  it('lists the four-digit years followed by 年', () => {
    const text = '2022年共办理30件，2023年';
    expect(yearsNamed(text, 0, text.length)).toEqual([2022, 2023]);
  });
});
