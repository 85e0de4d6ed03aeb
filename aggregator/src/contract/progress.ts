// The completeness board (GET /api/progress) and a district's sign-off to the city as the API sends them.
import { z } from 'zod';

export const SIGNOFF_STATES = ['submitted', 'confirmed', 'returned'] as const;
export type SignoffState = (typeof SIGNOFF_STATES)[number];

export const SIGNOFF_LABELS = {
  none: '未上报',
  submitted: '已上报',
  confirmed: '已确认',
  returned: '已退回',
} as const satisfies Record<SignoffState | 'none', string>;
export type SignoffLabel = (typeof SIGNOFF_LABELS)[SignoffState | 'none'];

/** What the board and the page show of a district's sign-off. */
export const signoffViewSchema = z.object({
  state: z.enum(['none', ...SIGNOFF_STATES]),
  label: z.enum(['未上报', '已上报', '已确认', '已退回']),
  submittedBy: z.string().nullable().describe('上报人；首次上报前为 null'),
  submittedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable().describe('市级退回的原因'),
});
export type SignoffView = z.infer<typeof signoffViewSchema>;
export const signoffAnswerSchema = z.object({ signoff: signoffViewSchema });

const unitRef = z.object({ code: z.string(), name: z.string() });

export const progressRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  expected: z.number().int().describe('应报：除免报外的全部单位'),
  submitted: z.number().int().describe('已报：已通过 + 待审核 + 已退回'),
  counted: z.number().int().describe('计入汇总：已通过 + 待审核'),
  accepted: z.number().int(),
  returned: z.number().int(),
  pending: z.number().int(),
  missing: z.number().int().describe('未报送（不含免报）'),
  missingUnits: z.array(unitRef),
  excused: z.number().int(),
  excusedUnits: z.array(unitRef.extend({ reason: z.string() })),
  onTime: z.number().int().describe('当前版本在截止日（北京时间）当日或之前上传'),
  late: z.number().int(),
  lateUnits: z.array(unitRef.extend({ daysLate: z.number().int() })),
  onTimeShare: z.number().nullable().describe('onTime ÷ 应报，保留 3 位小数；无应报单位时为 null'),
  signoff: signoffViewSchema.nullable().describe('区级上报市级的状态；市级部门为 null'),
});
export type ProgressRow = z.infer<typeof progressRowSchema>;

export const progressSchema = z.object({
  year: z.number().int(),
  deadline: z.string(),
  districts: z.array(progressRowSchema),
  cityDepartments: progressRowSchema.nullable(),
  onTime: z.number().int(),
  late: z.number().int(),
});
export type Progress = z.infer<typeof progressSchema>;

/** A unit excused from a year by a coordinator (POST …/excuse answers { excuse }). */
export const unitExcuseSchema = z.object({ unitCode: z.string(), year: z.number().int(), reason: z.string(), excusedBy: z.string(), excusedAt: z.string() });
export type UnitExcuse = z.infer<typeof unitExcuseSchema>;
export const excuseAnswerSchema = z.object({ excuse: unitExcuseSchema });

/** A district's sign-off row (POST …/signoff, confirm, return answer { signoff }). */
export const districtSignoffSchema = z.object({
  districtCode: z.string(),
  year: z.number().int(),
  state: z.enum(SIGNOFF_STATES),
  submittedBy: z.string(),
  submittedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable().describe('市级退回的原因'),
});
export type DistrictSignoff = z.infer<typeof districtSignoffSchema>;
