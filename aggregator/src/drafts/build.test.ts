import { currentCatalogue } from '../../../templates/src/core/catalogue';
import { computeRollup, districtGroup, scopeRollup, type Rollup } from '../rollup';
import { draftGoldenInput } from '../../../test/support/draft-golden';
import { oneUnitInput, sampleInput } from '../../../test/support/draft-fixtures';
import { buildDraft, chineseNumber } from './build';
import { phrasesFor } from './phrases';
import type { Block, DraftDocument } from './types';

const catalogue = currentCatalogue();
const phrases = phrasesFor(catalogue);

const blockText = (b: Block) => (b.kind === 'paragraph' ? b.segments.map((s) => s.text).join('') : b.text);
const partText = (d: DraftDocument, key: string) => d.parts.find((p) => p.key === key)!.blocks.map(blockText).join('\n');
const allText = (d: DraftDocument) => [...d.preamble.map(blockText), ...d.parts.flatMap((p) => [p.title, ...p.blocks.map(blockText)])].join('\n');

function districtDraft(rollup: Rollup, code: string): DraftDocument {
  return buildDraft({ level: 'district', code, rollup: scopeRollup(rollup, { level: 'district', code }), group: districtGroup(rollup, code), dataVersion: 'v-test' }, catalogue, phrases);
}

/** A unit's draft as services/drafts.ts builds it: the rollup of that one unit, with its last year. */
function unitDraft(code: string): DraftDocument {
  const rollup = computeRollup(oneUnitInput(draftGoldenInput(), code));
  return buildDraft({ level: 'unit', code, rollup, group: rollup.groups[0], dataVersion: 'v-unit' }, catalogue, phrases);
}

describe('a district draft from the hand-built case (和平区: A0 区人民政府, A1 司法局, A2 未报送)', () => {
  const draft = districtDraft(computeRollup(draftGoldenInput()), '120101');
  const part1 = partText(draft, 'achievements');

  it('has the title, the five parts in the regulation order and the drafter note on completeness', () => {
    expect(draft.title).toBe('2024年和平区法治政府建设情况报告');
    expect(draft.parts.map((p) => p.title)).toEqual(['一、主要举措和成效', '二、存在的不足和原因', '三、党政主要负责人履行推进法治建设第一责任人职责情况', '四、下一年度主要安排', '五、其他需要报告的情况']);
    expect(blockText(draft.preamble[0])).toContain('应报3家，已报2家，1家未报送（和平区市场监管局），相关数字不完整。');
    expect(draft.properties).toEqual({ year: 2024, level: 'district', code: '120101', name: '和平区', catalogueVersion: '2024.1', dataVersion: 'v-test' });
  });

  it('writes sums, rates from summed parts and the note for the missing unit', () => {
    // 5 + 3 issued, 5 + 2 filed: 7 / 8 = 87.5 %; A2 has not reported.
    expect(part1).toContain('全区制发行政规范性文件8件，按规定报送备案7件，报备率87.5%【待核：1家未报送】。');
    // 10000 + 50 required and took part; 9000 + 50 passed: 9050 / 10050 = 90.05 % → 90 %.
    expect(part1).toContain('全区年度网上学法用法考试应参考10050人，全员参考，参考率100%，合格9050人，合格率90%【待核：1家未报送】。');
  });

  it('writes 行政复议 (区人民政府 only, complete) with 同比 in percent and in 个百分点', () => {
    // 120 against 100: +20 %. Corrected 6 + 2 + 1 = 9 of 100 = 9 %, last year 4 of 80 = 5 %: +4 points.
    expect(part1).toContain('全区共受理行政复议案件120件，同比增长20%，审结100件，其中撤销、变更6件，确认违法2件，责令履行1件。全区行政复议直接纠错9件，直接纠错率9%，同比提高4个百分点。');
    // 上年结转 and 调解结案 are 0 and phrased as nothing: no "0件".
    expect(part1).not.toMatch(/上年结转0件|调解、和解结案0件/);
  });

  it('says why a figure with a blank unit is incomplete, per figure', () => {
    expect(part1).toContain('全区新收一审行政诉讼案件7件');
    expect(part1).toContain('本年度新收一审行政诉讼（应诉）案件数1家未报送、1家空白');
  });

  it('writes 是/否 as a share of units in part 三', () => {
    expect(partText(draft, 'leaders')).toContain('全区3家单位中1家主要负责人带头讲授法治课或作法治专题讲座【待核：1家未报送】。');
  });

  it('lists the units’ own words by unit, identical texts once, and who wrote nothing', () => {
    const gaps = partText(draft, 'shortcomings');
    expect(gaps).toContain('天津市和平区人民政府、和平区司法局（共2家，内容相同）：\n存在的不足：基层执法力量不足。\n主要原因：专业人才储备不足。');
    expect(gaps).toContain('【待核：1家未报送，无文字材料：和平区市场监管局】');
    const plans = partText(draft, 'plans');
    expect(plans).toContain('天津市和平区人民政府：\n1. 深入学习贯彻习近平法治思想。\n2. 加强合法性审核。');
    expect(plans).toContain('【待核：1家单位未填写“下一年度主要安排”：和平区司法局】');
    expect(part1).toContain('天津市和平区人民政府：\n和平区全年推进法治政府建设，重点任务全部完成。\n和平区司法局：\n司法局推进严格规范公正文明执法。');
  });

  it('numbers the subsections of part 一 without gaps, in 楷体 heading form', () => {
    const headings = draft.parts[0].blocks.filter((b) => b.kind === 'subheading').map(blockText);
    expect(headings[0]).toBe('（一）加强党的领导，完善法治政府建设推进机制');
    headings.forEach((h, i) => expect(h.startsWith(`（${chineseNumber(i + 1)}）`)).toBe(true));
  });

  it('keeps, for every number used, the figure, its units and its data version for the comment', () => {
    const issued = draft.figures.find((f) => f.code === 'reg.ns_issued')!;
    expect(issued).toMatchObject({ display: '8件', incomplete: true, basis: '应报3家，已报2家（1家未报送）' });
    expect(issued.comment).toEqual([
      '本年度制发行政规范性文件数（reg.ns_issued）：8件',
      '汇总方式：求和；应报3家，已报2家',
      '未报送（1家）：和平区市场监管局',
      expect.stringMatching(/^上年（2023年）：\d+件；本年不完整，未比较$/),
      '数据版本：v-test',
    ]);
    const rate = draft.figures.find((f) => f.code === 'recon.correction_rate')!;
    expect(rate).toMatchObject({ display: '9%', last: '5%', change: '同比提高4个百分点' });
    expect(rate.comment[0]).toBe('行政复议直接纠错率（recon.correction_rate）：9%＝9（直接纠错数）÷100（本年度审结（办结）行政复议案件数）×100%');
    const lit = draft.figures.find((f) => f.code === 'litig.first_instance')!;
    expect(lit.comment).toContain('空白（1家）：和平区司法局');
    // Every phrase in the text has its figure, once.
    const used = draft.parts.flatMap((p) => p.blocks.flatMap((b) => (b.kind === 'paragraph' ? b.segments.filter((s) => s.kind === 'figure').map((s) => (s as { code: string }).code) : [])));
    expect(draft.figures.map((f) => f.code)).toEqual(used);
    expect(new Set(used).size).toBe(used.length);
  });
});

