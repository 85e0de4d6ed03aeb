// Review and the locks it works with: accept / return a current submission, change a reporting
// year's status (open, closed, locked), and reopen one unit's year after the deadline or acceptance.
import express from 'express';
import { z } from 'zod';
import { currentUser } from '../auth/middleware';
import { acceptBatch, changeYearStatus, reopenUnit, reviewSubmission } from '../services/review';
import type { RouteContext } from './route-context';
import { writeEndpoint } from './endpoint';
import { parseInput } from './errors';
import { codeParams, idParams, isoDate, yearNumber, yearParams } from './params';
import { answerOf, errorResponses, jsonContent, jsonSchemaOf, parametersOf, ref, registerPaths } from './openapi';

const reviewSchema = z
  .object({
    action: z.enum(['accept', 'return'], { error: '审核操作应为 accept（通过）或 return（退回）' }),
    reason: z.string().trim().max(2000, { error: '退回理由不超过2000字' }).optional(),
  })
  .refine((r) => r.action !== 'return' || (r.reason ?? '').length > 0, { error: '退回时必须填写理由，单位将看到这段说明', path: ['reason'] });
const batchSchema = z.object({
  ids: z.array(z.string().min(1).max(64), { error: 'ids 应为报送编号的列表' }).min(1, { error: '请至少勾选一份报表' }).max(1000, { error: '一次最多批量通过1000份报表' }),
  action: z.literal('accept', { error: '批量审核只支持 accept（通过）；退回须逐份写理由' }),
});
const statusSchema = z.object({
  status: z.enum(['open', 'closed', 'locked'], { error: '年度状态应为 open（开放）、closed（关闭）或 locked（锁定）' }),
  /** Optional: move the deadline (e.g. extend it) in the same step. */
  deadline: isoDate.optional(),
});
const reopenSchema = z.object({
  year: yearNumber,
  reason: z.string({ error: '请填写重新开放的理由' }).trim().min(1, { error: '请填写重新开放的理由' }).max(2000),
});

export function reviewRoutes({ store, openapi }: RouteContext): express.Router {
  const router = express.Router();

  router.post(
    '/api/submissions/:id/review',
    writeEndpoint(store, {
      input: (req, res) => ({ actor: currentUser(res), ...parseInput(idParams, req.params), ...parseInput(reviewSchema, req.body) }),
      run: (tx, { actor, ...input }) => reviewSubmission(tx, actor, input),
      reply: (res, submission) => res.json({ submission }),
    }),
  );

  router.post(
    '/api/submissions/review-batch',
    writeEndpoint(store, {
      input: (req, res) => ({ actor: currentUser(res), ...parseInput(batchSchema, req.body) }),
      run: (tx, { actor, ids }) => acceptBatch(tx, actor, ids),
      reply: (res, submissions) => res.json({ submissions }),
    }),
  );

  router.post(
    '/api/years/:year/status',
    writeEndpoint(store, {
      input: (req, res) => ({ actor: currentUser(res), ...parseInput(yearParams, req.params), ...parseInput(statusSchema, req.body) }),
      run: (tx, { actor, ...input }) => changeYearStatus(tx, actor, input),
    }),
  );

  router.post(
    '/api/units/:code/reopen',
    writeEndpoint(store, {
      input: (req, res) => ({ actor: currentUser(res), ...parseInput(codeParams, req.params), ...parseInput(reopenSchema, req.body) }),
      run: (tx, { actor, ...input }) => reopenUnit(tx, actor, input),
      reply: (res, reopening) => res.status(201).json({ reopening }),
    }),
  );

  document(openapi);
  return router;
}

function document(openapi: RouteContext['openapi']): void {
  registerPaths(openapi, {
    '/api/submissions/{id}/review': {
      post: {
        summary: '审核当前版本：通过（锁定该单位本年度的数值）或退回（须写理由，单位可见）',
        tags: ['审核'],
        parameters: parametersOf(idParams, 'path'),
        requestBody: { required: true, content: jsonContent(jsonSchemaOf(reviewSchema)) },
        responses: {
          '200': answerOf('审核后的报送', 'ReviewAnswer'),
          ...errorResponses({ 400: '请求内容有误（退回须写理由）', 403: '无权审核该单位', 404: '不存在', 409: '不是当前版本、已通过或年度已锁定' }),
        },
      },
    },
    '/api/submissions/review-batch': {
      post: {
        summary: '批量审核通过：一次通过多份无错误的待审核报表（全部通过或全部不变；每份各记一条审计日志）',
        tags: ['审核'],
        requestBody: { required: true, content: jsonContent(jsonSchemaOf(batchSchema)) },
        responses: {
          '200': answerOf('通过后的报送', 'ReviewBatchAnswer'),
          ...errorResponses({ 400: '请求内容有误', 403: '无权审核其中某单位', 404: '报送不存在', 409: '其中某份不是待审核、有错误、不是当前版本，或年度/区已锁定' }),
        },
      },
    },
    '/api/years/{year}/status': {
      post: {
        summary: '变更年度状态：开放、关闭（不再接收报送）或锁定（不再接收报送、审核或重新开放）；可同时调整截止日期',
        tags: ['年度'],
        parameters: parametersOf(yearParams, 'path'),
        requestBody: { required: true, content: jsonContent(jsonSchemaOf(statusSchema)) },
        responses: { '200': { description: '变更后的年度', content: jsonContent(ref('ReportingYear')) }, ...errorResponses({ 400: '请求内容有误', 404: '年度不存在' }) },
      },
    },
    '/api/units/{code}/reopen': {
      post: {
        summary: '重新开放某单位某年度的填报（截止后或审核通过后允许再上传一次；记入审计日志）',
        tags: ['审核'],
        parameters: parametersOf(codeParams, 'path'),
        requestBody: { required: true, content: jsonContent(jsonSchemaOf(reopenSchema)) },
        responses: {
          '201': answerOf('重新开放记录', 'ReopeningAnswer'),
          ...errorResponses({ 400: '请求内容有误', 403: '无权办理该单位', 404: '单位或年度不存在', 409: '年度已关闭或锁定' }),
        },
      },
    },
  });
}
