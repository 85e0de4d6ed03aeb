// 上年数据摘录 (issue 18): last year's reports in, candidate values out; confirmed values stored as
// the unit's previous-year baseline. The rules are in services/baselines.ts.
import express from 'express';
import multer from 'multer';
import { z } from 'zod';
import { appError } from '../../../templates/src/core/error-catalogue';
import { currentUser } from '../auth/middleware';
import { confirmationSchema } from '../baseline/confirm';
import type { PdfReader } from '../baseline/read/pdf-reader';
import { confirmBaseline, currentBaseline, extractBaselines } from '../services/baselines';
import type { RouteContext } from './app';
import { describeZodError, parseInput } from './errors';
import { answerOf, errorResponses, jsonSchemaOf, parametersOf, registerPaths } from './openapi';
import { yearText } from './params';

const MAX_REPORTS = 200;
const pathParams = z.object({ year: yearText, code: z.string().min(1).max(64) });
const extractFields = z.object({ unit: z.string().min(1).max(64).optional() });
const confirmFields = z.object({ entry: z.string().min(1).max(1000).optional() });

export const baselineRoutes =
  (pdf: PdfReader) =>
  ({ store, config, openapi }: RouteContext): express.Router => {
    const router = express.Router();
    // Browsers send UTF-8 file names without saying so; multer would read them as latin1.
    const upload = multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', limits: { fileSize: config.uploadMaxBytes, files: MAX_REPORTS, fields: 10 } });

    router.post('/api/baselines/extract', upload.array('files', MAX_REPORTS), async (req, res) => {
      const files = (req.files as Express.Multer.File[] | undefined) ?? [];
      if (files.length === 0) throw appError('FILE_MISSING', { upload: 'reports' });
      const { unit } = parseInput(extractFields, req.body ?? {});
      const reports = await extractBaselines(store, currentUser(res), files.map((f) => ({ name: f.originalname, bytes: f.buffer })), pdf, unit);
      res.json({ reports });
    });

    router.put('/api/baselines/:year/units/:code', upload.single('file'), async (req, res) => {
      const { year, code } = parseInput(pathParams, req.params);
      const file = req.file ? { name: req.file.originalname, bytes: req.file.buffer } : undefined;
      const { entry } = parseInput(confirmFields, { entry: req.body?.entry });
      const baseline = await confirmBaseline(store, currentUser(res), { year, unitCode: code, file, entry, values: () => parseValues(req.body?.values) }, pdf);
      res.json({ baseline });
    });

    router.get('/api/baselines/:year/units/:code', async (req, res) => {
      const { year, code } = parseInput(pathParams, req.params);
      res.json({ baseline: await currentBaseline(store, currentUser(res), year, code) });
    });

    registerPaths(openapi, {
      '/api/baselines/extract': {
        post: {
          summary: '读取上年度年度报告，给出各指标的候选值及原文（不保存）',
          description:
            '上传 .docx、文字版 .pdf、.txt 或装有它们的 .zip；每个文件按文件名（或 unit 字段选定的单位）对应名录中的单位。每个候选值含指标代码、数值、原文及其在报告文字中的起止位置、得分、提示和其他可能的值。',
          tags: ['上年数据摘录'],
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } }, unit: { type: 'string', description: '选定的单位代码（可选）' } },
                },
              },
            },
          },
          responses: {
            '200': answerOf('每个文件一条结果', 'BaselineExtractAnswer'),
            ...errorResponses({ 400: '没有文件或字段有误', 403: '无权为选定的单位摘录', 404: '选定的单位不在名录中' }),
          },
        },
      },
      '/api/baselines/{year}/units/{code}': {
        put: {
          summary: '保存经确认的上年数据（连同年度报告原件，记入审计日志）',
          tags: ['上年数据摘录'],
          parameters: parametersOf(pathParams, 'path', { year: '报告所述年度（上一年度）', code: '单位代码' }),
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['file', 'values'],
                  properties: {
                    file: { type: 'string', format: 'binary', description: '摘录所依据的年度报告' },
                    values: { type: 'string', description: `JSON：${JSON.stringify(jsonSchemaOf(confirmationSchema))}` },
                    entry: { type: 'string', description: '报告在压缩包中时：摘录结果中的 file（如“批次.zip/区政府.docx”）' },
                  },
                },
              },
            },
          },
          responses: {
            '200': answerOf('已保存的新版本', 'BaselineAnswer'),
            ...errorResponses({ 400: '数值、原文或文件有误（逐项说明）', 403: '无权办理该单位', 404: '单位不在名录中' }),
          },
        },
        get: {
          summary: '单位某年度当前的上年数据（最新确认版本）',
          tags: ['上年数据摘录'],
          parameters: parametersOf(pathParams, 'path', { year: '报告所述年度', code: '单位代码' }),
          responses: { '200': answerOf('当前版本', 'BaselineAnswer'), ...errorResponses({ 403: '无权查看该单位', 404: '尚未确认' }) },
        },
      },
    });
    return router;
  };

function parseValues(raw: unknown) {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw appError('VALUES_MISSING');
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw appError('VALUES_NOT_JSON');
  }
  const parsed = confirmationSchema.safeParse(data);
  if (!parsed.success) throw appError('VALUES_INVALID', { fields: describeZodError(parsed.error).fields });
  return parsed.data;
}
