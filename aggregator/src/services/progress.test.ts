import type { Unit, User } from '../store';
import { missingUnits, progressOf } from './progress';

const unit = (code: string, districtCode: string | null, unitType: Unit['unitType'] = 'department'): Unit => ({
  code,
  name: `单位${code}`,
  typeLabel: districtCode === null ? '市级部门' : unitType === 'district_gov' ? '区人民政府' : '区级部门',
  unitType,
  level: districtCode === null ? 'city' : 'district',
  districtCode,
  districtName: districtCode === null ? null : `区${districtCode}`,
  updatedAt: '2025-01-01T00:00:00.000Z',
});
const user = (role: User['role'], districtCode: string | null = null): User => ({
  id: 'u',
  username: 'u',
  displayName: 'u',
  role,
  unitCode: null,
  districtCode,
  disabled: false,
  createdAt: '',
  updatedAt: '',
});

// Two districts (A: 3 units, B: 1) and two 市级部门.
const UNITS = [unit('a1', 'A', 'district_gov'), unit('a2', 'A'), unit('a3', 'A'), unit('b1', 'B', 'district_gov'), unit('c1', null), unit('c2', null)];
// a1 accepted, a2 returned, a3 missing; b1 pending; c1 approved (old word for accepted), c2 missing.
const STATUS = new Map([
  ['a1', 'accepted'],
  ['a2', 'returned'],
  ['b1', 'pending'],
  ['c1', 'approved'],
]);

describe('progressOf', () => {
  it('counts each district and the 市级部门 apart for the city coordinator', () => {
    const board = progressOf(user('city_admin'), UNITS, STATUS);
    expect(board.districts).toEqual([
      { code: 'A', name: '区A', expected: 3, submitted: 2, accepted: 1, returned: 1, pending: 0, missing: 1, missingUnits: [{ code: 'a3', name: '单位a3' }] },
      { code: 'B', name: '区B', expected: 1, submitted: 1, accepted: 0, returned: 0, pending: 1, missing: 0, missingUnits: [] },
    ]);
    expect(board.cityDepartments).toEqual({
      code: 'city_departments',
      name: '市级部门',
      expected: 2,
      submitted: 1,
      accepted: 1,
      returned: 0,
      pending: 0,
      missing: 1,
      missingUnits: [{ code: 'c2', name: '单位c2' }],
    });
  });

  it('a district coordinator sees only its district and no 市级部门', () => {
    const board = progressOf(user('district_admin', 'B'), UNITS, STATUS);
    expect(board.districts.map((d) => d.code)).toEqual(['B']);
    expect(board.cityDepartments).toBeNull();
  });

  it('lists the missing units districts first, then the 市级部门', () => {
    const board = { year: 2024, deadline: '2025-03-01', ...progressOf(user('city_admin'), UNITS, STATUS) };
    expect(missingUnits(board)).toEqual([
      { group: '区A', code: 'a3', name: '单位a3' },
      { group: '市级部门', code: 'c2', name: '单位c2' },
    ]);
  });
});
