// The values-only submission: what the add-in sends when the host cannot hand over the workbook
// file (getFileAsync missing). It carries the same cells the reader would find, so the server checks
// it with the same code path (rows-by-code, then checkRead) as an uploaded workbook.
import { z } from 'zod';
import { STAMP_KEYS, INPUT_SHEET, type Stamp } from './contract';
import type { Catalogue } from './catalogue';
import type { SheetCell } from './model';
import { rowsByCode, type RowsRead } from './rows-by-code';
import type { WorkbookRead } from './sheet-read';

const rawCell = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('empty') }).strict(),
  z.object({ kind: z.literal('number'), value: z.number().finite() }).strict(),
  // No length cap here: text over Excel's cell limit gets the reader's message, naming cell and indicator
  // (the request body as a whole is capped by the server).
  z.object({ kind: z.literal('string'), value: z.string() }).strict(),
  z.object({ kind: z.literal('boolean'), value: z.boolean() }).strict(),
  z.object({ kind: z.literal('error'), value: z.string().max(32) }).strict(),
]);

const cellSchema = z
  .object({
    address: z.string().regex(/^[A-Z]{1,3}[1-9]\d{0,6}$/, '应为 A1 形式的单元格地址'),
    raw: rawCell,
    formula: z.string().max(8192).optional(),
    remark: z.string().optional(),
  })
  .strict();

export const valuesSubmissionSchema = z
  .object({
    fileName: z.string().min(1).max(255),
    sheetName: z.string().min(1).max(31).default(INPUT_SHEET),
    stamp: z.object(Object.fromEntries(STAMP_KEYS.map((k) => [k, z.string().max(200).optional()]))).strict(),
    date1904: z.boolean().default(false),
    cells: z.record(z.string().regex(/^[a-z]+\.[a-z0-9_]+$/, '应为指标代码'), cellSchema),
  })
  .strict();

export type ValuesSubmission = z.input<typeof valuesSubmissionSchema>;

/** The submission as the reader would have returned it for the workbook it came from (same rows-by-code step). */
export function readFromValues(body: z.output<typeof valuesSubmissionSchema>, catalogue: Catalogue | undefined): WorkbookRead {
  const stamp = Object.fromEntries(Object.entries(body.stamp).filter(([, v]) => v !== undefined)) as Stamp;
  const rows = catalogue ? byCode(body, catalogue) : { cells: asSent(body), problems: [] };
  return {
    stamp,
    stampSource: Object.keys(stamp).length > 0 ? 'properties' : 'none',
    sheet: { sheetName: body.sheetName, cells: rows.cells, date1904: body.date1904 },
    problems: rows.problems,
  };
}

/**
 * Each sent cell as one indicator row. The add-in does not send where a row's code and remark sit:
 * both are on the value's row, so the value's cell is named for them.
 */
function byCode(body: z.output<typeof valuesSubmissionSchema>, catalogue: Catalogue): RowsRead {
  const rows = rowsByCode(body.sheetName, catalogue);
  for (const [code, cell] of Object.entries(body.cells)) {
    const ref = { sheet: body.sheetName, address: cell.address };
    rows.add({
      code: { ref, text: code },
      value: { ref, raw: cell.raw, formula: cell.formula },
      remark: cell.remark === undefined ? undefined : { ref, raw: { kind: 'string', value: cell.remark } },
    });
  }
  return rows.finish();
}

/** Without a known catalogue nothing can be matched: the cells as sent (checkRead reports the version). */
function asSent(body: z.output<typeof valuesSubmissionSchema>): Record<string, SheetCell> {
  return Object.fromEntries(
    Object.entries(body.cells).map(([code, cell]) => [code, { ref: { sheet: body.sheetName, address: cell.address }, raw: cell.raw, formula: cell.formula, remark: cell.remark }]),
  );
}
