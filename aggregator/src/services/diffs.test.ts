import type { Submission } from '../store';
import { diffValues } from './diffs';

const version = (values: Submission['values']): Submission =>
  ({ id: 'x', unitCode: 'u', year: 2024, version: 1, catalogueVersion: '2024.1', values, cells: {}, problems: [] }) as unknown as Submission;

describe('diffValues', () => {
  it('lists changed, added and removed values in catalogue order (unknown codes last), with their Chinese names', () => {
    const before = version({ 'meta.report_url': 'http://a', 'meta.unit_code': '1', 'zz.unknown': 1, 'meta.contact': '张三' });
    const after = version({ 'meta.contact': '张三', 'meta.unit_code': '2', 'meta.unit_name': '单位', 'zz.unknown': 2 });
    expect(diffValues(before, after)).toEqual([
      { code: 'meta.unit_name', name_zh: '填报单位全称', before: null, after: '单位' },
      { code: 'meta.unit_code', name_zh: '单位代码', before: '1', after: '2' },
      { code: 'meta.report_url', name_zh: '年度报告公开网址', before: 'http://a', after: null },
      { code: 'zz.unknown', name_zh: 'zz.unknown', before: 1, after: 2 },
    ]);
  });

  it('two equal versions have no changes', () => {
    expect(diffValues(version({ 'meta.contact': 'a' }), version({ 'meta.contact': 'a' }))).toEqual([]);
  });
});
