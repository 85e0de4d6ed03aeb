// GET /api/reports/{year}/draft.docx?level=unit|district|city&code=…: the annual report draft of a
// unit, a district or the city (issue 17). Who may have which draft is the service's (draftForUser);
// the code defaults to the account's own unit or district.
import express from 'express';
import { z } from 'zod';
import { currentUser } from '../auth/middleware';
import { draftForUser } from '../services/drafts';
import type { RouteContext } from './route-context';
import { parseInput } from './errors';
import { errorResponses, parametersOf, registerPaths } from './openapi';
import { yearParams } from './params';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const draftQuery = z.object({
  level: z.enum(['unit', 'district', 'city'], { error: '层级 level 应为 unit（本单位）、district（某区）或 city（全市）' }),
  code: z.string().min(1).max(32).optional(),
});

export function draftRoutes({ store, config, openapi }: RouteContext): express.Router {
  const router = express.Router();

  router.get('/api/reports/:year/draft.docx', async (req, res) => {
    const { year } = parseInput(yearParams, req.params);
    const { level, code } = parseInput(draftQuery, req.query);
    const file = await draftForUser(store, currentUser(res), { year, level, code }, config.yoyThreshold);
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
