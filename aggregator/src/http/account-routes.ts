// Accounts and their API tokens, managed by city coordinators: GET/POST /api/users,
// PATCH /api/users/:id, GET/POST /api/users/:id/tokens, DELETE /api/tokens/:id.
import express from 'express';
import { z } from 'zod';
import { AppError } from '../../../templates/src/core/errors';
import { audit } from '../auth/audit';
import { publicUser } from '../auth/login';
import { currentUser } from '../auth/middleware';
import { ROLE_LABELS } from '../auth/scope';
import { hashPassword, newApiToken, sha256Hex } from '../auth/secrets';
import { ROLES, type Role, type Store, type TokenInfo, type User } from '../store';
import type { RouteContext } from './route-context';
import { parseInput } from './errors';
import { idParams } from './params';
import { errorResponses, jsonContent, jsonSchemaOf, parametersOf, ref, registerPaths } from './openapi';

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
});
const patchSchema = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  password: password.optional(),
  role: roleSchema.optional(),
  unitCode: code.nullish(),
  districtCode: code.nullish(),
  disabled: z.boolean().optional(),
});
const tokenSchema = z.object({ name: z.string().trim().min(1, { error: '请给令牌起个名字，如“Excel 加载项”' }).max(100) });

/** Checks the role's scope against the registry and returns exactly the scope the role keeps. */
async function scopeFor(store: Store, role: Role, unitCode?: string | null, districtCode?: string | null) {
  if (role === 'unit') {
    if (!unitCode) throw new AppError('SCOPE_REQUIRED', '填报单位账号必须指定单位代码（unitCode）。', 400);
    if (!(await store.getUnit(unitCode))) throw new AppError('UNIT_UNKNOWN', `单位代码“${unitCode}”不在单位名录中，请先导入名录或核对代码。`, 400);
    return { unitCode, districtCode: null };
  }
  if (role === 'city_admin') return { unitCode: null, districtCode: null };
  if (role === 'district_admin' && !districtCode) throw new AppError('SCOPE_REQUIRED', '区级管理员账号必须指定区代码（districtCode）。', 400);
  if (districtCode && !(await store.listUnits()).some((u) => u.districtCode === districtCode)) {
    throw new AppError('DISTRICT_UNKNOWN', `区代码“${districtCode}”不在单位名录中，请核对区代码。`, 400);
  }
  return { unitCode: null, districtCode: districtCode ?? null };
}

/** A token as GET /api/users/:id/tokens lists it: never its secret, nor (the path says it) its owner. */
export type PublicToken = Omit<TokenInfo, 'userId'>;

async function userOr404(store: Store, id: string): Promise<User> {
  const user = await store.accounts.getUser(id);
  if (!user) throw new AppError('USER_NOT_FOUND', `找不到编号为 ${id} 的账号：请刷新账号列表后重试。`, 404);
  return user;
}

