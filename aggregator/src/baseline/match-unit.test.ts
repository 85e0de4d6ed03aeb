import { sampleRegistry } from '../../../templates/src/samples/registry';
import { matchUnitByFileName } from './match-unit';

const units = sampleRegistry();
const codeOf = (file: string) => {
  const m = matchUnitByFileName(file, units);
  return m.unit ? m.unit.code : m.reason;
};

describe('matchUnitByFileName', () => {
  it('matches a unit code in the file name', () => {
    expect(codeOf('120101002_2023年报告.docx')).toBe('120101002');
    expect(matchUnitByFileName('120101002_2023年报告.docx', units)).toMatchObject({ by: 'code' });
  });

  it('matches the unit name once year and title words are taken away', () => {
    expect(codeOf('天津市和平区司法局2023年法治政府建设情况报告.pdf')).toBe('120101002');
    expect(codeOf('市政务服务办2023年法治政府建设情况报告.txt')).toBe('120000002');
  });

  it('takes a district name alone for its 区人民政府', () => {
    expect(codeOf('2023年河北区法治政府建设情况报告.txt')).toBe('120105000');
    expect(codeOf('河北区政府2023年度报告.docx')).toBe('120105000');
  });

  it('says why when no unit or several fit', () => {
    expect(codeOf('某某局2023年报告.docx')).toContain('对不上');
    expect(codeOf('人民政府办公室2023年报告.docx')).toContain('可能属于多个单位');
    // The city's own 司法局 is the one whose name is exactly that; a district's names its district.
    expect(codeOf('司法局2023年报告.docx')).toBe('120000001');
    expect(codeOf('2023年法治政府建设情况报告.pdf')).toContain('看不出单位名称');
  });
});
