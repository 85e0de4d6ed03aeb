// The second review level over HTTP: excuse a unit, a district's sign-off to the city, and the
// city's confirmation or return. Routes parse, call services/signoff.ts and answer.
import express from 'express';
import { z } from 'zod';
import { currentUser } from '../auth/middleware';
import { decideDistrict, excuseUnit, signoffDistrict } from '../services/signoff';
import type { RouteContext } from './route-context';
import { writeEndpoint } from './endpoint';
import { parseInput } from './errors';
import { codeParams, yearNumber } from './params';
import { answerOf, errorResponses, jsonContent, jsonSchemaOf, parametersOf, registerPaths, type ResponseObject, ref } from './openapi';

const reasonOf = (what: string) =>
  z.string({ error: `请填写${what}的理由` }).trim().min(1, { error: `请填写${what}的理由` }).max(2000, { error: `${what}理由不超过2000字` });
const excuseSchema = z.object({ year: yearNumber, reason: reasonOf('免报') });
const signoffSchema = z.object({ year: yearNumber });
const returnSchema = z.object({ year: yearNumber, reason: reasonOf('退回') });

export function signoffRoutes({ store, openapi }: RouteContext): express.Router {
  const router = express.Router();

  router.post(
    '/api/units/:code/excuse',
    writeEndpoint(store, {
      input: (req, res) => ({ actor: currentUser(res), ...parseInput(codeParams, req.params), ...parseInput(excuseSchema, req.body) }),
      run: (tx, { actor, ...input }) => excuseUnit(tx, actor, input),
      reply: (res, excuse) => res.status(201).json({ excuse }),
    }),
  );

  router.post(
    '/api/districts/:code/signoff',
    writeEndpoint(store, {
      input: (req, res) => ({ actor: currentUser(res), ...parseInput(codeParams, req.params), ...parseInput(signoffSchema, req.body) }),
      run: (tx, { actor, ...input }) => signoffDistrict(tx, actor, input),
      reply: (res, signoff) => res.json({ signoff }),
    }),
  );

  router.post(
    '/api/districts/:code/confirm',
    writeEndpoint(store, {
      input: (req, res) => ({ actor: currentUser(res), ...parseInput(codeParams, req.params), ...parseInput(signoffSchema, req.body) }),
      run: (tx, { actor, ...input }) => decideDistrict(tx, actor, { ...input, decision: 'confirm' }),
      reply: (res, signoff) => res.json({ signoff }),
    }),
  );

  router.post(
    '/api/districts/:code/return',
    writeEndpoint(store, {
      input: (req, res) => ({ actor: currentUser(res), ...parseInput(codeParams, req.params), ...parseInput(returnSchema, req.body) }),
      run: (tx, { actor, ...input }) => decideDistrict(tx, actor, { ...input, decision: 'return' }),
      reply: (res, signoff) => res.json({ signoff }),
    }),
  );

  document(openapi);
  return router;
}

function document(openapi: RouteContext['openapi']): void {
  const signoff = { description: '该区的上报状态（未上报 / 已上报 / 已确认 / 已退回）', content: jsonContent(ref('SignoffAnswer')) };
  const post = (summary: string, schema: z.ZodType, ok: Record<string, ResponseObject>, errors: Record<number, string>) => ({
    post: {
      summary,
      tags: ['审核'],
      parameters: parametersOf(codeParams, 'path'),
      requestBody: { required: true, content: jsonContent(jsonSchemaOf(schema)) },
      responses: { ...ok, ...errorResponses(errors) },
    },
  });
  registerPaths(openapi, {
    '/api/units/{code}/excuse': post(
      '免报：该单位本年度无需报送（须写理由；区级上报时视同已完成；记入审计日志）',
      excuseSchema,
      { '201': answerOf('免报记录', 'ExcuseAnswer') },
      { 400: '请求内容有误（须写理由）', 403: '无权办理该单位', 404: '单位或年度不存在', 409: '年度已锁定或该区已经市级确认' },
    ),
    '/api/districts/{code}/signoff': post(
      '区级审核完成，上报市级：该区每个应报单位均已审核通过或免报时才可上报',
      signoffSchema,
      { '200': signoff },
      { 400: '请求内容有误', 403: '无权办理该区', 404: '区或年度不存在', 409: '尚有单位未报送或未审核通过（列出单位），或已上报、已确认' },
    ),
    '/api/districts/{code}/confirm': post('市级确认区级上报：确认后该区单位锁定', signoffSchema, { '200': signoff }, {
      400: '请求内容有误',
      404: '区或年度不存在',
      409: '该区不是“已上报”状态',
    }),
    '/api/districts/{code}/return': post('市级退回区级上报（须写理由，区级管理员可见）', returnSchema, { '200': signoff }, {
      400: '请求内容有误（须写理由）',
      404: '区或年度不存在',
      409: '该区不是“已上报”状态',
    }),
  });
}
