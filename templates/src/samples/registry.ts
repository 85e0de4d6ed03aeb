// The demo registry: Tianjin's 16 districts with three departments each and five 市级部门, loaded on
// first start so the system can be tried before the real 名录 is imported.
import type { RegistryUnit } from '../core/registry';

/** Tianjin's 16 districts (spec README). */
export const TIANJIN_DISTRICTS: readonly { code: string; name: string }[] = [
  { code: '120101', name: '和平区' },
  { code: '120102', name: '河东区' },
  { code: '120103', name: '河西区' },
  { code: '120104', name: '南开区' },
  { code: '120105', name: '河北区' },
  { code: '120106', name: '红桥区' },
  { code: '120110', name: '东丽区' },
  { code: '120111', name: '西青区' },
  { code: '120112', name: '津南区' },
  { code: '120113', name: '北辰区' },
  { code: '120114', name: '武清区' },
  { code: '120115', name: '宝坻区' },
  { code: '120116', name: '滨海新区' },
  { code: '120117', name: '宁河区' },
  { code: '120118', name: '静海区' },
  { code: '120119', name: '蓟州区' },
];

const SAMPLE_DISTRICT_DEPARTMENTS = ['区政府办公室', '区司法局', '区市场监管局'];
const SAMPLE_CITY_DEPARTMENTS = [
  '天津市司法局',
  '天津市政务服务办公室',
  '天津市市场监督管理委员会',
  '天津市生态环境局',
  '天津市人力资源和社会保障局',
];

/** The registry used on first start, so the system can be tried before the real 名录 is loaded. */
export function sampleRegistry(): RegistryUnit[] {
  const units: RegistryUnit[] = [];
  for (const d of TIANJIN_DISTRICTS) {
    const inDistrict = { level: 'district' as const, districtCode: d.code, districtName: d.name };
    units.push({ code: `${d.code}000`, name: `天津市${d.name}人民政府`, typeLabel: '区人民政府', unitType: 'district_gov', ...inDistrict });
    SAMPLE_DISTRICT_DEPARTMENTS.forEach((dept, i) => {
      // "区政府办公室" → "天津市和平区人民政府办公室"; "区司法局" → "天津市和平区司法局".
      const name = `天津市${d.name}${dept.replace(/^区政府/, '人民政府').replace(/^区/, '')}`;
      units.push({ code: `${d.code}00${i + 1}`, name, typeLabel: '区级部门', unitType: 'department', ...inDistrict });
    });
  }
  SAMPLE_CITY_DEPARTMENTS.forEach((name, i) => {
    units.push({
      code: `120000${String(i + 1).padStart(3, '0')}`,
      name,
      typeLabel: '市级部门',
      unitType: 'department',
      level: 'city',
      districtCode: null,
      districtName: null,
    });
  });
  return units;
}
