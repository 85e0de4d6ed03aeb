// The unit registry (名录) and the reporting years: what the city coordinator sets up before a cycle.
import express from 'express';
import multer from 'multer';
import { z } from 'zod';
import { knownCatalogueVersions } from '../../../templates/src/core/catalogue';
import { AppError } from '../../../templates/src/core/errors';
import { parseRegistryRows } from '../../../templates/src/core/registry';
import { readRegistryFile, writeBlankRegistryWorkbook } from '../../../templates/src/xlsx/registry-file';
import type { Unit } from '../store';
import type { RouteContext } from './route-context';
import { DetailedAppError, parseInput } from './errors';
import { DEADLINE_TOO_EARLY, deadlineAfterYear, isoDate, yearNumber } from './params';
import { audit } from '../auth/audit';
import { currentUser } from '../auth/middleware';
import { canSeeUnit } from '../auth/scope';
import { errorResponses, jsonContent, jsonSchemaOf, ref, registerPaths, registerSchemas } from './openapi';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const REGISTRY_TEMPLATE_FILE_NAME = '单位名录模板.xlsx';

export const newYearSchema = z
  .object({
    year: yearNumber,
    catalogueVersion: z.string({ error: '应为指标目录版本号，如 2024.1' }).refine((v) => knownCatalogueVersions().includes(v), {
      error: `未知的指标目录版本，可用版本：${knownCatalogueVersions().join('、')}`,
    }),
    deadline: isoDate,
  })
  .refine((v) => deadlineAfterYear(v.year, v.deadline), { error: DEADLINE_TOO_EARLY, path: ['deadline'] });

export interface RegistryView {
  total: number;
  units: Unit[];
  districts: { code: string; name: string; units: Unit[] }[];
  cityDepartments: Unit[];
}

export function groupRegistry(units: Unit[]): RegistryView {
  const districts = new Map<string, { code: string; name: string; units: Unit[] }>();
  const cityDepartments: Unit[] = [];
  for (const unit of units) {
    if (unit.districtCode === null) {
      cityDepartments.push(unit);
      continue;
    }
    let group = districts.get(unit.districtCode);
    if (!group) districts.set(unit.districtCode, (group = { code: unit.districtCode, name: unit.districtName ?? '', units: [] }));
    // The 区人民政府 sheet leads its district's list.
    if (unit.unitType === 'district_gov') group.units.unshift(unit);
    else group.units.push(unit);
  }
  return { total: units.length, units, districts: [...districts.values()], cityDepartments };
}

