// Uploads and what became of them: POST /api/submissions (one or many .xlsx, or zips of them),
// the submission list, one submission's detail, its version history and its original bytes.
import express from 'express';
import multer, { MulterError } from 'multer';
import { z } from 'zod';
import type { WorkbookCheck } from '../../../templates/src/xlsx/check-workbook';
import { AppError } from '../../../templates/src/core/errors';
import { valuesSubmissionSchema } from '../../../templates/src/core/values-submission';
import { ingestUpload, ingestValues, type FileResult } from '../ingest/pipeline';
import type { ParsePool } from '../ingest/parse-pool';
import type { RouteContext, RouteModule } from './route-context';
import { parseInput } from './errors';
import { unitOr404 } from './lookups';
import { codeParams, idParams, MAX_FILES_PER_UPLOAD, yearQuery, yearText } from './params';
import { releaseAfterUpload } from '../ingest/release-memory';
import type { UploadBudget } from '../ingest/upload-budget';
import { afterUpload, diffQuery, diffValues, documentDetail, previousVersionId, visibleSubmission, withContext } from './submission-detail';
import { audit } from '../auth/audit';
import { currentUser } from '../auth/middleware';
import { assertCanSeeUnit, canSeeUnit } from '../auth/scope';
import { uploadGuard } from '../auth/upload-guard';
import { errorResponses, jsonContent, parametersOf, registerPaths } from './openapi';
import type { SubmissionSummary } from '../store';


/** The answer to POST /api/submissions and /api/submissions/values. */
export interface UploadAnswer {
  dryRun: boolean;
  summary: Record<FileResult['status'], number>;
  files: FileResult[];
}

/** One row of GET /api/submissions: the current version without its values, with its warning count. */
export type SubmissionListItem = SubmissionSummary & { warnings: number };

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
    const upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: config.uploadMaxBytes, files: MAX_FILES_PER_UPLOAD, fields: 20 },
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
      audit(store, user, 'upload.rejected', { detail: { reason: code, errors: [code], declaredBytes, capBytes, ip: req.ip } })
        .catch((auditError: unknown) => logger.error({ err: auditError }, 'audit of an oversized upload failed'))
        .finally(() => next(err));
    };

    // The whole request is held in memory while it is checked: refuse an oversized one before reading it.
    const totalCap: express.RequestHandler = (req, res, next) => {
      const declared = Number(req.headers['content-length']);
      if (!Number.isFinite(declared) || req.headers['content-length'] === undefined) {
        return next(new AppError('LENGTH_REQUIRED', '上传请求缺少长度信息（Content-Length），请用浏览器页面、填报助手或 npm run ingest 上传。', 411));
      }
      if (declared > config.uploadTotalMaxBytes) {
        const mb = Math.round(config.uploadTotalMaxBytes / 1024 / 1024);
        const err = new AppError('UPLOAD_TOO_LARGE', `一次上传的内容超过 ${mb} MB：请分几次上传（例如每次一个区的压缩包）。`, 413);
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

    router.post('/api/submissions', totalCap, fileCap, async (req, res) => {
      const { dryRun } = parseInput(uploadQuery, req.query);
      const files = (req.files as Express.Multer.File[] | undefined) ?? [];
      if (files.length === 0) {
        throw new AppError('FILE_MISSING', '请选择要上传的工作簿（.xlsx）或压缩包（.zip），表单字段名为“files”。', 400);
      }
      const user = currentUser(res);
      const guard = uploadGuard(store, user);
      const results = await ingestUpload(
        files.map((f) => ({ name: f.originalname, bytes: f.buffer })),
        { store: guard.store, pool, yoyThreshold: config.yoyThreshold },
        { uploader: user, ip: req.ip, dryRun, authorize: guard.authorize },
      );
      await afterUpload(store, logger, user, results, dryRun, req.ip);
      res.json({ dryRun, summary: summarize(results), files: results } satisfies UploadAnswer);
      releaseAfterUpload(files.reduce((sum, f) => sum + f.size, 0));
    });

    router.post('/api/submissions/values', async (req, res) => {
      const { dryRun } = parseInput(uploadQuery, req.query);
      const body = parseInput(valuesSubmissionSchema, req.body);
      const user = currentUser(res);
      const guard = uploadGuard(store, user);
      const result = await ingestValues(body, { store: guard.store, yoyThreshold: config.yoyThreshold }, { uploader: user, ip: req.ip, dryRun, authorize: guard.authorize });
      await afterUpload(store, logger, user, [result], dryRun, req.ip);
      res.json({ dryRun, summary: summarize([result]), files: [result] } satisfies UploadAnswer);
    });

    router.get('/api/submissions', async (req, res) => {
      const { year, unit, district } = parseInput(listQuery, req.query);
      const user = currentUser(res);
      const units = new Map((await store.listUnits()).map((u) => [u.code, u]));
      const current = await store.currentSubmissions(year);
      const visible = (code: string) => {
        const u = units.get(code);
        return u !== undefined && canSeeUnit(user, u) && (!district || u.districtCode === district);
      };
      const list = current.filter((s) => (!unit || s.unitCode === unit) && visible(s.unitCode)).map(({ values: _v, cells: _c, problems, ...summary }) => ({
        ...summary,
        warnings: problems.filter((p) => p.severity === 'warning').length,
      }) satisfies SubmissionListItem);
      res.json({ year, submissions: list });
    });

    router.get('/api/submissions/:id', async (req, res) => {
      const { id } = parseInput(idParams, req.params);
      const submission = await visibleSubmission(store, currentUser(res), id);
      res.json(await withContext(store, submission));
    });

    router.get('/api/submissions/:id/original', async (req, res) => {
      const { id } = parseInput(idParams, req.params);
      const submission = await visibleSubmission(store, currentUser(res), id);
      const blob = await store.getBlob(submission.sha256);
      if (!blob) throw new AppError('SUBMISSION_NOT_FOUND', `编号为 ${id} 的报送记录在，但服务器上找不到它的原始文件：请联系管理员检查数据库中的原件。`, 404);
      res.attachment(submission.fileName.split('/').pop() || `${submission.unitCode}.xlsx`);
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.send(blob.bytes);
    });

    router.get('/api/units/:code/submissions', async (req, res) => {
      const { code } = parseInput(codeParams, req.params);
      const { year } = parseInput(yearQuery, req.query);
      const unit = await unitOr404(store, code);
      assertCanSeeUnit(currentUser(res), unit);
      res.json({ unit, year, versions: await store.submissionHistory(code, year) });
    });

    router.get('/api/submissions/:id/diff', async (req, res) => {
      const { id } = parseInput(idParams, req.params);
      const { against } = parseInput(diffQuery, req.query);
      const user = currentUser(res);
      const submission = await visibleSubmission(store, user, id);
      const otherId = against ?? (await previousVersionId(store, submission));
      const other = otherId ? await visibleSubmission(store, user, otherId) : undefined;
      if (other && other.unitCode !== submission.unitCode) {
        throw new AppError('DIFF_OTHER_UNIT', `编号 ${other.id} 是单位“${other.unitCode}”的报送，不是本单位（${submission.unitCode}）的：只能与本单位的其他版本比较，请换一个对比版本。`, 400);
      }
      res.json({ id, against: other?.id ?? null, changes: other ? diffValues(other, submission) : [] });
    });

    document(openapi);
    documentDetail(openapi);
    return router;
  };
}

