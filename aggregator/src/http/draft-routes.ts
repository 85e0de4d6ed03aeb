// GET /api/reports/{year}/draft.docx?level=unit|district|city&code=…: the annual report draft of a
// unit, a district or the city (issue 17). A unit account gets its own unit, a district coordinator
// or district leader their district and its units, city roles everything; the code defaults to the
// account's own unit or district.
import express from 'express';
import { z } from 'zod';
import { AppError } from '../../../templates/src/core/errors';
import { audit } from '../auth/audit';
import { currentUser } from '../auth/middleware';
import { canSeeDistrict, canSeeUnit, outOfScope } from '../auth/scope';
import type { DraftLevel } from '../drafts/types';
import { buildDraftFile, type DraftRequest } from '../services/drafts';
import type { User } from '../store';
import type { RouteContext } from './app';
import { parseInput } from './errors';
import { errorResponses, parametersOf, registerPaths } from './openapi';
import { yearParams } from './params';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const draftQuery = z.object({
  level: z.enum(['unit', 'district', 'city'], { error: '层级 level 应为 unit（本单位）、district（某区）或 city（全市）' }),
  code: z.string().min(1).max(32).optional(),
});

function codeFor(level: DraftLevel, code: string | undefined, user: User): string {
  if (level === 'city') return 'city';
  const own = level === 'unit' ? user.unitCode : user.districtCode;
  const chosen = code ?? own;
  if (!chosen) {
    throw new AppError('DRAFT_CODE_REQUIRED', level === 'unit' ? '请用 code 给出单位代码，如 code=120101002。' : '请用 code 给出区代码，如 code=120101（和平区）。', 400);
  }
  return chosen;
}

export function draftRoutes({ store, config, openapi }: RouteContext): express.Router {
  const router = express.Router();

  router.get('/api/reports/:year/draft.docx', async (req, res) => {
    const { year } = parseInput(yearParams, req.params);
    const { level, code } = parseInput(draftQuery, req.query);
    const user = currentUser(res);
    const request: DraftRequest = { year, level, code: codeFor(level, code, user) };
    if (level === 'unit') {
      const unit = await store.getUnit(request.code);
      if (!unit) throw new AppError('UNIT_UNKNOWN', `单位代码“${request.code}”不在单位名录中，请核对单位代码。`, 404);
      if (!canSeeUnit(user, unit)) throw outOfScope(`单位“${unit.name}”的报告草稿`);
    } else if (!canSeeDistrict(user, level === 'city' ? null : request.code)) {
      throw outOfScope(level === 'city' ? '全市的报告草稿' : `区“${request.code}”的报告草稿`);
    }
    const file = await buildDraftFile(store, request, config.yoyThreshold);
    await audit(store, user, 'draft.download', {
      year,
      unitCode: level === 'unit' ? request.code : null,
      detail: { level, code: request.code, dataVersion: file.draft.properties.dataVersion },
    });
    res.attachment(file.fileName);
    res.type(DOCX_TYPE);
    res.send(file.bytes);
  });

  registerPaths(openapi, {
    '/api/reports/{year}/draft.docx': {
      get: {
        summary: '年度法治政府建设情况报告草稿（.docx，公文格式，每个数字带书签和批注）',
        parameters: [
          ...parametersOf(yearParams, 'path'),
          ...parametersOf(draftQuery, 'query', { level: 'unit 本单位 / district 某区 / city 全市', code: '单位代码或区代码；不填时用本账号的单位或区' }),
        ],
        responses: {
          '200': { description: '报告草稿', content: { [DOCX_TYPE]: { schema: { type: 'string', format: 'binary' } } } },
          ...errorResponses({ 400: '参数有误', 403: '超出本账号范围', 404: '年度、单位或区不存在，或单位尚未报送' }),
        },
      },
    },
  });
  return router;
}
