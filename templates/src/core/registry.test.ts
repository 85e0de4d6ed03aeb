import { parseRegistryRows } from './registry';
import { sampleRegistry, TIANJIN_DISTRICTS } from '../samples/registry';

const HEADER = ['单位代码', '单位名称', '单位类型', '所属区代码', '所属区名称'];
const gov = (district: string, name: string) => [`${district}000`, `${name}人民政府`, '区人民政府', district, name];
const dept = (code: string, name: string, district: string, districtName: string) => [code, name, '区级部门', district, districtName];
const cityDept = (code: string, name: string) => [code, name, '市级部门', '', ''];

const messagesFor = (rows: string[][], row: number) =>
  parseRegistryRows(rows)
    .errors.filter((e) => e.row === row)
    .map((e) => e.message);

describe('parseRegistryRows', () => {
  it('parses the three unit types into unit type, level and district', () => {
    const { units, errors } = parseRegistryRows([
      HEADER,
      gov('120101', '和平区'),
      dept('120101002', '天津市和平区司法局', '120101', '和平区'),
      cityDept('120000001', '天津市司法局'),
    ]);
    expect(errors).toEqual([]);
    expect(units).toEqual([
      { code: '120101000', name: '和平区人民政府', typeLabel: '区人民政府', unitType: 'district_gov', level: 'district', districtCode: '120101', districtName: '和平区' },
      { code: '120101002', name: '天津市和平区司法局', typeLabel: '区级部门', unitType: 'department', level: 'district', districtCode: '120101', districtName: '和平区' },
      { code: '120000001', name: '天津市司法局', typeLabel: '市级部门', unitType: 'department', level: 'city', districtCode: null, districtName: null },
    ]);
  });

  it('reads 有行政执法职能: 否 marks the unit, 是 or blank (or no column) leaves the default, anything else is an error naming row and column', () => {
    const rows = [
      [...HEADER, '有行政执法职能'],
      [...dept('120101001', '天津市和平区人民政府办公室', '120101', '和平区'), '否'],
      [...dept('120101002', '天津市和平区司法局', '120101', '和平区'), '是'],
      [...dept('120101003', '天津市和平区市场监管局', '120101', '和平区'), ''],
    ];
    const { units, errors } = parseRegistryRows(rows);
    expect(errors).toEqual([]);
    expect(units.map((u) => [u.code, u.hasEnforcement])).toEqual([
      ['120101001', false],
      ['120101002', undefined],
      ['120101003', undefined],
    ]);
    expect(messagesFor([[...HEADER, 'has_enforcement'], [...dept('120101001', '办公室', '120101', '和平区'), '无']], 2)).toEqual([
      '第2行“有行政执法职能”列“无”无法识别，只能填写“是”或“否”（留空按“是”）。',
    ]);
  });

  it('accepts English headers in any order with surrounding spaces, and skips blank rows', () => {
    const { units, errors } = parseRegistryRows([
      [' type ', 'district_name', 'NAME', 'code', 'district_code '],
      ['区人民政府', '南开区', '南开区人民政府', '120104000', '120104'],
      ['', ' ', '', '', ''],
      [],
      ['市级部门', '', '天津市生态环境局', '120000004', ''],
    ]);
    expect(errors).toEqual([]);
    expect(units.map((u) => [u.code, u.unitType, u.districtName])).toEqual([
      ['120104000', 'district_gov', '南开区'],
      ['120000004', 'department', null],
    ]);
  });

  it('names every missing header column on row 1', () => {
    const { units, errors } = parseRegistryRows([['单位代码', '单位名称', 'type']]);
    expect(units).toEqual([]);
    expect(errors.map((e) => e.row)).toEqual([1, 1]);
    expect(errors[0].message).toContain('所属区代码');
    expect(errors[1].message).toContain('所属区名称');
  });

  it('reports missing code, name and type with row and column', () => {
    const rows = [HEADER, ['', '', '', '120101', '和平区']];
    const messages = messagesFor(rows, 2);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toContain('第2行“单位代码”列为空');
    expect(messages[1]).toContain('第2行“单位名称”列为空');
    expect(messages[2]).toContain('第2行“单位类型”列为空');
  });

  it('lists the allowed types when the type is unknown', () => {
    const [message] = messagesFor([HEADER, ['120101009', '某单位', '街道办事处', '120101', '和平区']], 2);
    expect(message).toContain('“街道办事处”无法识别');
    expect(message).toContain('区人民政府、区级部门、市级部门');
  });

  it('rejects a duplicate code and names the first row', () => {
    const rows = [HEADER, gov('120101', '和平区'), dept('120101000', '重复单位', '120101', '和平区')];
    const [message] = messagesFor(rows, 3);
    expect(message).toContain('与第2行重复');
    expect(parseRegistryRows(rows).units).toHaveLength(1);
  });

  it('rejects a second 区人民政府 in one district', () => {
    const rows = [HEADER, gov('120101', '和平区'), ['120101999', '和平区人民政府（重复）', '区人民政府', '120101', '和平区']];
    const [message] = messagesFor(rows, 3);
    expect(message).toContain('已在第2行有区人民政府');
  });

  it('rejects one district code with two names', () => {
    const rows = [HEADER, gov('120101', '和平区'), dept('120101001', '某局', '120101', '河平区')];
    const [message] = messagesFor(rows, 3);
    expect(message).toContain('第2行对应“和平区”');
  });

  it('rejects codes with other characters or longer than 32', () => {
    expect(messagesFor([HEADER, cityDept('12 0001', '甲')], 2)[0]).toContain('格式不对');
    expect(messagesFor([HEADER, cityDept('中文代码', '乙')], 2)[0]).toContain('格式不对');
    expect(messagesFor([HEADER, cityDept('x'.repeat(33), '丙')], 2)[0]).toContain('格式不对');
    expect(messagesFor([HEADER, cityDept('A-1_b', '丁')], 2)).toEqual([]);
  });

  it('requires district columns for district units and forbids them for 市级部门', () => {
    expect(messagesFor([HEADER, ['120101001', '某局', '区级部门', '', '']], 2).join()).toMatch(/所属区代码.*所属区名称/);
    expect(messagesFor([HEADER, ['120000001', '天津市司法局', '市级部门', '120101', '']], 2)[0]).toContain('应留空');
  });
});

describe('sampleRegistry', () => {
  const units = sampleRegistry();

  it('has each district with one 区人民政府 and three 区级部门, plus city departments', () => {
    for (const d of TIANJIN_DISTRICTS) {
      const inDistrict = units.filter((u) => u.districtCode === d.code);
      expect(inDistrict.filter((u) => u.unitType === 'district_gov').map((u) => u.code)).toEqual([`${d.code}000`]);
      expect(inDistrict.filter((u) => u.typeLabel === '区级部门').map((u) => u.code)).toEqual(['001', '002', '003'].map((s) => d.code + s));
    }
    expect(TIANJIN_DISTRICTS).toHaveLength(16);
    expect(units.filter((u) => u.level === 'city').map((u) => u.name)).toContain('天津市司法局');
  });

  it('is itself a valid registry when written as rows', () => {
    const rows = [HEADER, ...units.map((u) => [u.code, u.name, u.typeLabel, u.districtCode ?? '', u.districtName ?? ''])];
    const parsed = parseRegistryRows(rows);
    expect(parsed.errors).toEqual([]);
    expect(parsed.units).toEqual(units);
  });
});
