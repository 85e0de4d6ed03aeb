// Uploads and what became of them: POST /api/submissions (one or many .xlsx, or zips of them),
// the submission list, one submission's detail, its version history and its original bytes.
import express from 'express';
import multer, { MulterError } from 'multer';
import { z } from 'zod';
import type { WorkbookCheck } from '../../../templates/src/xlsx/check-workbook';
import { appError } from '../../../templates/src/core/error-catalogue';
import { valuesSubmissionSchema } from '../../../templates/src/core/values-submission';
import { uploadLimits } from '../config';
import type { ParsePool } from '../ingest/parse-pool';
import type { RouteContext, RouteModule } from './route-context';
import { parseInput } from './errors';
import { codeParams, idParams, MAX_FILES_PER_UPLOAD, yearQuery, yearText } from './params';
import { releaseAfterUpload } from '../ingest/release-memory';
import type { UploadBudget } from '../ingest/upload-budget';
import { diffQuery, documentDetail } from './submission-detail';
import { currentUser } from '../auth/middleware';
import { versionDiff } from '../services/diffs';
import { currentSubmissionList, originalFile, submissionDetail, unitHistory } from '../services/submissions';
import { recordOversizedUpload, uploadValues, uploadWorkbooks, type UploadContext } from '../services/uploads';
import { multipartLimits } from './body-limits';
import { uploadAnswer } from '../contract/submissions';
import { answerOf, errorResponses, jsonContent, jsonSchemaOf, parametersOf, registerPaths } from './openapi';

/** The answer to POST /api/submissions and /api/submissions/values (the contract's). */
export type { UploadAnswer } from '../contract/submissions';


const uploadQuery = z.object({
  dryRun: z
    .enum(['0', '1', 'true', 'false'], { error: 'dryRun 应为 1（只检查，不保存）或 0' })
    .optional()
    .transform((v) => v === '1' || v === 'true'),
});
const listQuery = z.object({
  year: yearText,
  unit: z.string().min(1).optional(),
  district: z.string().min(1).optional(),
});

export function submissionRoutes(pool: ParsePool<WorkbookCheck>, budget: UploadBudget): RouteModule {
  return ({ store, config, logger, openapi }: RouteContext) => {
    const router = express.Router();
    // One configuration sets multer's limit, the upload expander's and the zip gate's alike.
    const limits = uploadLimits(config);
    const upload = multer({
      storage: multer.memoryStorage(),
      limits: multipartLimits(limits.fileBytes, MAX_FILES_PER_UPLOAD),
      defParamCharset: 'utf8',
    });

    // An upload refused for its size never reaches the per-file answers, so it is audited here, as
    // every refused file is (dry runs excepted, as there): who, the declared size, the cap, the code.
    const refuseOversized = (req: express.Request, res: express.Response, next: express.NextFunction, err: unknown, code: string, capBytes: number) => {
      const user = res.locals.auth?.user;
      // Runs before the query is validated: a malformed dryRun counts as a real upload here.
      const dryRun = uploadQuery.safeParse(req.query).data?.dryRun ?? false;
      if (!user || dryRun) return next(err);
      const declaredBytes = Number(req.headers['content-length']);
      recordOversizedUpload(store, user, { code, declaredBytes, capBytes, ip: req.ip })
        .catch((auditError: unknown) => logger.error({ err: auditError }, 'audit of an oversized upload failed'))
        .finally(() => next(err));
    };

    // The whole request is held in memory while it is checked: refuse an oversized one before reading it.
    const totalCap: express.RequestHandler = (req, res, next) => {
      const declared = Number(req.headers['content-length']);
      if (!Number.isFinite(declared) || req.headers['content-length'] === undefined) {
        return next(appError('LENGTH_REQUIRED'));
      }
      if (declared > config.uploadTotalMaxBytes) {
        const err = appError('UPLOAD_TOO_LARGE', { limitBytes: config.uploadTotalMaxBytes });
        return refuseOversized(req, res, next, err, err.code, config.uploadTotalMaxBytes);
      }
      // Room in the budget of all uploads in flight, held until the answer is sent or the client goes.
      budget.acquire(declared, config.uploadQueueWaitMs).then((release) => {
        res.once('close', release);
        next();
      }, next);
    };
    // One file over the per-file cap: multer stops reading, the error mapper answers 413 FILE_TOO_LARGE.
    const receiveFiles = upload.array('files', MAX_FILES_PER_UPLOAD);
    const fileCap: express.RequestHandler = (req, res, next) => {
      receiveFiles(req, res, (err?: unknown) => {
        if (err instanceof MulterError && err.code === 'LIMIT_FILE_SIZE') return refuseOversized(req, res, next, err, 'FILE_TOO_LARGE', config.uploadMaxBytes);
        next(err);
      });
    };

    const uploadContext = (req: express.Request, res: express.Response, dryRun: boolean): UploadContext => ({
      store,
      logger,
      yoyThreshold: config.yoyThreshold,
      expand: limits.expand,
      user: currentUser(res),
      ip: req.ip,
      dryRun,
    });

    router.post('/api/submissions', totalCap, fileCap, async (req, res) => {
      const { dryRun } = parseInput(uploadQuery, req.query);
      const files = (req.files as Express.Multer.File[] | undefined) ?? [];
      if (files.length === 0) {
        throw appError('FILE_MISSING', { upload: 'workbooks' });
      }
      const results = await uploadWorkbooks(uploadContext(req, res, dryRun), pool, files.map((f) => ({ name: f.originalname, bytes: f.buffer })));
      res.json(uploadAnswer(dryRun, results));
      releaseAfterUpload(files.reduce((sum, f) => sum + f.size, 0));
    });

    router.post('/api/submissions/values', async (req, res) => {
      const { dryRun } = parseInput(uploadQuery, req.query);
      const body = parseInput(valuesSubmissionSchema, req.body);
      const result = await uploadValues(uploadContext(req, res, dryRun), body);
      res.json(uploadAnswer(dryRun, [result]));
    });

    router.get('/api/submissions', async (req, res) => {
      const filter = parseInput(listQuery, req.query);
      res.json({ year: filter.year, submissions: await currentSubmissionList(store, currentUser(res), filter) });
    });

    router.get('/api/submissions/:id', async (req, res) => {
      const { id } = parseInput(idParams, req.params);
      res.json(await submissionDetail(store, currentUser(res), id));
    });

    router.get('/api/submissions/:id/original', async (req, res) => {
      const { id } = parseInput(idParams, req.params);
      const { submission, blob } = await originalFile(store, currentUser(res), id);
      res.attachment(submission.fileName.split('/').pop() || `${submission.unitCode}.xlsx`);
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.send(blob.bytes);
    });

    router.get('/api/units/:code/submissions', async (req, res) => {
      const { code } = parseInput(codeParams, req.params);
      const { year } = parseInput(yearQuery, req.query);
      res.json(await unitHistory(store, currentUser(res), code, year));
    });

    router.get('/api/submissions/:id/diff', async (req, res) => {
      const { id } = parseInput(idParams, req.params);
      const { against } = parseInput(diffQuery, req.query);
      res.json(await versionDiff(store, currentUser(res), id, against));
    });

    document(openapi);
    documentDetail(openapi);
    return router;
  };
}