describe('a unit draft from its own sheet (和平区司法局)', () => {
  const draft = unitDraft('A1');
  const text = allText(draft);

  it('is titled for the unit and opens part 一 with its own words', () => {
    expect(draft.title).toBe('和平区司法局2024年法治政府建设情况报告');
    expect(blockText(draft.parts[0].blocks[0])).toBe('司法局推进严格规范公正文明执法。');
    expect(draft.parts[0].blocks[1]).toEqual({ kind: 'subheading', text: '（一）加强党的领导，完善法治政府建设推进机制' });
  });

  it('writes its numbers with 同比 against its own last year, 是/否 as its own answer', () => {
    // 3 against last year's 2: +50 %; 2 of 3 filed: 66.7 %.
    expect(text).toContain('本单位制发行政规范性文件3件，同比增长50%，按规定报送备案2件，报备率66.7%。');
    expect(text).toContain('本单位主要负责人本年度未讲授法治课或作法治专题讲座。');
  });

  it('leaves out what is blank or does not apply to a department, with no empty clause', () => {
    expect(text).not.toContain('新收一审行政诉讼');
    expect(text).not.toContain('行政复议');
    expect(text).not.toMatch(/，，|，。|\{|\}|NaN|undefined|null/);
    expect(text).not.toContain('【待核：1家');
  });

  it('asks the drafter to fill a text the unit left blank', () => {
    expect(partText(draft, 'plans')).toBe('【待核：本单位未填写“下一年度主要安排”，请补充】');
  });

  it('names the source cell and version in the comment', () => {
    const issued = draft.figures.find((f) => f.code === 'reg.ns_issued')!;
    expect(issued.basis).toMatch(/^指标填报!E\d+$/);
    expect(issued.comment[1]).toBe(`来源：和平区司法局报表 ${issued.basis}，第1版（已通过）`);
    expect(issued.last).toBe('2件');
    const rate = draft.figures.find((f) => f.code === 'reg.ns_filing_rate')!;
    expect(rate.comment[1]).toMatch(/^来源：和平区司法局报表 由reg\.ns_filed（指标填报!E\d+）、reg\.ns_issued（指标填报!E\d+）计算，第1版（已通过）$/);
  });
});

describe('a city draft', () => {
  it('from the hand-built case: sums over districts and 市级部门, 是/否 of all units', () => {
    const rollup = computeRollup(draftGoldenInput());
    const draft = buildDraft({ level: 'city', code: 'city', rollup, group: rollup.groups[0], dataVersion: 'v' }, catalogue, phrases);
    expect(draft.title).toBe('2024年天津市法治政府建设情况报告');
    // 5 + 3 + 4 + 2 + 1 + 10 + 7 = 32 (A2 missing). Lectured: A0, B0, B1, C1 of 8 expected.
    expect(partText(draft, 'achievements')).toContain('全市制发行政规范性文件32件');
    expect(partText(draft, 'leaders')).toContain('全市8家单位中4家主要负责人带头讲授法治课或作法治专题讲座【待核：1家未报送】。');
  });

  it('from the sample data: every unit counted, identical narratives shown once', () => {
    const rollup = computeRollup(sampleInput(2024));
    const draft = buildDraft({ level: 'city', code: 'city', rollup, group: rollup.groups[0], dataVersion: 'v' }, catalogue, phrases);
    const text = allText(draft);
    expect(blockText(draft.preamble[0])).toContain('应报69家，已报69家。');
    expect(text).toMatch(/全市69家单位中\d+家主要负责人带头讲授法治课或作法治专题讲座。/);
    expect(text).toContain('（共69家，内容相同）：');
    expect(text).not.toContain('【待核：1家');
    expect(text).not.toMatch(/，，|，。|\{|\}|NaN|undefined|null/);
    expect(draft.figures.length).toBeGreaterThan(90);
  });
});

it('chineseNumber', () => {
  expect([1, 9, 10, 11, 20, 23].map(chineseNumber)).toEqual(['一', '九', '十', '十一', '二十', '二十三']);
});
