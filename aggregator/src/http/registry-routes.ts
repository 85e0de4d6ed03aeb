// The unit registry (名录) and the reporting years: what the city coordinator sets up before a cycle.
import express from 'express';
import multer from 'multer';
import { z } from 'zod';
import { knownCatalogueVersions } from '../../../templates/src/core/catalogue';
import { appError } from '../../../templates/src/core/error-catalogue';
import { writeBlankRegistryWorkbook } from '../../../templates/src/xlsx/registry-file';
import { currentUser } from '../auth/middleware';
import { importRegistry, readRegistryUpload, registryView } from '../services/registry';
import { listYears, openYear } from '../services/years';
import type { RouteContext } from './route-context';
import { writeEndpoint } from './endpoint';
import { parseInput } from './errors';
import { DEADLINE_TOO_EARLY, deadlineAfterYear, isoDate, yearNumber } from './params';
import { describeRemoval, describeSampleCounts, removeSampleData } from '../services/sample-data';
import { multipartLimits } from './body-limits';
import { answerOf, errorResponses, jsonContent, jsonSchemaOf, ref, registerPaths } from './openapi';

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

/** The registry as /api/registry sends it (the page and the add-in import it from here). */
export type { RegistryView } from '../services/registry';
export { groupRegistry } from '../services/registry';

export function registryRoutes({ store, config, openapi }: RouteContext): express.Router {
  const router = express.Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: multipartLimits(config.uploadMaxBytes, 1),
    // Browsers and fetch send Chinese file names as raw UTF-8.
    defParamCharset: 'utf8',
  });

  router.get('/api/registry', async (_req, res) => {
    res.json(await registryView(store, currentUser(res)));
  });

  router.post(
    '/api/registry',
    upload.single('file'),
    writeEndpoint(store, {
      input: async (req, res) => {
        const file = req.file;
        if (!file) {
          throw appError('FILE_MISSING', { upload: 'registry' });
        }
        const units = await readRegistryUpload({ name: file.originalname, bytes: file.buffer });
        return { actor: currentUser(res), fileName: file.originalname, units };
      },
      run: (tx, { actor, ...input }) => importRegistry(tx, actor, input),
    }),
  );

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

  router.get('/api/registry/sample', async (_req, res) => {
    const counts = await store.sampleCounts();
    res.json({ ...counts, message: describeSampleCounts(counts) });
  });

  router.post(
    '/api/registry/remove-sample',
    writeEndpoint(store, {
      input: (req, res) => ({ actor: currentUser(res), dryRun: req.query.dryRun === '1' }),
      run: async (tx, { actor, dryRun }) => ({ dryRun, removal: await removeSampleData(tx, actor, { dryRun }) }),
      reply: (res, { dryRun, removal }) => res.json({ ...removal, dryRun, message: describeRemoval(removal, dryRun) }),
    }),
  );

  router.get('/api/years', async (_req, res) => {
    res.json({ years: await listYears(store) });
  });

  router.post(
    '/api/years',
    writeEndpoint(store, {
      input: (req, res) => ({ actor: currentUser(res), year: parseInput(newYearSchema, req.body) }),
      run: (tx, { actor, year }) => openYear(tx, actor, year),
      reply: (res, opened) => res.status(201).json(opened),
    }),
  );

  documentRoutes(openapi);
  return router;
}

function documentRoutes(openapi: RouteContext['openapi']): void {
  registerPaths(openapi, {
    '/api/registry': {
      get: {
        summary: '单位名录（按区分组，市级部门单列；按账号范围）',
        tags: ['名录'],
        responses: {
          '200': answerOf('全部单位', 'RegistryView'),
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
          '200': answerOf('导入结果', 'RegistryImportAnswer'),
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
    '/api/registry/sample': {
      get: {
        summary: '示例数据还剩多少（首次启动载入的示例单位、年度，及其账号和报送）',
        tags: ['名录'],
        responses: {
          '200': answerOf('示例数据计数', 'SampleCounts'),
        },
      },
    },
    '/api/registry/remove-sample': {
      post: {
        summary: '移除全部示例数据（示例单位及其账号、报送、原件，和没有本系统数据的示例年度；一步完成并记入审计日志）',
        tags: ['名录'],
        parameters: [{ name: 'dryRun', in: 'query', required: false, schema: { enum: ['1'] }, description: '1：只答复将移除什么，不作改动' }],
        responses: {
          '200': answerOf('移除结果', 'SampleRemoval'),
        },
      },
    },
    '/api/years': {
      get: {
        summary: '填报年度列表（新年度在前）',
        tags: ['年度'],
        responses: {
          '200': answerOf('年度', 'YearList'),
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
