// Accounts and their API tokens, managed by city coordinators: GET/POST /api/users,
// PATCH /api/users/:id, GET/POST /api/users/:id/tokens, DELETE /api/tokens/:id.
import express from 'express';
import { z } from 'zod';
import { currentUser } from '../auth/middleware';
import { ROLE_LABELS } from '../auth/scope';
import { BULK_HEADERS, bulkAccountsSchema } from '../contract/accounts';
import { accountsWorkbook } from '../reports/accounts-workbook';
import {
  createAccount,
  createBulkAccounts,
  createToken,
  listAccounts,
  listTokens,
  prepareAccount,
  prepareBulkAccounts,
  prepareOneTimePassword,
  resetPassword,
  revokeToken,
  ROLES,
  updateAccount,
} from '../services/accounts';
import { ownOrigin } from '../auth/middleware';
import type { RouteContext } from './route-context';
import { writeEndpoint } from './endpoint';
import { parseInput } from './errors';
import { idParams } from './params';
import { answerOf, errorResponses, jsonContent, jsonSchemaOf, parametersOf, registerPaths } from './openapi';

const password = z.string().min(8, { error: '密码至少8个字符' }).max(200, { error: '密码不超过200个字符' });
const code = z.string().trim().min(1).max(32);
const roleSchema = z.enum(ROLES, { error: `角色应为 ${ROLES.map((r) => `${r}（${ROLE_LABELS[r]}）`).join('、')} 之一` });

const newUserSchema = z.object({
  username: z
    .string()
    .trim()
    .min(2, { error: '用户名至少2个字符' })
    .max(64)
    .regex(/^[\p{L}\p{N}_.@-]+$/u, { error: '用户名只能包含文字、字母、数字和 _ . @ -' }),
  displayName: z.string().trim().min(1, { error: '请填写姓名或称呼' }).max(100),
  password,
  role: roleSchema,
  unitCode: code.nullish(),
  districtCode: code.nullish(),
  mustChangePassword: z.boolean().optional(),
});
const patchSchema = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  password: password.optional(),
  role: roleSchema.optional(),
  unitCode: code.nullish(),
  districtCode: code.nullish(),
  disabled: z.boolean().optional(),
  mustChangePassword: z.boolean().optional(),
});
const tokenSchema = z.object({ name: z.string().trim().min(1, { error: '请给令牌起个名字，如“Excel 加载项”' }).max(100) });

/** A token as the token list sends it (the page imports it from here). */
export type { PublicToken } from '../services/accounts';

export function accountRoutes({ store, config, openapi }: RouteContext): express.Router {
  const router = express.Router();

  router.get('/api/users', async (_req, res) => {
    res.json({ users: await listAccounts(store) });
  });

  router.post(
    '/api/users',
    writeEndpoint(store, {
      input: async (req, res) => ({ actor: currentUser(res), account: await prepareAccount(parseInput(newUserSchema, req.body)) }),
      run: (tx, { actor, account }) => createAccount(tx, actor, account),
      reply: (res, user) => res.status(201).json({ user }),
    }),
  );

  router.post(
    '/api/users/bulk',
    writeEndpoint(store, {
      input: async (req, res) => {
        const actor = currentUser(res);
        const prepared = await prepareBulkAccounts(store, actor, parseInput(bulkAccountsSchema, req.body));
        return { actor, prepared, loginUrl: `${ownOrigin(req, config)}/` };
      },
      // The workbook is written before the commit: should it fail, no account is left whose password nobody saw.
      run: async (tx, { actor, prepared, loginUrl }) => {
        const { rows, summary } = await createBulkAccounts(tx, actor, prepared);
        const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
        return { summary, day, scopeName: prepared.scopeName, bytes: await accountsWorkbook(prepared.scopeName, day, rows, loginUrl) };
      },
      reply: (res, { summary, day, scopeName, bytes }) => {
        res.setHeader(BULK_HEADERS.created, String(summary.created));
        res.setHeader(BULK_HEADERS.skipped, String(summary.skipped));
        res.attachment(`${scopeName}单位账户-${day}.xlsx`);
        res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        res.status(201).send(bytes);
      },
    }),
  );

  router.post(
    '/api/users/:id/password-reset',
    writeEndpoint(store, {
      input: async (req, res) => ({ actor: currentUser(res), ...parseInput(idParams, req.params), prepared: await prepareOneTimePassword() }),
      run: (tx, { actor, id, prepared }) => resetPassword(tx, actor, id, prepared),
      reply: (res, answer) => res.json(answer),
    }),
  );

  router.patch(
    '/api/users/:id',
    writeEndpoint(store, {
      input: async (req, res) => {
        const { id } = parseInput(idParams, req.params);
        return { actor: currentUser(res), id, patch: await prepareAccount(parseInput(patchSchema, req.body)) };
      },
      run: (tx, { actor, id, patch }) => updateAccount(tx, actor, id, patch),
      reply: (res, user) => res.json({ user }),
    }),
  );

  router.get('/api/users/:id/tokens', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    res.json({ tokens: await listTokens(store, id) });
  });

  router.post(
    '/api/users/:id/tokens',
    writeEndpoint(store, {
      input: (req, res) => ({ actor: currentUser(res), ...parseInput(idParams, req.params), ...parseInput(tokenSchema, req.body) }),
      run: (tx, { actor, id, name }) => createToken(tx, actor, id, name),
      reply: (res, token) => res.status(201).json(token),
    }),
  );

  router.delete(
    '/api/tokens/:id',
    writeEndpoint(store, {
      input: (req, res) => ({ actor: currentUser(res), ...parseInput(idParams, req.params) }),
      run: (tx, { actor, id }) => revokeToken(tx, actor, id),
      reply: (res) => res.status(204).end(),
    }),
  );

  document(openapi);
  return router;
}

