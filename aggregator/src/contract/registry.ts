// The unit registry and the reporting years as the API sends them.
import { z } from 'zod';
import { unitTypeSchema } from '../../../templates/src/core/catalogue';
import type { RegistryUnit } from '../../../templates/src/core/registry';
import type { SameShape } from './shape-check';

export const unitSchema = z.object({
  code: z.string().describe('单位代码'),
  name: z.string(),
  typeLabel: z.enum(['区人民政府', '区级部门', '市级部门']),
  unitType: unitTypeSchema,
  level: z.enum(['district', 'city']).describe('city：市级部门，只汇入全市'),
  districtCode: z.string().nullable(),
  districtName: z.string().nullable(),
  hasEnforcement: z.boolean().optional().describe('有行政执法职能（名录列，默认“是”）；false 的单位不填报行政执法指标'),
  updatedAt: z.string().describe('最后一次导入名录写入该单位的时间（ISO）'),
});
export type Unit = z.infer<typeof unitSchema>;
const _unit: SameShape<Omit<Unit, 'updatedAt'>, RegistryUnit> = true;


/** GET /api/registry: the units the account may see, by district, 市级部门 apart. */
export const registryViewSchema = z.object({
  total: z.number().int(),
  units: z.array(unitSchema),
  districts: z.array(z.object({ code: z.string(), name: z.string(), units: z.array(unitSchema) })),
  cityDepartments: z.array(unitSchema),
});
export type RegistryView = z.infer<typeof registryViewSchema>;

/** 'locked': closed, and no review, reopening or upload may change the year any more. */
export const YEAR_STATUSES = ['open', 'closed', 'locked'] as const;
export type YearStatus = (typeof YEAR_STATUSES)[number];
export const YEAR_STATUS_LABELS: Record<YearStatus, string> = { open: '填报中', closed: '已关闭', locked: '已锁定' };

export const reportingYearSchema = z.object({
  year: z.number().int(),
  catalogueVersion: z.string(),
  deadline: z.string().describe('YYYY-MM-DD'),
  status: z.enum(YEAR_STATUSES),
  openedAt: z.string(),
});
export type ReportingYear = z.infer<typeof reportingYearSchema>;

/** 区人民政府 / 区级部门 / 市级部门 of a unit, as the registry writes them. */
export function unitTypeLabel(unit: { unitType: string; level: 'district' | 'city' }): '区人民政府' | '区级部门' | '市级部门' {
  if (unit.level === 'city') return '市级部门';
  return unit.unitType === 'district_gov' ? '区人民政府' : '区级部门';
}

/** POST /api/registry: how many units the import wrote, and the registry's size after it. */
export const registryImportAnswerSchema = z.object({
  total: z.number().int().describe('文件中的单位数'),
  inserted: z.number().int(),
  updated: z.number().int(),
  districts: z.number().int().describe('导入后名录中的区数'),
  cityDepartments: z.number().int().describe('导入后名录中的市级部门数'),
});
export type RegistryImportAnswer = z.infer<typeof registryImportAnswerSchema>;

/** GET /api/registry/sample: what the demo data of a first start still holds. */
export const sampleCountsAnswerSchema = z.object({
  units: z.number().int(),
  years: z.array(z.number().int()),
  accounts: z.number().int(),
  submissions: z.number().int(),
  message: z.string(),
});

/** POST /api/registry/remove-sample: what was (or, with dryRun, would be) removed. */
export const sampleRemovalAnswerSchema = z.object({
  units: z.number().int(),
  years: z.array(z.number().int()).describe('已删除的示例年度'),
  keptYears: z.array(z.number().int()).describe('因含本系统单位的报送而保留的示例年度'),
  accounts: z.number().int(),
  submissions: z.number().int(),
  blobs: z.number().int(),
  dryRun: z.boolean(),
  message: z.string(),
});

export const yearListSchema = z.object({ years: z.array(reportingYearSchema) });
