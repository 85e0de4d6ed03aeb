import { currentCatalogue } from '../../../templates/src/core/catalogue';
import cueData from '../../../templates/catalogue/2024.1.cues.json';
import { CueError, cuesFor, loadCues, patternsFor } from './cues';

const catalogue = currentCatalogue();
const base = () => JSON.parse(JSON.stringify(cueData)) as { indicators: Record<string, unknown>; catalogue: string };

const faultsOf = (data: unknown): string[] => {
  try {
    loadCues(data, catalogue);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(CueError);
    return (e as CueError).faults;
  }
};

describe('cue phrases', () => {
  it('load and cover every indicator a report can state (not derived, not text or date)', () => {
    const cues = cuesFor(catalogue)!;
    const extractable = catalogue.fields.filter((f) => !f.derived && f.type !== 'text' && f.type !== 'date').map((f) => f.code);
    expect(Object.keys(cues.indicators).sort()).toEqual(extractable.filter((c) => !c.startsWith('meta.')).sort());
  });

  it('refuse a code the catalogue lacks, a derived or text indicator, and a wrong version', () => {
    const data = base();
    data.catalogue = '2023.1';
    data.indicators['reg.nonexistent'] = { patterns: [{ near: [['x']] }], measures: ['件'] };
    data.indicators['reg.ns_filing_rate'] = { patterns: [{ near: [['报备率']] }], measures: ['%'] };
    data.indicators['gap.text'] = { patterns: [{ near: [['不足']] }] };
    const faults = faultsOf(data);
    expect(faults).toEqual(
      expect.arrayContaining([
        expect.stringContaining('2023.1'),
        'reg.nonexistent：指标目录中没有这个指标',
        'reg.ns_filing_rate：派生指标由系统计算，不从报告中摘录',
        'gap.text：文字指标不从报告中摘录数值',
      ]),
    );
  });

  it('refuse measure words on 是/否, none on numbers, and a list without the catalogue unit', () => {
    const data = base();
    data.indicators['learn.oath_held'] = { patterns: [{ near: [['宪法宣誓']] }], measures: ['次'] };
    data.indicators['recon.closed'] = { patterns: [{ near: [['审结']] }] };
    data.indicators['litig.lost'] = { patterns: [{ near: [['败诉']] }], measures: ['次'] };
    expect(faultsOf(data)).toEqual(
      expect.arrayContaining([
        'learn.oath_held：是/否指标不应有计量单位词',
        'recon.closed：数值指标必须给出计量单位词（如 件、次、人）',
        'litig.lost：计量单位词中应包含指标的计量单位“件”',
      ]),
    );
  });

  it('refuse a pattern for a unit type the indicator does not apply to', () => {
    const data = base();
    data.indicators['recon.closed'] = { patterns: [{ near: [['审结']], unit_types: ['department'] }], measures: ['件'] };
    expect(faultsOf(data)).toEqual([expect.stringContaining('recon.closed：第 1 条提示适用于 department')]);
  });

  it('refuse malformed data with the path of the fault', () => {
    const data = base();
    data.indicators['recon.closed'] = { patterns: [{ near: [] }], measures: ['件'] };
    expect(faultsOf(data)[0]).toMatch(/^indicators\.recon\.closed\.patterns\.0\.near/);
  });

  it('select patterns by unit type', () => {
    const entry = { patterns: [{ near: [['a']] }, { near: [['b']], unit_types: ['district_gov' as const] }], measures: ['件'] };
    expect(patternsFor(entry, 'department')).toHaveLength(1);
    expect(patternsFor(entry, 'district_gov')).toHaveLength(2);
  });
});