export function registryRoutes({ store, config, openapi }: RouteContext): express.Router {
  const router = express.Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 20 },
    // Browsers and fetch send Chinese file names as raw UTF-8.
    defParamCharset: 'utf8',
  });

  router.get('/api/registry', async (_req, res) => {
    const user = currentUser(res);
    res.json(groupRegistry((await store.listUnits()).filter((u) => canSeeUnit(user, u))));
  });

  router.post('/api/registry', upload.single('file'), async (req, res) => {
    const file = req.file;
    if (!file) {
      throw new AppError('FILE_MISSING', '请选择要上传的单位名录文件（.csv 或 .xlsx），表单字段名为“file”。', 400);
    }
    // readRegistryFile refuses other formats (.xls, .et …) with advice on how to convert.
    const rows = await readRegistryFile(file.buffer, file.originalname);
    const { units, errors } = parseRegistryRows(rows);
    if (errors.length > 0) {
      const shown = errors.slice(0, 3).map((e) => e.message).join('');
      throw new DetailedAppError(
        'REGISTRY_ROWS',
        `单位名录有 ${errors.length} 处错误，本次未导入任何单位。请按行号改正后重新上传。${shown}${errors.length > 3 ? '……' : ''}`,
        400,
        { rows: errors },
        { file: file.originalname },
      );
    }
    if (units.length === 0) {
      throw new AppError('REGISTRY_EMPTY', `文件“${file.originalname}”中没有任何单位，请在表头下逐行填写单位后重新上传。`, 400, {
        file: file.originalname,
      });
    }
    const result = await store.importRegistry(units);
    await audit(store, currentUser(res), 'registry.import', { detail: { file: file.originalname, ...result } });
    const view = groupRegistry(await store.listUnits());
    res.json({ ...result, districts: view.districts.length, cityDepartments: view.cityDepartments.length });
  });

  router.get('/api/registry/template.xlsx', async (_req, res) => {
    const bytes = await writeBlankRegistryWorkbook();
    // Old clients read the ASCII name; current browsers take the UTF-8 one (RFC 6266).
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="registry-template.xlsx"; filename*=UTF-8''${encodeURIComponent(REGISTRY_TEMPLATE_FILE_NAME)}`,
    );
    res.type(XLSX_TYPE);
    res.send(bytes);
  });

  router.get('/api/years', async (_req, res) => {
    res.json({ years: await store.listYears() });
  });

  router.post('/api/years', async (req, res) => {
    const input = parseInput(newYearSchema, req.body);
    const opened = await store.openYear(input);
    await audit(store, currentUser(res), 'year.open', { year: opened.year, detail: { catalogueVersion: opened.catalogueVersion, deadline: opened.deadline } });
    res.status(201).json(opened);
  });

  documentRoutes(openapi);
  return router;
}

function documentRoutes(openapi: RouteContext['openapi']): void {
  const unitSchema = {
    type: 'object',
    required: ['code', 'name', 'typeLabel', 'unitType', 'level', 'districtCode', 'districtName', 'updatedAt'],
    properties: {
      code: { type: 'string' },
      name: { type: 'string' },
      typeLabel: { enum: ['区人民政府', '区级部门', '市级部门'] },
      unitType: { enum: ['district_gov', 'department'] },
      level: { enum: ['district', 'city'] },
      districtCode: { type: ['string', 'null'] },
      districtName: { type: ['string', 'null'] },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  };
  const yearSchema = {
    type: 'object',
    required: ['year', 'catalogueVersion', 'deadline', 'status', 'openedAt'],
    properties: {
      year: { type: 'integer' },
      catalogueVersion: { type: 'string' },
      deadline: { type: 'string', format: 'date' },
      status: { enum: ['open', 'closed', 'locked'] },
      openedAt: { type: 'string', format: 'date-time' },
    },
  };
  registerSchemas(openapi, { Unit: unitSchema, ReportingYear: yearSchema });
  const units = { type: 'array', items: ref('Unit') };
  registerPaths(openapi, {
    '/api/registry': {
      get: {
        summary: '单位名录（按区分组，市级部门单列；按账号范围）',
        tags: ['名录'],
        responses: {
          '200': {
            description: '全部单位',
            content: jsonContent({
              type: 'object',
              properties: {
                total: { type: 'integer' },
                units,
                districts: {
                  type: 'array',
                  items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, units } },
                },
                cityDepartments: units,
              },
            }),
          },
        },
      },
      post: {
        summary: '导入单位名录（.csv 或 .xlsx；任何一行有错则整份不导入）',
        tags: ['名录'],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
            },
          },
        },
        responses: {
          '200': {
            description: '导入结果',
            content: jsonContent({
              type: 'object',
              properties: {
                total: { type: 'integer' },
                inserted: { type: 'integer' },
                updated: { type: 'integer' },
                districts: { type: 'integer' },
                cityDepartments: { type: 'integer' },
              },
            }),
          },
          ...errorResponses({ 400: '文件缺失、格式不对、为空或有错误行（REGISTRY_ROWS 附 rows: [{row, message}]）', 413: '文件过大' }),
        },
      },
    },
    '/api/registry/template.xlsx': {
      get: {
        summary: '下载空白单位名录模板',
        tags: ['名录'],
        responses: { '200': { description: '空白名录工作簿', content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } } } },
      },
    },
    '/api/years': {
      get: {
        summary: '填报年度列表（新年度在前）',
        tags: ['年度'],
        responses: {
          '200': { description: '年度', content: jsonContent({ type: 'object', properties: { years: { type: 'array', items: ref('ReportingYear') } } }) },
        },
      },
      post: {
        summary: '开放一个填报年度',
        tags: ['年度'],
        requestBody: { required: true, content: jsonContent(jsonSchemaOf(newYearSchema)) },
        responses: {
          '201': { description: '已开放的年度', content: jsonContent(ref('ReportingYear')) },
          ...errorResponses({ 400: '请求内容有误', 409: '该年度已开放过' }),
        },
      },
    },
  });
}
