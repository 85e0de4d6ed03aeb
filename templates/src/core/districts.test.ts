import { CITY_DEPARTMENTS_CODE, districtOf, groupByDistrict, type PlacedUnit } from './districts';

type U = PlacedUnit & { code: string };
const gov = (code: string, district: string, name = `${district}区`): U => ({ code, level: 'district', districtCode: district, districtName: name });
const cityDept = (code: string): U => ({ code, level: 'city', districtCode: null, districtName: null });

describe('districtOf: the one rule that tells a 市级部门 from a unit of a district', () => {
  it('a district unit belongs to its district, named as the registry names it', () => {
    expect(districtOf(gov('a', '120101', '和平区'))).toEqual({ code: '120101', name: '和平区' });
  });

  it('a 市级部门 belongs to no district', () => {
    expect(districtOf(cityDept('c'))).toBeNull();
  });

  it('level decides even when a district code was left on a city-level row', () => {
    expect(districtOf({ level: 'city', districtCode: '120101', districtName: '和平区' })).toBeNull();
  });

  it('a district-level unit without a district code cannot be placed in a district: it goes with the 市级部门', () => {
    expect(districtOf({ level: 'district', districtCode: null, districtName: null })).toBeNull();
    expect(districtOf({ level: 'district', districtCode: '', districtName: '和平区' })).toBeNull();
  });

  it('a district without a name is shown by its code', () => {
    expect(districtOf({ level: 'district', districtCode: '120102', districtName: null })).toEqual({ code: '120102', name: '120102' });
  });
});

describe('groupByDistrict', () => {
  it('keeps first-seen district order and each unit order, 市级部门 apart', () => {
    const units = [gov('b1', '120102'), cityDept('c1'), gov('a1', '120101'), gov('b2', '120102'), { code: 'x', level: 'district' as const, districtCode: null, districtName: null }, cityDept('c2')];
    const groups = groupByDistrict(units);
    expect(groups.districts.map((d) => [d.code, d.units.map((u) => u.code)])).toEqual([
      ['120102', ['b1', 'b2']],
      ['120101', ['a1']],
    ]);
    expect(groups.cityDepartments.map((u) => u.code)).toEqual(['c1', 'x', 'c2']);
  });

  it('an empty registry has no groups', () => {
    expect(groupByDistrict([])).toEqual({ districts: [], cityDepartments: [] });
  });

  it('the 市级部门 code of progress rows and page filters is not a district code', () => {
    expect(CITY_DEPARTMENTS_CODE).toBe('city_departments');
  });
});
