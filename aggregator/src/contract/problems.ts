// A finding on a sheet, as uploads, submissions and the add-in's check show it. The type is the
// domain core's (templates/src/core/model.ts); this is its wire schema and the severities' names.
import { z } from 'zod';
import type { CellRef, Problem, Severity } from '../../../templates/src/core/model';
import type { SameShape } from './shape-check';

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export const severitySchema = z.enum(SEVERITIES);

export const SEVERITY_LABELS: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

export const cellRefSchema = z.object({ sheet: z.string(), address: z.string().describe('如 C12') });

export const problemSchema = z.object({
  rule: z.string().describe('规则编号（R01…R31）或内置检查（TYPE、REQUIRED、FORMULA、STRUCTURE、META、YOY…）'),
  severity: severitySchema,
  codes: z.array(z.string()).describe('涉及的指标代码'),
  cells: z.array(cellRefSchema),
  message: z.string().describe('中文说明：哪里错了、怎么改'),
});

const _cellRef: SameShape<z.infer<typeof cellRefSchema>, CellRef> = true;
const _problem: SameShape<z.infer<typeof problemSchema>, Problem> = true;
const _severity: SameShape<z.infer<typeof severitySchema>, Severity> = true;


/** A cell's value on the wire: a number, text, or 是/否 as a boolean; null when blank. */
export const valueSchema = z.union([z.number(), z.string(), z.boolean()]).nullable();
