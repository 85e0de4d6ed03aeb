import type { Unit } from '../store';
import { groupRegistry } from './registry';

const unit = (code: string, districtCode: string | null, unitType: Unit['unitType'] = 'department'): Unit => ({
  code,
  name: code,
  typeLabel: districtCode === null ? '市级部门' : unitType === 'district_gov' ? '区人民政府' : '区级部门',
  unitType,
  level: districtCode === null ? 'city' : 'district',
  districtCode,
  districtName: districtCode === null ? null : `区${districtCode}`,
  updatedAt: '',
});

describe('groupRegistry', () => {
  it('groups by district with the 区人民政府 first, 市级部门 apart, and keeps the full list', () => {
    const units = [unit('a2', 'A'), unit('a1', 'A', 'district_gov'), unit('c1', null), unit('b1', 'B', 'district_gov'), unit('a3', 'A')];
    const view = groupRegistry(units);
    expect(view.total).toBe(5);
    expect(view.units).toBe(units);
    expect(view.districts.map((d) => ({ code: d.code, name: d.name, units: d.units.map((u) => u.code) }))).toEqual([
      { code: 'A', name: '区A', units: ['a1', 'a2', 'a3'] },
      { code: 'B', name: '区B', units: ['b1'] },
    ]);
    expect(view.cityDepartments.map((u) => u.code)).toEqual(['c1']);
  });
});
