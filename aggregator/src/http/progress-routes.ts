// The completeness board: per district (and 市级部门) how many units are expected, have submitted,
// are accepted / returned / waiting, and who is missing — scoped to what the account may see.
import express from 'express';
import { currentUser } from '../auth/middleware';
import { csvText } from '../reports/csv';
import { missingUnits, progressBoard, reminderList } from '../services/progress';
import { remindersWorkbook } from '../reports/reminders-workbook';
import type { RouteContext } from './route-context';
import { parseInput } from './errors';
import { yearQuery } from './params';
import { answerOf, errorResponses, parametersOf, registerPaths } from './openapi';

/** The board as /api/progress sends it (the page imports it from here). */
export type { Progress, ProgressRow } from '../services/progress';

export function progressRoutes({ store, openapi }: RouteContext): express.Router {
  const router = express.Router();

  router.get('/api/progress', async (req, res) => {
    const { year } = parseInput(yearQuery, req.query);
    res.json(await progressBoard(store, currentUser(res), year));
  });

  router.get('/api/progress/missing.csv', async (req, res) => {
    const { year } = parseInput(yearQuery, req.query);
    const missing = missingUnits(await progressBoard(store, currentUser(res), year));
    const csv = csvText([['所属区', '单位代码', '单位名称'], ...missing.map((u) => [u.group, u.code, u.name])]);
    res.attachment(`${year}年度未报送单位.csv`);
    res.type('text/csv; charset=utf-8');
    res.send(csv);
  });

  router.get('/api/progress/reminders.xlsx', async (req, res) => {
    const { year } = parseInput(yearQuery, req.query);
    const { board, rows } = await reminderList(store, currentUser(res), year);
    res.attachment(`${year}年度催报清单.xlsx`);
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.send(await remindersWorkbook(year, board.deadline, rows));
  });

  document(openapi);
  return router;
}

function document(openapi: RouteContext['openapi']): void {
  registerPaths(openapi, {
    '/api/progress': {
      get: {
        summary: '报送进度：各区（及市级部门）应报、已报、已通过、已退回、待审核、未报单位（按账号范围）',
        tags: ['进度'],
        parameters: parametersOf(yearQuery, 'query'),
        responses: {
          '200': answerOf('进度', 'Progress'),
          ...errorResponses({ 400: '参数有误', 404: '年度不存在' }),
        },
      },
    },
    '/api/progress/reminders.xlsx': {
      get: {
        summary: '催报清单（xlsx）：未报送单位及其上年报表中的填报人及联系电话',
        tags: ['进度'],
        parameters: parametersOf(yearQuery, 'query'),
        responses: {
          '200': { description: 'xlsx', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } } },
          ...errorResponses({ 404: '年度不存在' }),
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
