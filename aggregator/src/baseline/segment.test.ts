import { segment } from './segment';

const WORDS = { gaps: ['不足', '问题'], plans: ['安排', '思路'] };

describe('segment', () => {
  const text = [
    '一、2023年主要工作成效',
    '（一）重点任务全面落实。全年承担12项任务，全部完成；审结60件！',
    '三、存在的不足',
    '部分单位认识不足。',
    '四、2024年工作思路',
    '完成《规划（试行，2024年）》任务：培训3次。',
  ].join('\n');
  const sentences = segment(text, WORDS);
  const said = sentences.map((s) => text.slice(s.start, s.end));

  it('splits sentences on 。；！？ and keeps brackets whole', () => {
    expect(said).toContain('全年承担12项任务，全部完成');
    expect(said).toContain('审结60件');
    expect(said).toContain('完成《规划（试行，2024年）》任务：培训3次');
  });

  it('splits clauses on ，and ：', () => {
    const s = sentences.find((x) => text.slice(x.start, x.end).startsWith('全年承担'))!;
    expect(s.clauses.map((c) => text.slice(c.start, c.end))).toEqual(['全年承担12项任务', '全部完成']);
    const plan = sentences.find((x) => text.slice(x.start, x.end).startsWith('完成《'))!;
    expect(plan.clauses.map((c) => text.slice(c.start, c.end))).toEqual(['完成《规划（试行，2024年）》任务', '培训3次']);
  });

  it('tells facts from shortcomings and plans by the top-level headings', () => {
    const partOf = (start: string) => sentences.find((x) => text.slice(x.start, x.end).startsWith(start))!.part;
    expect(partOf('审结60件')).toBe('facts');
    expect(partOf('部分单位')).toBe('gaps');
    expect(partOf('完成《')).toBe('plans');
  });

  it('gives each sentence the headings above it as context', () => {
    const s = sentences.find((x) => text.slice(x.start, x.end) === '审结60件')!;
    expect(s.headings).toBe('一、2023年主要工作成效\n（一）重点任务全面落实');
  });
});
