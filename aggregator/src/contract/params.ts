// Input pieces several routes parse the same way and the page and the add-in check alike: record ids,
// reporting years (in a JSON body or in the URL), dates and the deadline rule, each with one Chinese message.
import { z } from 'zod';

const YEAR_MESSAGE = '应为四位数年份（2000～2100），如 2024';

/** A reporting year in a JSON body. */
export const yearNumber = z.number({ error: YEAR_MESSAGE }).int({ error: YEAR_MESSAGE }).min(2000, { error: YEAR_MESSAGE }).max(2100, { error: YEAR_MESSAGE });

/** A reporting year in a path or query string ('2024'); the same checks, so the OpenAPI document shows them. */
export const yearText = z.coerce.number({ error: YEAR_MESSAGE }).int({ error: YEAR_MESSAGE }).min(2000, { error: YEAR_MESSAGE }).max(2100, { error: YEAR_MESSAGE });

export const yearParams = z.object({ year: yearText });
export const yearQuery = z.object({ year: yearText });
export const idParams = z.object({ id: z.string().min(1).max(64) });
export const codeParams = z.object({ code: z.string().min(1).max(64) });

/** Most files one upload may carry (a district's whole set fits many times over). */
export const MAX_FILES_PER_UPLOAD = 5000;

/** 'YYYY-MM-DD' that names a real day. */
export const isoDate = z
  .string({ error: '应为日期，如 2025-03-01' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '应为 YYYY-MM-DD 格式的日期，如 2025-03-01' })
  .refine((v) => {
    const date = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === v;
  }, { error: '不是有效的日期，请检查月份和日期' });

/** A year's figures are reported the year after: its deadline must fall after 31 December. */
export const deadlineAfterYear = (year: number, deadline: string): boolean => deadline > `${year}-12-31`;
export const DEADLINE_TOO_EARLY = '报送截止日期应晚于该年度结束（年度数据在次年填报）';
