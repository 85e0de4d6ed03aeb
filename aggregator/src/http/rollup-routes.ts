// Rollups for leaders and coordinators, always recomputed from what is stored: JSON, the rollup
// workbooks (streamed), CSV of the unit detail, and the trace of one figure back to its cells.
import express from 'express';
import { z } from 'zod';
import { CITY_GROUP, traceValue } from '../rollup';
import { rollupCsvStream } from '../reports/rollup-csv';
import { rollupFileName, writeRollupWorkbook } from '../reports/rollup-workbook';
import { assertCanTrace, buildRollup, recordDownload, rollupScope } from '../services/rollups';
import { cachedRollupAnswer, rollupWithUnits } from '../services/rollup-cache';
import { cachedRollupWorkbook } from '../services/rollup-files';
import type { RouteContext } from './route-context';
import { parseInput } from './errors';
import { yearParams } from './params';
import { currentUser } from '../auth/middleware';
import { answerOf, errorResponses, parametersOf, registerPaths } from './openapi';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const districtParams = yearParams.extend({ code: z.string().min(1).max(32) });
const levelQuery = z
  .object({
    level: z.enum(['city', 'district']).default('city'),
    code: z.string().min(1).max(32).optional(),
    units: z.enum(['0', '1']).default('0'),
  })
  .refine((q) => q.level === 'city' || q.code, { message: '按区查看时须给出区代码 code', path: ['code'] });
const traceQuery = z.object({ indicator: z.string().min(1).max(64), code: z.string().min(1).max(32).default(CITY_GROUP) });

function sendDownload(res: express.Response, fileName: string, type: string): void {
  res.attachment(fileName);
  res.type(type);
}

