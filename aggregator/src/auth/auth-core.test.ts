// The pure parts of access control: which documented operation a request is, who may see which
// unit or district, and when a deadline has passed (in China, not in UTC).
import { createOpenApiDocument, registerPaths } from '../http/openapi';
import type { User } from '../store';
import { operationMatcher } from './policy';
import { canActForUnit, canReviewUnit, canSeeDistrict, canSeeUnit } from './scope';
import { pastDeadline } from './upload-guard';

const op = { summary: '测试', responses: { '200': { description: '好' } } };

describe('operationMatcher', () => {
  const doc = createOpenApiDocument();
  registerPaths(doc, {
    '/api/submissions/values': { post: op },
    '/api/submissions/{id}': { get: op },
    '/api/rollups/{year}/districts/{code}.xlsx': { get: op },
    '/api/rollups/{year}/city.xlsx': { get: op },
  });
  const match = operationMatcher(doc);

  it('prefers literal paths, fills templates, and keys by method', () => {
    expect(match('POST', '/api/submissions/values')).toBe('POST /api/submissions/values');
    expect(match('GET', '/api/submissions/values')).toBe('GET /api/submissions/{id}');
    expect(match('DELETE', '/api/submissions/abc')).toBeUndefined();
    expect(match('GET', '/api/rollups/2024/districts/120101.xlsx')).toBe('GET /api/rollups/{year}/districts/{code}.xlsx');
    expect(match('GET', '/api/rollups/2024/city.xlsx')).toBe('GET /api/rollups/{year}/city.xlsx');
  });

  it('matches like Express: any letter case, a trailing slash, HEAD as GET; never across segments', () => {
    expect(match('GET', '/API/Submissions/abc/')).toBe('GET /api/submissions/{id}');
    expect(match('HEAD', '/api/submissions/abc')).toBe('GET /api/submissions/{id}');
    expect(match('GET', '/api/submissions/a/b')).toBeUndefined();
    expect(match('GET', '/api/rollups/2024/districts/a/b.xlsx')).toBeUndefined();
  });
});

const user = (role: User['role'], scope: Partial<Pick<User, 'unitCode' | 'districtCode'>> = {}): User => ({
  id: 'x',
  username: 'x',
  displayName: 'x',
  role,
  unitCode: scope.unitCode ?? null,
  districtCode: scope.districtCode ?? null,
  disabled: false,
  mustChangePassword: false,
  createdAt: '',
  updatedAt: '',
});
const districtUnit = { code: '120101001', districtCode: '120101' };
const neighbour = { code: '120102001', districtCode: '120102' };
const cityDept = { code: '120000001', districtCode: null };

describe('scope', () => {
  it('binds each role to its unit, district or the city', () => {
    const unit = user('unit', { unitCode: '120101001' });
    expect([canSeeUnit(unit, districtUnit), canSeeUnit(unit, neighbour), canSeeUnit(unit, cityDept)]).toEqual([true, false, false]);
    const district = user('district_admin', { districtCode: '120101' });
    expect([canSeeUnit(district, districtUnit), canSeeUnit(district, neighbour), canSeeUnit(district, cityDept)]).toEqual([true, false, false]);
    const city = user('city_admin');
    expect([canSeeUnit(city, neighbour), canSeeUnit(city, cityDept), canReviewUnit(city, cityDept)]).toEqual([true, true, true]);
  });

  it('lets leaders read but never act', () => {
    const leader = user('leader');
    expect([canSeeUnit(leader, neighbour), canActForUnit(leader, neighbour), canReviewUnit(leader, neighbour)]).toEqual([true, false, false]);
    const districtLeader = user('leader', { districtCode: '120101' });
    expect([canSeeDistrict(districtLeader, '120101'), canSeeDistrict(districtLeader, '120102'), canSeeDistrict(districtLeader, null)]).toEqual([true, false, false]);
    expect(canSeeDistrict(leader, null)).toBe(true);
  });

  it('keeps units and district coordinators out of the city-wide view', () => {
    expect(canSeeDistrict(user('district_admin', { districtCode: '120101' }), null)).toBe(false);
    expect(canSeeDistrict(user('unit', { unitCode: '120101001' }), '120101')).toBe(false);
    // A unit can upload for itself but cannot review itself.
    expect(canActForUnit(user('unit', { unitCode: '120101001' }), districtUnit)).toBe(true);
    expect(canReviewUnit(user('unit', { unitCode: '120101001' }), districtUnit)).toBe(false);
  });
});

describe('pastDeadline', () => {
  it('counts the deadline day in China Standard Time', () => {
    const year = { deadline: '2025-03-01' };
    // 1 March 23:30 in Beijing is still the deadline day, though UTC already says 1 March 15:30.
    expect(pastDeadline(year, new Date('2025-03-01T15:30:00Z'))).toBe(false);
    // 2 March 00:30 in Beijing is past it, though UTC still says 1 March.
    expect(pastDeadline(year, new Date('2025-03-01T16:30:00Z'))).toBe(true);
  });
});
