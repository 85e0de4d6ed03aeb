import phrases2024 from '../../../templates/catalogue/2024.1.phrases.json';
import { currentCatalogue } from '../../../templates/src/core/catalogue';
import { rollupFields } from '../rollup';
import { fill, placeholdersOf } from './fill';
import { loadPhrases, PhraseFileError, phrasesFor } from './phrases';
import { bookmarkName, PART_KEYS } from './types';

const catalogue = currentCatalogue();
const copy = () => JSON.parse(JSON.stringify(phrases2024));
type ClauseData = { code: string; text: string };
/** The clause of an indicator in a copy of the file, wherever it sits. */
const clauseOf = (data: { groups: { sentences: { clauses: ClauseData[] }[] }[] }, code: string) =>
  data.groups.flatMap((g) => g.sentences.flatMap((s) => s.clauses)).find((c) => c.code === code)!;

function faultsOf(data: unknown): string[] {
  try {
    loadPhrases(data, catalogue);
  } catch (e) {
    if (e instanceof PhraseFileError) return e.faults;
    throw e;
  }
  return [];
}

describe('the 2024.1 phrase file', () => {
  const phrases = phrasesFor(catalogue);
  const phrased = phrases.groups.flatMap((g) => g.sentences.flatMap((s) => s.clauses.map((c) => c.code)));

  it('loads against its catalogue without a fault', () => {
    expect(faultsOf(phrases2024)).toEqual([]);
  });

  it('phrases every numeric and 是/否 row of the rollup exactly once (a split indicator by its parts)', () => {
    const numbers = rollupFields(catalogue)
      .filter((f) => (f.section !== 'meta' && f.type !== 'text' && f.type !== 'date') || f.aggregation === 'on_time')
      .map((f) => f.code);
    expect([...phrased].sort()).toEqual([...numbers].sort());
    expect(new Set(phrased).size).toBe(phrased.length);
  });

  it('shows every text indicator of the units in one of the parts', () => {
    const texts = catalogue.fields.filter((f) => f.section !== 'meta' && f.type === 'text').map((f) => f.code);
    expect(phrases.parts.flatMap((p) => p.texts.map((t) => t.code)).sort()).toEqual(texts.sort());
  });

  it('keeps the five parts in the order of the regulation, 三 from leader.*', () => {
    expect(phrases.parts.map((p) => p.title)).toEqual([
      '一、主要举措和成效',
      '二、存在的不足和原因',
      '三、党政主要负责人履行推进法治建设第一责任人职责情况',
      '四、下一年度主要安排',
      '五、其他需要报告的情况',
    ]);
    expect(phrases.parts[2].sections).toEqual(['leader']);
  });

  it('gives every phrased indicator a valid Word bookmark name (letters, digits, _; at most 40)', () => {
    for (const code of phrased) expect(bookmarkName(code)).toMatch(/^ind_[A-Za-z0-9_]{1,36}$/);
  });
});