export function accountRoutes({ store, openapi }: RouteContext): express.Router {
  const router = express.Router();

  router.get('/api/users', async (_req, res) => {
    res.json({ users: (await store.accounts.listUsers()).map(publicUser) });
  });

  router.post('/api/users', async (req, res) => {
    const input = parseInput(newUserSchema, req.body);
    const scope = await scopeFor(store, input.role, input.unitCode, input.districtCode);
    const user = await store.accounts.createUser({
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      ...scope,
      passwordHash: await hashPassword(input.password),
    });
    await audit(store, currentUser(res), 'user.create', { unitCode: user.unitCode, detail: { userId: user.id, username: user.username, role: user.role, districtCode: user.districtCode } });
    res.status(201).json({ user: publicUser(user) });
  });

  router.patch('/api/users/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const patch = parseInput(patchSchema, req.body);
    const actor = currentUser(res);
    const existing = await userOr404(store, id);
    const role = patch.role ?? existing.role;
    if (id === actor.id && (patch.disabled === true || role !== 'city_admin')) {
      throw new AppError('SELF_LOCKOUT', '不能停用自己的账号或取消自己的市级管理员角色，请由另一位市级管理员办理。', 409);
    }
    const roleOrScopeChanged = patch.role !== undefined || patch.unitCode !== undefined || patch.districtCode !== undefined;
    const scope = roleOrScopeChanged
      ? await scopeFor(store, role, patch.unitCode === undefined ? existing.unitCode : patch.unitCode, patch.districtCode === undefined ? existing.districtCode : patch.districtCode)
      : {};
    const updated = await store.accounts.updateUser(id, {
      displayName: patch.displayName,
      role: patch.role,
      ...scope,
      disabled: patch.disabled,
      passwordHash: patch.password === undefined ? undefined : await hashPassword(patch.password),
    });
    // New password, new powers or a stopped account: sessions opened under the old ones end now.
    if (patch.password !== undefined || roleOrScopeChanged || patch.disabled === true) await store.accounts.deleteSessionsOf(id);
    const changed = Object.keys(patch).filter((k) => k !== 'password');
    await audit(store, actor, 'user.update', {
      unitCode: updated!.unitCode,
      detail: { userId: id, username: existing.username, changed: patch.password === undefined ? changed : [...changed, 'password'], role: updated!.role, disabled: updated!.disabled },
    });
    res.json({ user: publicUser(updated!) });
  });

  router.get('/api/users/:id/tokens', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    await userOr404(store, id);
    const tokens = (await store.accounts.listTokens(id)).map(({ userId: _u, ...t }) => t satisfies PublicToken);
    res.json({ tokens });
  });

  router.post('/api/users/:id/tokens', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const { name } = parseInput(tokenSchema, req.body);
    const owner = await userOr404(store, id);
    const token = newApiToken();
    const info = await store.accounts.createToken({ userId: id, name, tokenHash: sha256Hex(token) });
    await audit(store, currentUser(res), 'token.create', { unitCode: owner.unitCode, detail: { tokenId: info.id, name, userId: id, username: owner.username } });
    res.status(201).json({ id: info.id, name, token });
  });

  router.delete('/api/tokens/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params);
    const token = await store.accounts.getToken(id);
    if (!token) throw new AppError('TOKEN_NOT_FOUND', `找不到编号为 ${id} 的令牌：请刷新令牌列表后重试。`, 404);
    if (await store.accounts.revokeToken(id)) {
      await audit(store, currentUser(res), 'token.revoke', { detail: { tokenId: id, name: token.name, userId: token.userId } });
    }
    res.status(204).end();
  });

  document(openapi);
  return router;
}

function document(openapi: RouteContext['openapi']): void {
  const idParam = parametersOf(idParams, 'path');
  const tokenInfo = {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      createdAt: { type: 'string' },
      lastUsedAt: { type: ['string', 'null'] },
      revokedAt: { type: ['string', 'null'] },
    },
  };
  const tags = ['账号'];
  registerPaths(openapi, {
    '/api/users': {
      get: { summary: '账号列表（市级管理员）', tags, responses: { '200': { description: '全部账号', content: jsonContent({ type: 'object', properties: { users: { type: 'array', items: ref('User') } } }) } } },
      post: {
        summary: '新建账号（市级管理员）；填报单位须给 unitCode，区级管理员须给 districtCode，领导可给 districtCode（不给则为全市）',
        tags,
        requestBody: { required: true, content: jsonContent(jsonSchemaOf(newUserSchema)) },
        responses: { '201': { description: '新账号', content: jsonContent({ type: 'object', properties: { user: ref('User') } }) }, ...errorResponses({ 400: '请求内容有误', 409: '用户名已被使用' }) },
      },
    },
    '/api/users/{id}': {
      patch: {
        summary: '修改账号：姓名、密码、角色与范围、停用（市级管理员；改密码、改角色或停用会使该账号的会话失效）',
        tags,
        parameters: idParam,
        requestBody: { required: true, content: jsonContent(jsonSchemaOf(patchSchema)) },
        responses: { '200': { description: '修改后的账号', content: jsonContent({ type: 'object', properties: { user: ref('User') } }) }, ...errorResponses({ 400: '请求内容有误', 404: '账号不存在', 409: '不能停用或降级自己' }) },
      },
    },
    '/api/users/{id}/tokens': {
      get: { summary: '某账号的 API 令牌（不含令牌本身）', tags, parameters: idParam, responses: { '200': { description: '令牌', content: jsonContent({ type: 'object', properties: { tokens: { type: 'array', items: tokenInfo } } }) }, ...errorResponses({ 404: '账号不存在' }) } },
      post: {
        summary: '为账号创建 API 令牌（供脚本和 Excel 加载项使用；令牌只显示这一次）',
        tags,
        parameters: idParam,
        requestBody: { required: true, content: jsonContent(jsonSchemaOf(tokenSchema)) },
        responses: { '201': { description: '新令牌', content: jsonContent({ type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, token: { type: 'string' } } }) }, ...errorResponses({ 400: '请求内容有误', 404: '账号不存在' }) },
      },
    },
    '/api/tokens/{id}': {
      delete: { summary: '吊销 API 令牌', tags, parameters: idParam, responses: { '204': { description: '已吊销' }, ...errorResponses({ 404: '令牌不存在' }) } },
    },
  });
}
