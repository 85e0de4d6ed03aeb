// The version diff's query and OpenAPI entry (the rules are services/diffs.ts and submissions.ts).
import { z } from 'zod';
import type { RouteContext } from './route-context';
import { answerOf, errorResponses, parametersOf, registerPaths } from './openapi';
import { idParams } from './params';

export const diffQuery = z.object({ against: z.string().min(1).max(64).optional() });

/** GET /api/submissions/:id and its diff as they are sent (the page and the add-in import them from here). */
export type { SubmissionDetail } from '../services/submissions';
export type { ValueChange } from '../services/diffs';

export function documentDetail(openapi: RouteContext['openapi']): void {
  registerPaths(openapi, {
    '/api/submissions/{id}/diff': {
      get: {
        summary: '两个版本之间变动的填报值（默认与上一版本比较）',
        parameters: [...parametersOf(idParams, 'path'), ...parametersOf(diffQuery, 'query', { against: '对比的版本编号；不给则为上一版本' })],
        responses: {
          '200': answerOf('变动', 'VersionDiff'),
          ...errorResponses({ 400: '对比版本不是同一单位的', 403: '无权查看', 404: '不存在' }),
        },
      },
    },
  });
}
