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
  mustChangePassword: false,
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
    expect(board.districts).toMatchObject([
      { code: 'A', name: '区A', expected: 3, submitted: 2, accepted: 1, returned: 1, pending: 0, missing: 1, missingUnits: [{ code: 'a3', name: '单位a3' }] },
      { code: 'B', name: '区B', expected: 1, submitted: 1, accepted: 0, returned: 0, pending: 1, missing: 0, missingUnits: [] },
    ]);
    // No sign-off facts given: every district 未上报, and the 市级部门 have no sign-off at all.
    expect(board.districts.map((d) => d.signoff?.label)).toEqual(['未上报', '未上报']);
    expect(board.cityDepartments).toMatchObject({
      code: 'city_departments',
      name: '市级部门',
      expected: 2,
      submitted: 1,
      accepted: 1,
      returned: 0,
      pending: 0,
      missing: 1,
      missingUnits: [{ code: 'c2', name: '单位c2' }],
      signoff: null,
    });
  });

  it('an excused unit is neither missing nor due; on time / late by China date against the deadline', () => {
    const board = progressOf(user('city_admin'), UNITS, STATUS, {
      deadline: '2025-03-01',
      // a1 at 23:30 China time on the deadline (15:30 UTC): on time; a2 at 00:30 China time on 3 March: 2 days late.
      uploadedAt: new Map([
        ['a1', '2025-03-01T15:30:00.000Z'],
        ['a2', '2025-03-02T16:30:00.000Z'],
        ['b1', '2025-02-01T00:00:00.000Z'],
        ['c1', '2025-03-11T04:00:00.000Z'],
      ]),
      excused: new Map([['a3', { reason: '撤并' }]]),
      signoffs: new Map([['B', { districtCode: 'B', year: 2024, state: 'submitted', submittedBy: 'x', submittedAt: 't', decidedBy: null, decidedAt: null, reason: null }]]),
    });
    const [a, b] = board.districts;
    expect(a).toMatchObject({ missing: 0, missingUnits: [], excused: 1, excusedUnits: [{ code: 'a3', name: '单位a3', reason: '撤并' }] });
    expect(a).toMatchObject({ onTime: 1, late: 1, lateUnits: [{ code: 'a2', name: '单位a2', daysLate: 2 }], onTimeShare: 0.5 }); // 1 of 2 due
    expect(b).toMatchObject({ onTime: 1, late: 0, onTimeShare: 1, signoff: { state: 'submitted', label: '已上报' } });
    expect(board.cityDepartments).toMatchObject({ onTime: 0, late: 1, lateUnits: [{ code: 'c1', name: '单位c1', daysLate: 10 }], onTimeShare: 0 });
    expect({ onTime: board.onTime, late: board.late }).toEqual({ onTime: 2, late: 2 });
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
