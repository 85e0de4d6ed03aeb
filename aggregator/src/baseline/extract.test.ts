import { currentCatalogue } from '../../../templates/src/core/catalogue';
import { cuesFor } from './cues';
import { type Candidate, extractCandidates } from './extract';

const catalogue = currentCatalogue();
const cues = cuesFor(catalogue)!;
const run = (text: string, unitType: 'department' | 'district_gov' = 'district_gov') =>
  extractCandidates(text, { unitType, catalogue, cues, reportYear: 2024 }).candidates;
const get = (list: Candidate[], code: string) => list.find((c) => c.code === code);

describe('extractCandidates', () => {
  it('proposes a value with the exact quote and offsets of clause and figure in the original text', () => {
    const text = '一、主要成效\r\n全年受理行政复议申请８６件，审结行政复议案件79件。';
    const list = run(text);
    const closed = get(list, 'recon.closed')!;
    expect(closed.value).toBe(79);
    expect(closed.quote.text).toBe('审结行政复议案件79件');
    expect(text.slice(closed.quote.start, closed.quote.end)).toBe(closed.quote.text);
    expect(closed.number).toMatchObject({ text: '79件', start: text.indexOf('79件') });
    const accepted = get(list, 'recon.accepted')!;
    expect(accepted.value).toBe(86);
    expect(accepted.number!.text).toBe('８６件');
    expect(closed.score).toBeGreaterThan(0.5);
    expect(closed.score).toBeLessThanOrEqual(1);
  });

  it('lists other values that fit as alternatives, best first', () => {
    const list = run('组织开展应急预案演练12次。另开展专项应急演练3次。');
    const drills = get(list, 'emer.drills_own')!;
    expect([drills.value, ...drills.alternatives.map((a) => a.value)].sort()).toEqual([12, 3].sort());
    expect(drills.alternatives).toHaveLength(1);
    expect(drills.alternatives[0].score).toBeLessThanOrEqual(drills.score);
  });

  it('needs a measure word of the indicator after the number', () => {
    expect(get(run('审结行政复议案件79。'), 'recon.closed')).toBeUndefined();
    expect(get(run('审结行政复议案件79人。'), 'recon.closed')).toBeUndefined();
  });

  it('skips the parts of shortcomings and plans, and sentences marked as plans', () => {
    const text = [
      '一、工作成效',
      '开展应急演练5次。',
      '二、存在的不足',
      '应急演练仅开展2次，宪法宣誓制度落实不够。',
      '三、2025年工作安排',
      '计划开展应急演练20次，组织宪法宣誓。',
    ].join('\n');
    const list = run(text);
    expect(get(list, 'emer.drills_own')).toMatchObject({ value: 5, alternatives: [] });
    expect(get(list, 'learn.oath_held')).toBeUndefined();
    expect(get(run('下一步，将组织宪法宣誓。'), 'learn.oath_held')).toBeUndefined();
  });

  it('proposes only 是 for 是/否 indicators, never from a negation', () => {
    const yes = get(run('组织新提拔干部进行宪法宣誓。'), 'learn.oath_held')!;
    expect(yes.value).toBe(true);
    expect(yes.number).toBeUndefined();
    expect(get(run('尚未建立宪法宣誓制度。'), 'learn.oath_held')).toBeUndefined();
  });

  it('proposes nothing that does not apply to the unit type', () => {
    const text = '区级专业应急救援队伍共15支。';
    expect(get(run(text, 'district_gov'), 'emer.rescue_teams')!.value).toBe(15);
    expect(get(run(text, 'department'), 'emer.rescue_teams')).toBeUndefined();
  });

  it('flags running totals, multi-year and other-year figures, changes and approximations, and scores them lower', () => {
    const plain = get(run('组织集中学法12次。'), 'learn.collective_sessions')!;
    const cumulative = get(run('今年以来累计组织集中学法12次。'), 'learn.collective_sessions')!;
    expect(cumulative.flags).toContain('cumulative');
    expect(cumulative.score).toBeLessThan(plain.score);
    expect(get(run('近三年来组织集中学法36次。'), 'learn.collective_sessions')!.flags).toContain('multi_year');
    const other = run('2023年组织集中学法9次。');
    expect(get(other, 'learn.collective_sessions')!.flags).toContain('other_year');
    const change = get(run('组织集中学法较上年增加3次。'), 'learn.collective_sessions')!;
    expect(change.flags).toContain('change');
    expect(change.score).toBeLessThan(plain.score);
    const approx = get(run('开展法治宣传活动约200场。'), 'pf.activities')!;
    expect(approx).toMatchObject({ value: 200, approx: true });
    expect(approx.flags).toContain('approx');
  });

  it('does not flag 截至 on a year-end stock', () => {
    const teams = get(run('截至年底，全区共有专业应急救援队伍15支。'), 'emer.rescue_teams')!;
    const sessions = get(run('截至年底，共组织集中学法15次。'), 'learn.collective_sessions')!;
    expect(teams.flags).toContain('cumulative');
    expect(teams.score).toBeGreaterThan(sessions.score);
  });

  it('converts money to the catalogue unit (1.33亿元 → 13300 万元)', () => {
    const amount = get(run('人民调解成功率达98%，调解涉及金额1.33亿元。'), 'disp.mediation_amount')!;
    expect(amount.value).toBe(13300);
  });

  it('flags proposals that break a part-of-whole rule together', () => {
    const list = run('全年行政诉讼一审审结案件3件，一审败诉案件5件。', 'department');
    const lost = get(list, 'litig.lost')!;
    expect(get(list, 'litig.concluded')!.value).toBe(3);
    expect(lost.flags).toContain('part_exceeds_whole');
    expect(lost.problems).toEqual([expect.objectContaining({ rule: 'R04' })]);
    expect(get(list, 'litig.concluded')!.flags).not.toContain('part_exceeds_whole');
  });

  it('does not read masked numbers as counts', () => {
    const list = run('制定《2024年普法工作要点（第2版）》，推出“一件事一次办”场景。每月一次开展矛盾纠纷排查。');
    expect(get(list, 'func.one_thing_scenarios')).toBeUndefined();
    // 每月一次 is how often, not how many: no count, though it does say a regular mechanism exists.
    expect(get(list, 'disp.screenings')).toBeUndefined();
    expect(get(list, 'disp.screening_mechanism')!.value).toBe(true);
  });

  it('is deterministic', () => {
    const text = '审结行政复议案件79件，确认违法2件。';
    expect(run(text)).toEqual(run(text));
  });
});
