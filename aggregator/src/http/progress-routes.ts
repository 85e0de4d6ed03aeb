// The completeness board: per district (and 市级部门) how many units are expected, have submitted,
// are accepted / returned / waiting, and who is missing — scoped to what the account may see.
import express from 'express';
import { stringify } from 'csv-stringify/sync';
import { currentUser } from '../auth/middleware';
import { canSeeDistrict, canSeeUnit } from '../auth/scope';
import { csvSafe } from '../reports/text';
import { ACCEPTED_STATUSES } from '../rollup/labels';
import type { Store, Unit, User } from '../store';
import type { RouteContext } from './route-context';
import { parseInput } from './errors';
import { yearOr404 } from './lookups';
import { yearQuery } from './params';
import { errorResponses, jsonContent, parametersOf, registerPaths } from './openapi';

export interface ProgressRow {
  code: string;
  name: string;
  expected: number;
  submitted: number;
  accepted: number;
  returned: number;
  pending: number;
  missing: number;
  missingUnits: { code: string; name: string }[];
}

export interface Progress {
  year: number;
  deadline: string;
  districts: ProgressRow[];
  cityDepartments: ProgressRow | null;
}

const RETURNED = new Set(['returned', 'rejected']);
export const CITY_DEPARTMENTS_CODE = 'city_departments';


/** Pure: the board for the units the user may see, from the registry and the year's current versions. */
export function progressOf(user: User, units: Unit[], statusByUnit: Map<string, string>): Omit<Progress, 'year' | 'deadline'> {
  const rows = new Map<string, ProgressRow>();
  let cityDepartments: ProgressRow | null = null;
  const rowOf = (unit: Unit): ProgressRow => {
    if (unit.districtCode === null) return (cityDepartments ??= emptyRow(CITY_DEPARTMENTS_CODE, '市级部门'));
    let row = rows.get(unit.districtCode);
    if (!row) rows.set(unit.districtCode, (row = emptyRow(unit.districtCode, unit.districtName ?? unit.districtCode)));
    return row;
  };
  for (const unit of units) {
    if (!canSeeUnit(user, unit) || !canSeeDistrict(user, unit.districtCode)) continue;
    const row = rowOf(unit);
    row.expected++;
    const status = statusByUnit.get(unit.code);
    if (status === undefined) {
      row.missing++;
      row.missingUnits.push({ code: unit.code, name: unit.name });
      continue;
    }
    row.submitted++;
    if (ACCEPTED_STATUSES.has(status)) row.accepted++;
    else if (RETURNED.has(status)) row.returned++;
    else row.pending++;
  }
  return { districts: [...rows.values()], cityDepartments };
}

const emptyRow = (code: string, name: string): ProgressRow => ({ code, name, expected: 0, submitted: 0, accepted: 0, returned: 0, pending: 0, missing: 0, missingUnits: [] });

async function progress(store: Store, user: User, year: number): Promise<Progress> {
  const reportingYear = await yearOr404(store, year);
  const status = new Map((await store.currentSubmissionSummaries(year)).map((s) => [s.unitCode, s.status]));
  return { year, deadline: reportingYear.deadline, ...progressOf(user, await store.listUnits(), status) };
}

export function progressRoutes({ store, openapi }: RouteContext): express.Router {
  const router = express.Router();

  router.get('/api/progress', async (req, res) => {
    const { year } = parseInput(yearQuery, req.query);
    res.json(await progress(store, currentUser(res), year));
  });

  router.get('/api/progress/missing.csv', async (req, res) => {
    const { year } = parseInput(yearQuery, req.query);
    const board = await progress(store, currentUser(res), year);
    const rows = [...board.districts, ...(board.cityDepartments ? [board.cityDepartments] : [])].flatMap((g) =>
      g.missingUnits.map((u) => [csvSafe(g.name), csvSafe(u.code), csvSafe(u.name)]),
    );
    const csv = stringify([['所属区', '单位代码', '单位名称'], ...rows], { bom: true, record_delimiter: 'windows' });
    res.attachment(`${year}年度未报送单位.csv`);
    res.type('text/csv; charset=utf-8');
    res.send(csv);
  });

  document(openapi);
  return router;
}

function document(openapi: RouteContext['openapi']): void {
  const row = {
    type: 'object',
    properties: {
      code: { type: 'string' },
      name: { type: 'string' },
      expected: { type: 'integer' },
      submitted: { type: 'integer' },
      accepted: { type: 'integer' },
      returned: { type: 'integer' },
      pending: { type: 'integer' },
      missing: { type: 'integer' },
      missingUnits: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } } },
    },
  };
  registerPaths(openapi, {
    '/api/progress': {
      get: {
        summary: '报送进度：各区（及市级部门）应报、已报、已通过、已退回、待审核、未报单位（按账号范围）',
        tags: ['进度'],
        parameters: parametersOf(yearQuery, 'query'),
        responses: {
          '200': {
            description: '进度',
            content: jsonContent({
              type: 'object',
              properties: { year: { type: 'integer' }, deadline: { type: 'string' }, districts: { type: 'array', items: row }, cityDepartments: { oneOf: [row, { type: 'null' }] } },
            }),
          },
          ...errorResponses({ 400: '参数有误', 404: '年度不存在' }),
        },
      },
    },
    '/api/progress/missing.csv': {
      get: {
        summary: '未报送单位名单（CSV，UTF-8 带 BOM）',
        tags: ['进度'],
        parameters: parametersOf(yearQuery, 'query'),
        responses: { '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errorResponses({ 404: '年度不存在' }) },
      },
    },
  });
}