function document(openapi: RouteContext['openapi']): void {
  registerPaths(openapi, {
    '/api/submissions': {
      post: {
        summary: '上传工作簿（一个或多个 .xlsx，或其 .zip 压缩包）',
        parameters: parametersOf(uploadQuery, 'query', { dryRun: '1：只检查，不保存' }),
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } },
              },
            },
          },
        },
        responses: {
          '200': answerOf('每个文件的结果', 'UploadAnswer'),
          ...errorResponses({ 400: '没有文件或参数有误', 413: '文件过大', 503: '服务器繁忙' }),
        },
      },
      get: {
        summary: '某年度各单位的当前报送版本',
        parameters: parametersOf(listQuery, 'query'),
        responses: { '200': answerOf('当前版本列表', 'SubmissionList'), ...errorResponses({ 400: '参数有误' }) },
      },
    },
    '/api/submissions/values': {
      post: {
        summary: '只报送填报值（Excel 加载项在无法取得文件时使用），按与工作簿相同的规则检查',
        parameters: parametersOf(uploadQuery, 'query', { dryRun: '1：只检查，不保存' }),
        requestBody: {
          required: true,
          content: jsonContent(jsonSchemaOf(valuesSubmissionSchema)),
        },
        responses: {
          '200': answerOf('与上传工作簿相同的逐文件结果', 'UploadAnswer'),
          ...errorResponses({ 400: '请求内容有误' }),
        },
      },
    },
    '/api/submissions/{id}': {
      get: {
        summary: '一次报送的详情：填报值、派生值（derived：报送检查时计算并保存的比率、合计）、来源单元格、问题，以及上年当前版本（lastYear：values、derived）',
        parameters: parametersOf(idParams, 'path'),
        responses: { '200': answerOf('报送详情', 'SubmissionDetail'), ...errorResponses({ 404: '不存在' }) },
      },
    },
    '/api/submissions/{id}/original': {
      get: {
        summary: '下载报送的原始文件（逐字节保留）',
        parameters: parametersOf(idParams, 'path'),
        responses: {
          '200': { description: '原始 .xlsx', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } } },
          ...errorResponses({ 404: '不存在' }),
        },
      },
    },
    '/api/units/{code}/submissions': {
      get: {
        summary: '某单位某年度的全部版本（新的在前）',
        parameters: [...parametersOf(codeParams, 'path'), ...parametersOf(yearQuery, 'query')],
        responses: { '200': answerOf('版本历史', 'UnitHistory'), ...errorResponses({ 404: '单位不存在' }) },
      },
    },
  });
}
