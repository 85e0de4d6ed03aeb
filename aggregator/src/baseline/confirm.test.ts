import { currentCatalogue } from '../../../templates/src/core/catalogue';
import { checkConfirmation } from './confirm';

const catalogue = currentCatalogue();
const reportText = '全区共审结行政复议案件60件，确认违法2件。';
const ctx = { catalogue, unitType: 'district_gov' as const, reportText };
const faultOf = (items: Parameters<typeof checkConfirmation>[0]['items']) => {
  try {
    checkConfirmation({ items }, ctx);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no fault';
};

describe('checkConfirmation', () => {
  it('keeps confirmed, corrected and dropped items with their quotes', () => {
    const quote = { text: '全区共审结行政复议案件60件', start: 0, end: 14 };
    const items = checkConfirmation(
      {
        items: [
          { code: 'recon.closed', decision: 'confirmed', value: 60, extracted: 60, quote },
          { code: 'recon.confirmed_illegal', decision: 'corrected', value: 3, extracted: 2 },
          { code: 'emer.rescue_teams', decision: 'dropped', extracted: 18 },
        ],
      },
      ctx,
    );
    expect(items).toEqual([
      { code: 'recon.closed', decision: 'confirmed', value: 60, extracted: 60, quote },
      { code: 'recon.confirmed_illegal', decision: 'corrected', value: 3, extracted: 2 },
      { code: 'emer.rescue_teams', decision: 'dropped', value: null, extracted: 18 },
    ]);
  });

  it('names every fault by indicator and stores nothing', () => {
    const message = faultOf([
      { code: 'recon.closed', decision: 'confirmed', value: 1.5 },
      { code: 'learn.oath_held', decision: 'confirmed', value: 3 },
      { code: 'enf.penalty_cases', decision: 'confirmed', value: 4 },
      { code: 'recon.correction_rate', decision: 'confirmed', value: 4 },
      { code: 'nope.x', decision: 'confirmed', value: 4 },
      { code: 'emer.drills_own', decision: 'corrected' },
    ]);
    expect(message).toContain('recon.closed【本年度审结（办结）行政复议案件数】：应为整数');
    expect(message).toContain('learn.oath_held【本年度组织宪法宣誓】：应为“是”或“否”');
    expect(message).toContain('enf.penalty_cases【行政处罚案件数】：不适用于本单位类型');
    expect(message).toContain('recon.correction_rate【行政复议直接纠错率】：由系统计算');
    expect(message).toContain('nope.x：指标目录中没有这个指标');
    expect(message).toContain('emer.drills_own【本级组织应急预案演练次数】：确认或更正时必须给出数值');
  });

  it('refuses a quote that is not the report text at its offsets', () => {
    expect(faultOf([{ code: 'recon.closed', decision: 'confirmed', value: 60, quote: { text: '审结70件', start: 0, end: 5 } }])).toContain('摘录的原文与报告第 0–5 字不符');
  });

  it('refuses a part larger than its whole, and an empty confirmation', () => {
    expect(
      faultOf([
        { code: 'recon.closed', decision: 'confirmed', value: 2 },
        { code: 'recon.confirmed_illegal', decision: 'confirmed', value: 3 },
      ]),
    ).toContain('各类结案方式之和不得大于审结数');
    expect(faultOf([{ code: 'recon.closed', decision: 'dropped' }])).toContain('没有确认任何数值');
  });
});