export function rollupRoutes({ store, config, openapi }: RouteContext): express.Router {
  const router = express.Router();
  const rollupOf = (year: number) => buildRollup(store, year, config.yoyThreshold);
  const auditDownload = (res: express.Response, year: number, file: string) => recordDownload(store, currentUser(res), year, file);

  router.get('/api/rollups/:year', async (req, res) => {
    const { year } = parseInput(yearParams, req.params);
    const { level, code, units } = parseInput(levelQuery, req.query);
    const user = currentUser(res);
    if (units !== '1') {
      // The usual view: from the cache shared by all instances while no write has changed the data.
      // Kept in this process as bytes and gzipped once per data version: a warm view costs one
      // version read, and a city body (~1 MB of figures) travels as ~1/10 of it to clients that take gzip.
      const answer = await cachedRollupAnswer(store, user, year, level, code, config.yoyThreshold);
      const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
      res.vary('Accept-Encoding').type('application/json').set('ETag', gzip ? answer.etag.replace(/"$/, '-gz"') : answer.etag);
      if (req.fresh) {
        res.status(304).end();
        return;
      }
      if (gzip) res.set('Content-Encoding', 'gzip');
      res.send(gzip ? answer.gzipped : answer.bytes);
      return;
    }
    // Each unit's values and cells are large at city scale: only on request (units=1), never cached.
    res.json(await rollupWithUnits(store, user, year, level, code, config.yoyThreshold));
  });

  // Rollup workbooks: written once per data version and sent from that file until the data change.
  const sendWorkbook = async (res: express.Response, year: number, level: 'city' | 'district', code: string | undefined, file: string) => {
    const request = { year, level, code, yoyThreshold: config.yoyThreshold };
    const cached = await cachedRollupWorkbook(store, config.dataDir, currentUser(res), request, writeRollupWorkbook, (r, s) => rollupFileName(r, s, 'xlsx'));
    await auditDownload(res, year, file);
    sendDownload(res, cached.fileName, XLSX_TYPE);
    await new Promise<void>((resolve, reject) => res.sendFile(cached.file, { headers: { 'content-type': XLSX_TYPE } }, (e) => (e ? reject(e) : resolve())));
  };

  router.get('/api/rollups/:year/city.xlsx', async (req, res) => {
    const { year } = parseInput(yearParams, req.params);
    await sendWorkbook(res, year, 'city', undefined, 'city.xlsx');
  });

  router.get('/api/rollups/:year/districts/:code.xlsx', async (req, res) => {
    const { year, code } = parseInput(districtParams, req.params);
    await sendWorkbook(res, year, 'district', code, `districts/${code}.xlsx`);
  });

  router.get('/api/rollups/:year/units.csv', async (req, res) => {
    const { year } = parseInput(yearParams, req.params);
    const { level, code } = parseInput(levelQuery, req.query);
    const rollup = await rollupOf(year);
    const scope = rollupScope(rollup, currentUser(res), level, code);
    await auditDownload(res, year, `units.csv?level=${level}${code ? `&code=${code}` : ''}`);
    sendDownload(res, rollupFileName(rollup, scope, 'csv'), 'text/csv; charset=utf-8');
    rollupCsvStream(rollup, scope).pipe(res);
  });

  router.get('/api/rollups/:year/trace', async (req, res) => {
    const { year } = parseInput(yearParams, req.params);
    const { indicator, code } = parseInput(traceQuery, req.query);
    const rollup = await rollupOf(year);
    assertCanTrace(rollup, currentUser(res), code);
    res.json(traceValue(rollup, indicator, code));
  });

  document(openapi);
  return router;
}

function document(openapi: RouteContext['openapi']): void {
  const year = parametersOf(yearParams, 'path');
  const levelDescriptions = { code: '区代码（level=district 时必填）', units: '1：同时返回每个单位的填报值（数据量大）' };
  const xlsx = { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } };
  registerPaths(openapi, {
    '/api/rollups/{year}': {
      get: {
        summary: '汇总结果（JSON）：全市或某区，每个指标的合计、比率、是否完整、同比；dataVersion（数据版本，每次写入加一）与 computedAt（计算时间）说明它反映哪一版数据。不带 units=1 时取自各实例共用的缓存，数据变化后的第一次请求重新计算',
        parameters: [...year, ...parametersOf(levelQuery, 'query', levelDescriptions)],
        responses: { '200': answerOf('汇总', 'Rollup'), ...errorResponses({ 400: '参数有误', 404: '年度或区不存在' }) },
      },
    },
    '/api/rollups/{year}/city.xlsx': {
      get: {
        summary: '全市汇总表（汇总、单位明细、填报情况、文字汇编、问题清单）',
        parameters: year,
        responses: { '200': { description: '汇总工作簿', content: xlsx }, ...errorResponses({ 404: '年度不存在' }) },
      },
    },
    '/api/rollups/{year}/districts/{code}.xlsx': {
      get: {
        summary: '某区汇总表',
        parameters: parametersOf(districtParams, 'path'),
        responses: { '200': { description: '汇总工作簿', content: xlsx }, ...errorResponses({ 404: '年度或区不存在' }) },
      },
    },
    '/api/rollups/{year}/units.csv': {
      get: {
        summary: '单位明细 CSV（UTF-8 带 BOM，公式前缀已转义）',
        // The CSV always holds each unit's values: no units switch.
        parameters: [...year, ...parametersOf(levelQuery, 'query', levelDescriptions).filter((p) => p.name !== 'units')],
        responses: { '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errorResponses({ 404: '年度或区不存在' }) },
      },
    },
    '/api/rollups/{year}/trace': {
      get: {
        summary: '追溯某个汇总数：由哪些单位、哪个版本、哪个单元格构成',
        parameters: [...year, ...parametersOf(traceQuery, 'query', { indicator: '指标代码，如 reg.ns_issued', code: '汇总范围：city（默认）、city_departments 或区代码' })],
        responses: { '200': answerOf('追溯', 'Trace'), ...errorResponses({ 404: '年度或范围不存在' }) },
      },
    },
  });
}
