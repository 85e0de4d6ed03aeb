// The unit registry and the reporting years as the API sends them.
import { z } from 'zod';
import type { RegistryUnit } from '../../../templates/src/core/registry';
import type { SameShape } from './shape-check';

export const unitSchema = z.object({
  code: z.string().describe('单位代码'),
  name: z.string(),
  typeLabel: z.enum(['区人民政府', '区级部门', '市级部门']),
  unitType: z.enum(['department', 'district_gov']),
  level: z.enum(['district', 'city']).describe('city：市级部门，只汇入全市'),
  districtCode: z.string().nullable(),
  districtName: z.string().nullable(),
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