function document(openapi: RouteContext['openapi']): void {
  const idParam = parametersOf(idParams, 'path');
  const tags = ['账号'];
  registerPaths(openapi, {
    '/api/users': {
      get: { summary: '账号列表（市级管理员）', tags, responses: { '200': answerOf('全部账号', 'UserList') } },
      post: {
        summary: '新建账号（市级管理员）；填报单位须给 unitCode，区级管理员须给 districtCode，领导可给 districtCode（不给则为全市）',
        tags,
        requestBody: { required: true, content: jsonContent(jsonSchemaOf(newUserSchema)) },
        responses: { '201': answerOf('新账号', 'UserAnswer'), ...errorResponses({ 400: '请求内容有误', 409: '用户名已被使用' }) },
      },
    },
    '/api/users/bulk': {
      post: {
        summary:
          '为一个区（{"districtCode"}）或全市（{"city": true}）名录中尚无账户的单位一次建立填报单位账户（用户名为单位代码，首次登录须改密码），在一个事务中写入并各记一条审计日志；答复 xlsx：用户名和一次性密码（只出现这一次）。区级管理员只能为本区建立',
        tags,
        requestBody: { required: true, content: jsonContent(jsonSchemaOf(bulkAccountsSchema)) },
        responses: {
          '201': {
            description: `账户清单（xlsx）；响应头 ${BULK_HEADERS.created} 为新建数，${BULK_HEADERS.skipped} 为已有账户而跳过的单位数`,
            content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
          },
          ...errorResponses({ 400: '请求内容有误或区代码不在名录中', 403: '超出本账号的范围', 409: '某单位代码已被其他账号用作用户名（整批未建立）' }),
        },
      },
    },
    '/api/users/{id}/password-reset': {
      post: {
        summary: '重置密码（市级管理员）：生成一次性密码（只显示这一次），该账号下次登录须先改密码；已登录的会话失效，登录失败计数清零',
        tags,
        parameters: idParam,
        responses: {
          '200': answerOf('一次性密码', 'PasswordResetAnswer'),
          ...errorResponses({ 404: '账号不存在', 409: '不能重置自己的密码（请用“修改密码”）' }),
        },
      },
    },
    '/api/users/{id}': {
      patch: {
        summary: '修改账号：姓名、密码、角色与范围、停用（市级管理员；改密码、改角色或停用会使该账号的会话失效）',
        tags,
        parameters: idParam,
        requestBody: { required: true, content: jsonContent(jsonSchemaOf(patchSchema)) },
        responses: { '200': answerOf('修改后的账号', 'UserAnswer'), ...errorResponses({ 400: '请求内容有误', 404: '账号不存在', 409: '不能停用或降级自己' }) },
      },
    },
    '/api/users/{id}/tokens': {
      get: { summary: '某账号的 API 令牌（不含令牌本身）', tags, parameters: idParam, responses: { '200': answerOf('令牌', 'TokenList'), ...errorResponses({ 404: '账号不存在' }) } },
      post: {
        summary: '为账号创建 API 令牌（供脚本和 Excel 加载项使用；令牌只显示这一次）',
        tags,
        parameters: idParam,
        requestBody: { required: true, content: jsonContent(jsonSchemaOf(tokenSchema)) },
        responses: { '201': answerOf('新令牌', 'NewToken'), ...errorResponses({ 400: '请求内容有误', 404: '账号不存在' }) },
      },
    },
    '/api/tokens/{id}': {
      delete: { summary: '吊销 API 令牌', tags, parameters: idParam, responses: { '204': { description: '已吊销' }, ...errorResponses({ 404: '令牌不存在' }) } },
    },
  });
}
