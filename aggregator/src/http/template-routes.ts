// Templates from the page (issue 14 item 3): a unit's prefilled template, a district's in one zip,
// and the two blank ones, for the year's catalogue version. Scope from the account (auth/scope.ts).
import express from 'express';
import { z } from 'zod';
import { currentUser } from '../auth/middleware';
import { canActForUnit, canSeeDistrict, outOfScope } from '../auth/scope';
import {
  blankTemplate,
  blankTemplateName,
  catalogueOfYear,
  cityZipName,
  districtUnits,
  districtZipName,
  parseUnitType,
  streamTemplatesZip,
  unitTemplate,
  unitTemplateName,
} from '../services/templates';
import type { RouteContext } from './route-context';
import { parseInput } from './errors';
import { unitOr404 } from '../services/registry';
import { errorResponses, parametersOf, registerPaths } from './openapi';
import { yearParams } from './params';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const codeOfYear = yearParams.extend({ code: z.string().min(1).max(64) });
const typeOfYear = yearParams.extend({ unitType: z.string().min(1).max(32) });

export function templateRoutes({ store, openapi }: RouteContext): express.Router {
  const router = express.Router();

  router.get('/api/templates/:year/units/:code.xlsx', async (req, res) => {
    const { year, code } = parseInput(codeOfYear, req.params);
    const unit = await unitOr404(store, code);
    if (!canActForUnit(currentUser(res), unit)) throw outOfScope(`单位“${unit.name}”的模板`);
    const bytes = await unitTemplate(await catalogueOfYear(store, year), year, unit);
    res.attachment(unitTemplateName(year, unit)).type(XLSX_TYPE).send(bytes);
  });

  router.get('/api/templates/:year/districts/:code.zip', async (req, res) => {
    const { year, code } = parseInput(codeOfYear, req.params);
    if (!canSeeDistrict(currentUser(res), code)) throw outOfScope(`区“${code}”的模板`);
    const units = await districtUnits(store, code);
    const catalogue = await catalogueOfYear(store, year);
    res.attachment(districtZipName(year, code, units[0].districtName)).type('application/zip');
    await streamTemplatesZip(catalogue, year, units, res, () => res.destroyed);
  });

  router.get('/api/templates/:year/city.zip', async (req, res) => {
    const { year } = parseInput(yearParams, req.params);
    if (!canSeeDistrict(currentUser(res), null)) throw outOfScope('全市的模板');
    const catalogue = await catalogueOfYear(store, year);
    const units = await store.listUnits();
    res.attachment(cityZipName(year)).type('application/zip');
    await streamTemplatesZip(catalogue, year, units, res, () => res.destroyed);
  });

  router.get('/api/templates/:year/blank/:unitType.xlsx', async (req, res) => {
    const { year, unitType } = parseInput(typeOfYear, req.params);
    const type = parseUnitType(unitType);
    const bytes = await blankTemplate(await catalogueOfYear(store, year), year, type);
    res.attachment(blankTemplateName(year, type)).type(XLSX_TYPE).send(bytes);
  });

  document(openapi);
  return router;
}

function document(openapi: RouteContext['openapi']): void {
  const xlsx = { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } };
  registerPaths(openapi, {
    '/api/templates/{year}/units/{code}.xlsx': {
      get: {
        summary: '某单位的预填模板（该年度开放时的指标目录版本；填报单位只能下载本单位，区级管理员本区，市级管理员全部）',
        tags: ['模板'],
        parameters: parametersOf(codeOfYear, 'path', { code: '单位代码' }),
        responses: { '200': { description: '预填了单位信息的模板', content: xlsx }, ...errorResponses({ 403: '不在账号范围内', 404: '年度或单位不存在' }) },
      },
    },
    '/api/templates/{year}/districts/{code}.zip': {
      get: {
        summary: '某区全部单位的预填模板（zip，逐个生成边生成边发送；区级管理员本区，市级管理员全部）',
        tags: ['模板'],
        parameters: parametersOf(codeOfYear, 'path', { code: '区代码' }),
        responses: {
          '200': { description: '每个单位一份“单位代码-单位名称.xlsx”', content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } },
          ...errorResponses({ 403: '不在账号范围内', 404: '年度或区不存在' }),
        },
      },
    },
    '/api/templates/{year}/city.zip': {
      get: {
        summary: '全市全部单位的预填模板（zip，边生成边发送；仅市级账号）',
        tags: ['模板'],
        parameters: parametersOf(yearParams, 'path'),
        responses: {
          '200': { description: '每个单位一份“单位代码-单位名称.xlsx”', content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } },
          ...errorResponses({ 403: '不在账号范围内', 404: '年度不存在' }),
        },
      },
    },
    '/api/templates/{year}/blank/{unitType}.xlsx': {
      get: {
        summary: '空白模板：department（部门，含区级和市级部门）或 district_gov（区人民政府）',
        tags: ['模板'],
        parameters: parametersOf(typeOfYear, 'path', { unitType: 'department 或 district_gov' }),
        responses: { '200': { description: '空白模板', content: xlsx }, ...errorResponses({ 404: '年度或模板类型不存在' }) },
      },
    },
  });
}
