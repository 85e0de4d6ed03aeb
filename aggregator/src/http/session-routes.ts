// Signing in and out: POST/GET/DELETE /api/session. The session id travels only in an HttpOnly,
// SameSite=Strict cookie; the page reads its CSRF token from these answers.
import express from 'express';
import { z } from 'zod';
import { login, publicUser, ThrottledError } from '../auth/login';
import { authRequired, DEVICE_COOKIE, deviceCookieOptions, SESSION_COOKIE, sessionCookieOptions } from '../auth/middleware';
import { passwordChangeSchema } from '../contract/accounts';
import { changeOwnPassword, logout, preparePasswordChange } from '../services/accounts';
import type { RouteContext } from './route-context';
import { writeEndpoint } from './endpoint';
import { parseInput } from './errors';
import { answerOf, errorResponses, jsonContent, jsonSchemaOf, registerPaths, ref } from './openapi';

const loginSchema = z.object({
  username: z.string({ error: '请输入用户名' }).trim().min(1, { error: '请输入用户名' }).max(64),
  password: z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }).max(200),
});

export function sessionRoutes({ store, config, openapi }: RouteContext): express.Router {
  const router = express.Router();

  router.post('/api/session', async (req, res) => {
    const { username, password } = parseInput(loginSchema, req.body);
    const cookies = req.cookies as Record<string, string> | undefined;
    try {
      const result = await login(store, config, { username, password, ip: req.ip ?? '', previousSessionId: cookies?.[SESSION_COOKIE], deviceId: cookies?.[DEVICE_COOKIE] });
      res.cookie(SESSION_COOKIE, result.sessionId, sessionCookieOptions(req));
      res.cookie(DEVICE_COOKIE, result.deviceId, deviceCookieOptions(req));
      res.json({ user: publicUser(result.user), csrfToken: result.csrfToken });
    } catch (error) {
      if (error instanceof ThrottledError) res.setHeader('Retry-After', String(error.retryAfterMinutes * 60));
      throw error;
    }
  });

  router.get('/api/session', (_req, res) => {
    const auth = res.locals.auth;
    if (!auth) throw authRequired();
    res.json({ user: publicUser(auth.user), csrfToken: auth.csrfToken ?? null });
  });

  router.post(
    '/api/session/password',
    writeEndpoint(store, {
      input: async (req, res) => {
        const auth = res.locals.auth;
        if (!auth) throw authRequired();
        return { auth, prepared: await preparePasswordChange(store, config, auth.user, parseInput(passwordChangeSchema, req.body)) };
      },
      run: (tx, { auth, prepared }) => changeOwnPassword(tx, auth, prepared),
      reply: (res, user) => res.json({ user }),
    }),
  );

  router.delete(
    '/api/session',
    writeEndpoint(store, {
      input: (req, res) => ({ auth: res.locals.auth, ip: req.ip }),
      run: (tx, { auth, ip }) => logout(tx, auth, ip),
      reply: (res, _done, req) => {
        res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
        res.status(204).end();
      },
    }),
  );

  document(openapi);
  return router;
}

function document(openapi: RouteContext['openapi']): void {
  const session = jsonContent(ref('Session'));
  registerPaths(openapi, {
    '/api/session/password': {
      post: {
        summary: '修改本人密码（任何已登录的账号；以一次性密码登录后必须先做这一步）；本账号其他会话随之失效',
        tags: ['账号'],
        requestBody: { required: true, content: jsonContent(jsonSchemaOf(passwordChangeSchema)) },
        responses: {
          '200': answerOf('已修改', 'UserAnswer'),
          ...errorResponses({ 400: '当前密码不正确，或新密码不符合要求', 401: '未登录', 409: '密码刚被修改', 429: '输错次数过多' }),
        },
      },
    },
    '/api/session': {
      post: {
        summary: '登录（用户名、密码）；成功后设置会话 Cookie，并返回页面提交时须带上的 X-CSRF-Token',
        tags: ['账号'],
        requestBody: { required: true, content: jsonContent(jsonSchemaOf(loginSchema)) },
        responses: { '200': { description: '已登录', content: session }, ...errorResponses({ 400: '请求内容有误', 401: '用户名或密码错误、账号停用', 403: '请求来源不是本系统', 429: '失败次数过多，暂时禁止登录' }) },
      },
      get: {
        summary: '当前登录的账号',
        tags: ['账号'],
        responses: { '200': { description: '当前账号', content: session }, ...errorResponses({ 401: '未登录或已超时' }) },
      },
      delete: {
        summary: '退出登录',
        tags: ['账号'],
        responses: { '204': { description: '已退出' }, ...errorResponses({ 403: '页面安全校验失败' }) },
      },
    },
  });
}