describe('loadPhrases refuses a faulty phrase file, naming the place in Chinese', () => {
  it('an indicator code the catalogue does not have', () => {
    const data = copy();
    data.groups[0].sentences[0].clauses[1].code = 'leader.party_meeting';
    expect(faultsOf(data)).toEqual([expect.stringMatching(/^groups\[0\]（leader）\.sentences\[0\]\.clauses\[1\]（leader\.party_meeting）：指标目录中没有这个指标代码$/)]);
  });

  it('an indicator phrased twice (its bookmark would not be unique)', () => {
    const data = copy();
    data.groups[0].sentences[1].clauses.push({ ...data.groups[0].sentences[0].clauses[1] });
    expect(faultsOf(data).join('\n')).toContain('leader.party_meetings）：该指标已在 groups[0]（leader）.sentences[0].clauses[1]（leader.party_meetings） 写过');
  });

  it('an indicator placed in a group of another section', () => {
    const data = copy();
    data.groups[0].sentences[0].clauses.push({ code: 'reg.legal_opinions', text: '提出意见建议{value}条', zero: null });
    data.groups.find((g: { id: string }) => g.id === 'reg').sentences[1].clauses = data.groups.find((g: { id: string }) => g.id === 'reg').sentences[1].clauses.filter((c: { code: string }) => c.code !== 'reg.legal_opinions');
    expect(faultsOf(data)).toEqual([expect.stringContaining('该指标属于部分“reg”，不属于本组的部分“leader”')]);
  });

  it('"{value}" not followed by the catalogue unit of measure', () => {
    const data = copy();
    clauseOf(data, 'enf.penalty_cases').text = '作出行政处罚决定{value}卷';
    expect(faultsOf(data)).toEqual([expect.stringContaining('（enf.penalty_cases）.text：{value}后应紧跟计量单位“件”')]);
  });

  it('a placeholder the code does not fill (no template can reach other data)', () => {
    const data = copy();
    data.groups[0].sentences[0].clauses[1].text = '党委（党组）会议专题研究法治建设{value}次，{process}';
    data.opening.city = '{year}年，{constructor}';
    const faults = faultsOf(data);
    expect(faults).toContainEqual(expect.stringContaining('.text：占位符{process}不可用，此处只能用{value}'));
    expect(faults).toContainEqual('opening.city：占位符{constructor}不可用，此处只能用{year}、{name}、{next_year}');
  });

  it('a sum without its wording for 0 (0 is 无/未发生, or left out on purpose with null)', () => {
    const data = copy();
    delete data.groups[0].sentences[0].clauses[1].zero;
    expect(faultsOf(data)).toEqual([expect.stringContaining('（leader.party_meetings）.zero：数值为0时的说法必须写明')]);
  });

  it('a 是/否 clause without its 全部 / 均未 / unit wording', () => {
    const data = copy();
    delete data.groups[0].sentences[0].clauses[0].yes;
    delete data.groups[0].sentences[0].clauses[0].full;
    const faults = faultsOf(data);
    expect(faults).toContainEqual(expect.stringContaining('（leader.rol_in_work_plan）.yes：须写单位答“是”时的说法'));
    expect(faults).toContainEqual(expect.stringContaining('（leader.rol_in_work_plan）：须写 full（全部为“是”）和 zero（全部为“否”）的说法'));
  });

  it('the five parts out of the regulation order', () => {
    const data = copy();
    [data.parts[1], data.parts[2]] = [data.parts[2], data.parts[1]];
    const faults = faultsOf(data);
    expect(faults).toContainEqual('parts[1]：第2部分应为“shortcomings”，实为“leaders”（五个部分的顺序由《法治政府建设与责任落实督察工作规定》规定）');
    expect(faults).toHaveLength(2);
  });

  it('a phrase file of another catalogue version', () => {
    const data = copy();
    data.catalogue_version = '2025.1';
    expect(faultsOf(data)).toEqual(['catalogue_version：写的是“2025.1”，应与指标目录版本“2024.1”一致']);
  });

  it('a field the schema does not know', () => {
    const data = copy();
    data.groups[0].sentences[0].clauses[1].script = 'alert(1)';
    expect(faultsOf(data)).toEqual([expect.stringMatching(/^groups\.0\.sentences\.0\.clauses\.1：.*script/)]);
  });

  it('lists the first fault in the message, so a failed start says what to fix', () => {
    const data = copy();
    data.catalogue_version = 'x';
    expect(() => loadPhrases(data, catalogue)).toThrow(/^报告草稿措辞文件 2024\.1\.phrases\.json 有误（1 处）：\n- catalogue_version/);
  });
});

describe('fill: the only substitution a phrase gets', () => {
  it('replaces named placeholders and nothing else', () => {
    expect(fill('全区共受理行政复议案件{value}件', { value: '1423' })).toBe('全区共受理行政复议案件1423件');
    expect(fill('${value} {{value}} {Value}', { value: '1' })).toBe('$1 {1} {Value}');
    expect(placeholdersOf('{units}家单位中{count}家')).toEqual(['units', 'count']);
  });

  it('refuses a name without a value, including names of Object.prototype', () => {
    expect(() => fill('{constructor}', {})).toThrow('phrase placeholder {constructor} has no value');
    expect(() => fill('{value}', {})).toThrow();
  });
});

it('PART_KEYS is the regulation order', () => {
  expect(PART_KEYS).toEqual(['achievements', 'shortcomings', 'leaders', 'plans', 'other']);
});