export function summarize(results: FileResult[]): Record<FileResult['status'], number> {
  const summary = { accepted: 0, rejected: 0, duplicate: 0 };
  for (const r of results) summary[r.status]++;
  return summary;
}

function document(openapi: RouteContext['openapi']): void {
  const problem = {
    type: 'object',
    required: ['rule', 'severity', 'codes', 'cells', 'message'],
    properties: {
      rule: { type: 'string', description: '规则编号（R01…R31）或内置检查（TYPE、REQUIRED、FORMULA、STRUCTURE、META、YOY…）' },
      severity: { enum: ['error', 'warning', 'info'] },
      codes: { type: 'array', items: { type: 'string' } },
      cells: { type: 'array', items: { type: 'object', properties: { sheet: { type: 'string' }, address: { type: 'string' } } } },
      message: { type: 'string', description: '中文说明：哪里错了、怎么改' },
    },
  };
  const fileResult = {
    type: 'object',
    required: ['file', 'status', 'submissionId', 'unit', 'year', 'version', 'problems'],
    properties: {
      file: { type: 'string' },
      status: { enum: ['accepted', 'rejected', 'duplicate'] },
      submissionId: { type: ['string', 'null'] },
      unit: { type: ['string', 'null'] },
      unitName: { type: ['string', 'null'] },
      year: { type: ['integer', 'null'] },
      version: { type: ['integer', 'null'] },
      problems: { type: 'array', items: problem },
    },
  };
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
          '200': {
            description: '每个文件的结果',
            content: jsonContent({
              type: 'object',
              properties: {
                dryRun: { type: 'boolean' },
                summary: { type: 'object', properties: { accepted: { type: 'integer' }, rejected: { type: 'integer' }, duplicate: { type: 'integer' } } },
                files: { type: 'array', items: fileResult },
              },
            }),
          },
          ...errorResponses({ 400: '没有文件或参数有误', 413: '文件过大', 503: '服务器繁忙' }),
        },
      },
      get: {
        summary: '某年度各单位的当前报送版本',
        parameters: parametersOf(listQuery, 'query'),
        responses: { '200': { description: '当前版本列表', content: jsonContent({ type: 'object' }) }, ...errorResponses({ 400: '参数有误' }) },
      },
    },
    '/api/submissions/values': {
      post: {
        summary: '只报送填报值（Excel 加载项在无法取得文件时使用），按与工作簿相同的规则检查',
        parameters: parametersOf(uploadQuery, 'query', { dryRun: '1：只检查，不保存' }),
        requestBody: {
          required: true,
          content: jsonContent({
            type: 'object',
            required: ['fileName', 'stamp', 'cells'],
            properties: {
              fileName: { type: 'string' },
              sheetName: { type: 'string' },
              stamp: { type: 'object', description: '模板标识：catalogue_version、unit_type、report_year、unit_code…' },
              date1904: { type: 'boolean' },
              cells: {
                type: 'object',
                description: '指标代码 → {address, raw: {kind, value}, formula?, remark?}',
                additionalProperties: { type: 'object' },
              },
            },
          }),
        },
        responses: {
          '200': { description: '与上传工作簿相同的逐文件结果', content: jsonContent({ type: 'object' }) },
          ...errorResponses({ 400: '请求内容有误' }),
        },
      },
    },
    '/api/submissions/{id}': {
      get: {
        summary: '一次报送的详情：填报值、来源单元格、问题',
        parameters: parametersOf(idParams, 'path'),
        responses: { '200': { description: '报送详情', content: jsonContent({ type: 'object' }) }, ...errorResponses({ 404: '不存在' }) },
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
        responses: { '200': { description: '版本历史', content: jsonContent({ type: 'object' }) }, ...errorResponses({ 404: '单位不存在' }) },
      },
    },
  });
}
