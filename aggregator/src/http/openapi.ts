// The OpenAPI 3.1 description of /api, served at /api/openapi.json. It is plain data: each route
// module registers the paths it serves next to its handlers, and a test checks that the document
// and the Express router list the same routes.
import { z } from 'zod';
import { ERROR_CODES } from '../../../templates/src/core/error-catalogue';
import { WIRE_SCHEMAS, type WireSchemaName } from '../contract';

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type JsonSchema = Record<string, unknown>;

export interface ResponseObject {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { schema: JsonSchema }>;
}

export interface OperationObject {
  summary: string;
  description?: string;
  tags?: string[];
  parameters?: Record<string, unknown>[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, ResponseObject>;
}

export type PathItem = Partial<Record<HttpMethod, OperationObject>>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, JsonSchema> };
}

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: {
          type: 'string',
          description: '稳定的错误代码，如 REGISTRY_ROWS、NOT_FOUND；全部代码（x-error-codes）及其状态和中文说明见错误目录 templates/src/core/error-catalogue.ts',
          'x-error-codes': ERROR_CODES,
        },
        message: { type: 'string', description: '中文说明：错在哪里、应当怎么做' },
        where: {
          type: 'object',
          properties: {
            file: { type: 'string' },
            sheet: { type: 'string' },
            cell: { type: 'string' },
            indicator: { type: 'string' },
            row: { type: 'integer' },
          },
        },
      },
      additionalProperties: true,
    },
  },
};

export function createOpenApiDocument(): OpenApiDocument {
  const doc: OpenApiDocument = {
    openapi: '3.1.0',
    info: {
      title: '法治政府建设年度指标汇总服务',
      version: '1.0.0',
      description: '单位名录、填报年度、报表上传与汇总接口。所有错误均以 {error: {code, message, where}} 返回，message 为中文。',
    },
    paths: {},
    components: { schemas: { Error: errorSchema } },
  };
  // Every named wire shape, generated from the contract's zod schemas (never restated here).
  registerSchemas(doc, Object.fromEntries(Object.entries(WIRE_SCHEMAS).map(([name, schema]) => [name, jsonSchemaOf(schema)])));
  registerPaths(doc, {
    '/api/openapi.json': {
      get: {
        summary: '本接口说明（OpenAPI 3.1）',
        tags: ['系统'],
        responses: { '200': { description: 'OpenAPI 文档', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  });
  return doc;
}

/** Adds operations; paths use OpenAPI syntax ('/api/submissions/{id}'). A second registration of the same operation throws. */
export function registerPaths(doc: OpenApiDocument, paths: Record<string, PathItem>): void {
  for (const [path, item] of Object.entries(paths)) {
    const existing = (doc.paths[path] ??= {});
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (existing[method]) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} registered twice`);
      existing[method] = operation;
    }
  }
}

export function registerSchemas(doc: OpenApiDocument, schemas: Record<string, JsonSchema>): void {
  Object.assign(doc.components.schemas, schemas);
}

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of a zod schema, so validation and documentation agree. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return rest;
}

/** OpenAPI parameters from the zod schema that parses them, so what is checked and what is documented agree. */
export function parametersOf(schema: z.ZodType, where: 'path' | 'query', descriptions: Record<string, string> = {}): Record<string, unknown>[] {
  const json = jsonSchemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
    ...(descriptions[name] ? { description: descriptions[name] } : {}),
  }));
}

export const ref = (name: WireSchemaName | 'Error'): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** A JSON answer of a named contract shape. */
export const answerOf = (description: string, name: WireSchemaName): ResponseObject => ({ description, content: jsonContent(ref(name)) });

export const jsonContent = (schema: JsonSchema) => ({ 'application/json': { schema } });

/** Standard error responses, e.g. errorResponses({400: '请求内容有误'}). */
export function errorResponses(described: Record<number, string>): Record<string, ResponseObject> {
  return Object.fromEntries(
    Object.entries(described).map(([status, description]) => [status, { description, content: jsonContent(ref('Error')) }]),
  );
}

/** Express path ('/api/x/:id') → OpenAPI path ('/api/x/{id}'). */
export const toOpenApiPath = (expressPath: string): string => expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
