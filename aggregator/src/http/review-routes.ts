// Review and the locks it works with: accept / return a current submission, change a reporting
// year's status (open, closed, locked), and reopen one unit's year after the deadline or acceptance.
import express from 'express';
import { z } from 'zod';
import { AppError } from '../../../templates/src/core/errors';
import { audit } from '../auth/audit';
import { currentUser } from '../auth/middleware';
import { canReviewUnit, outOfScope } from '../auth/scope';
import { ACCEPTED_STATUSES } from '../rollup/labels';
import type { RouteContext } from './route-context';
import { parseInput } from './errors';
import { unitOr404, yearOr404 } from './lookups';
import { codeParams, DEADLINE_TOO_EARLY, deadlineAfterYear, idParams, isoDate, yearNumber, yearParams } from './params';
import { errorResponses, jsonContent, jsonSchemaOf, parametersOf, ref, registerPaths } from './openapi';
import { visibleSubmission } from './submission-detail';

const reviewSchema = z
  .object({
    action: z.enum(['accept', 'return'], { error: '审核操作应为 accept（通过）或 return（退回）' }),
    reason: z.string().trim().max(2000, { error: '退回理由不超过2000字' }).optional(),
  })
  .refine((r) => r.action !== 'return' || (r.reason ?? '').length > 0, { error: '退回时必须填写理由，单位将看到这段说明', path: ['reason'] });
const statusSchema = z.object({
  status: z.enum(['open', 'closed', 'locked'], { error: '年度状态应为 open（开放）、closed（关闭）或 locked（锁定）' }),
  /** Optional: move the deadline (e.g. extend it) in the same step. */
  deadline: isoDate.optional(),
});
const reopenSchema = z.object({
  year: yearNumber,
  reason: z.string({ error: '请填写重新开放的理由' }).trim().min(1, { error: '请填写重新开放的理由' }).max(2000),
});

const STATUS_ZH = { open: '开放', closed: '关闭', locked: '锁定' } as const;

export function reviewRoutes({ store, openapi }: RouteContext): express.Router {
  const router = express.Router();

  router.post('/api/submissions/:id/review', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const { action, reason } = parseInput(reviewSchema, req.body);
    const user = currentUser(res);
    const submission = await visibleSubmission(store, user, id);
    const unit = await store.getUnit(submission.unitCode);
    if (!unit || !canReviewUnit(user, unit)) throw outOfScope(`审核单位“${unit?.name ?? submission.unitCode}”的报送`);
    if (!submission.isCurrent) {
      throw new AppError('NOT_CURRENT', `这是“${unit.name}”的第 ${submission.version} 版，已被更新的版本取代，只能审核当前版本。`, 409);
    }
    const year = await yearOr404(store, submission.year);
    if (year.status === 'locked') throw new AppError('YEAR_LOCKED', `${year.year} 年度已锁定，不能再审核。如需变更，请由市级管理员解除锁定。`, 409);
    if (ACCEPTED_STATUSES.has(submission.status)) {
      throw new AppError('ALREADY_ACCEPTED', `“${unit.name}”的这份报表已审核通过并锁定。如需更正，请先重新开放该单位的填报，待单位重新上传后再审核。`, 409);
    }
    const status = action === 'accept' ? 'accepted' : 'returned';
    const done = await store.review.setReview(id, { status, reason: reason || null, reviewedBy: user.username });
    if (!done) throw new AppError('NOT_CURRENT', `“${unit.name}”刚刚上传了新版本，请刷新后审核新版本。`, 409);
    await audit(store, user, action === 'accept' ? 'review.accept' : 'review.return', {
      unitCode: unit.code,
      year: submission.year,
      detail: { submissionId: id, version: submission.version, reason: reason || null },
    });
    const { cells: _cells, ...updated } = (await store.getSubmission(id))!;
    res.json({ submission: updated });
  });

  router.post('/api/years/:year/status', async (req, res) => {
    const { year } = parseInput(yearParams, req.params);
    const { status, deadline } = parseInput(statusSchema, req.body);
    const before = await yearOr404(store, year);
    if (deadline !== undefined && !deadlineAfterYear(year, deadline)) {
      throw new AppError('INVALID_DEADLINE', `${DEADLINE_TOO_EARLY}：${year} 年度的截止日期应晚于 ${year}-12-31，收到 ${deadline}。`, 400);
    }
    if (deadline !== undefined) await store.review.setDeadline(year, deadline);
    const after = await store.setYearStatus(year, status);
    await audit(store, currentUser(res), 'year.status', {
      year,
      detail: { from: before.status, to: status, ...(deadline !== undefined ? { deadlineFrom: before.deadline, deadlineTo: deadline } : {}) },
    });
    res.json(after);
  });

  router.post('/api/units/:code/reopen', async (req, res) => {
    const { code } = parseInput(codeParams, req.params);
    const { year, reason } = parseInput(reopenSchema, req.body);
    const user = currentUser(res);
    const unit = await unitOr404(store, code);
    if (!canReviewUnit(user, unit)) throw outOfScope(`重新开放单位“${unit.name}”的填报`);
    const reportingYear = await yearOr404(store, year);
    if (reportingYear.status !== 'open') {
      throw new AppError('YEAR_NOT_OPEN', `${year} 年度已${STATUS_ZH[reportingYear.status]}，不能为单位重新开放填报。请先由市级管理员把该年度恢复为开放。`, 409);
    }
    const reopening = await store.review.reopen({ unitCode: code, year, reason, reopenedBy: user.username });
    await audit(store, user, 'unit.reopen', { unitCode: code, year, detail: { reason, reopeningId: reopening.id } });
    res.status(201).json({ reopening });
  });

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
          '200': { description: '审核后的报送', content: jsonContent({ type: 'object', properties: { submission: { type: 'object' } } }) },
          ...errorResponses({ 400: '请求内容有误（退回须写理由）', 403: '无权审核该单位', 404: '不存在', 409: '不是当前版本、已通过或年度已锁定' }),
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
          '201': { description: '重新开放记录', content: jsonContent({ type: 'object', properties: { reopening: { type: 'object' } } }) },
          ...errorResponses({ 400: '请求内容有误', 403: '无权办理该单位', 404: '单位或年度不存在', 409: '年度已关闭或锁定' }),
        },
      },
    },
  });
}
