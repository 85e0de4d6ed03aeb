// The pane's judgement against the server's on one workbook: the same file read by the upload reader
// (checkWorkbook) and handed over as Office.js would (values, formulas, value types of the used
// range) to checkGrid must give the same values and the same problems, message for message. Both
// read rows through the core's one rows-by-code step.
import ExcelJS from 'exceljs';
import { currentCatalogue } from '../../../templates/src/core/catalogue';
import { checkWorkbook } from '../../../templates/src/xlsx/check-workbook';
import { BOOLEAN_FALSE, BOOLEAN_TRUE, column, INPUT_SHEET, META_SHEET, type Stamp } from '../../../templates/src/core/contract';
import { planInputSheet } from '../../../templates/src/core/layout';
import { sampleRegistry } from '../../../templates/src/samples/registry';
import { buildTemplateWorkbook } from '../../../templates/src/xlsx/write-template';
import { validInputs } from '../../../test/support/sheet-builder';
import { checkGrid } from './check';
import type { Grid } from './grid';

const catalogue = currentCatalogue();
const unit = sampleRegistry().find((u) => u.unitType === 'district_gov')!;
const plan = planInputSheet(catalogue, 'district_gov', { year: 2024, prefill: unit });
/** Excel's day 0 (1900 date system): dates reach Office.js as serial numbers. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** What Office.js would hand over for the used range of one worksheet. */
function gridOf(ws: ExcelJS.Worksheet): Grid {
  const rows = ws.actualRowCount === 0 ? 0 : ws.lastRow!.number;
  const cols = ws.columnCount;
  const values: unknown[][] = [];
  const formulas: unknown[][] = [];
  const valueTypes: string[][] = [];
  for (let r = 1; r <= rows; r++) {
    values.push([]);
    formulas.push([]);
    valueTypes.push([]);
    for (let c = 1; c <= cols; c++) {
      const cell = ws.getCell(r, c);
      // Excel shows a merge's value in its first cell only.
      let v = cell.isMerged && cell.master.address !== cell.address ? null : (cell.value as unknown);
      let formula: string | undefined;
      if (v && typeof v === 'object' && 'formula' in v) {
        formula = `=${(v as { formula: string }).formula}`;
        v = (v as { result?: unknown }).result ?? '';
      }
      if (v instanceof Date) v = (v.getTime() - EXCEL_EPOCH) / 86_400_000;
      const shown = v === null || v === undefined ? '' : v;
      values[r - 1].push(shown);
      formulas[r - 1].push(formula ?? shown);
      valueTypes[r - 1].push(shown === '' ? 'Empty' : typeof shown === 'number' ? 'Double' : typeof shown === 'boolean' ? 'Boolean' : 'String');
    }
  }
  return { top: 1, left: 1, values, formulas, valueTypes };
}

it('judges a filled workbook with faults exactly as the upload reader and validator do', async () => {
  const wb = buildTemplateWorkbook(catalogue, 'district_gov', { year: 2024, prefill: unit, now: new Date('2025-01-05T00:00:00Z') });
  const ws = wb.getWorksheet(INPUT_SHEET)!;
  const inputs: Record<string, unknown> = { ...validInputs('district_gov'), 'learn.exam_required': '很多', 'learn.exam_passed': 12.5 };
  for (const row of plan.rows) {
    if (row.type !== 'indicator' || row.value.kind !== 'input' || inputs[row.code] === undefined) continue;
    const given = inputs[row.code];
    // Picked from the 是/否 drop-down, as a person fills it.
    const v = typeof given === 'boolean' ? (given ? BOOLEAN_TRUE : BOOLEAN_FALSE) : given;
    ws.getCell(row.value.address).value = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : (v as ExcelJS.CellValue);
  }
  // A remark, and a deleted row.
  ws.getCell(`${column('remark').letter}${ws.getCell(plan.valueAddress['learn.exam_passed']).row}`).value = '含借调人员';
  const deleted = plan.rows.filter((r) => r.type === 'indicator').at(-1)!;
  ws.getCell(`${column('code').letter}${deleted.row}`).value = null;
  // A second row for an indicator below the table: both readers keep the first and name both rows.
  const extra = ws.lastRow!.number + 2;
  ws.getCell(`${column('code').letter}${extra}`).value = 'learn.exam_required';
  ws.getCell(`${column('value').letter}${extra}`).value = 99;
  // A row of another year's template: a code-like text the catalogue does not know. The pane used to
  // skip it silently while the upload refused the file for it.
  ws.getCell(`${column('code').letter}${extra + 1}`).value = 'learn.exam_retired';
  ws.getCell(`${column('value').letter}${extra + 1}`).value = 7;

  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  const server = checkWorkbook(bytes);
  const stamp: Stamp = {};
  wb.getWorksheet(META_SHEET)!.eachRow((r) => (stamp[String(r.getCell(1).value) as keyof Stamp] = String(r.getCell(2).value)));
  const pane = checkGrid({ grid: gridOf(ws), sheetName: INPUT_SHEET, stamp });

  expect(server.problems.filter((p) => p.rule === 'STRUCTURE')).toHaveLength(3);
  const unknown = (p: { codes: string[] }) => p.codes.includes('learn.exam_retired');
  expect(server.problems.filter(unknown).map((p) => p.cells)).toEqual([[{ sheet: INPUT_SHEET, address: `${column('code').letter}${extra + 1}` }]]);
  expect(pane.problems.filter(unknown)).toEqual(server.problems.filter(unknown));
  expect(server.problems.some((p) => p.codes.includes('learn.exam_required') && p.rule !== 'STRUCTURE')).toBe(true);
  expect(server.problems.some((p) => p.message.includes('逻辑值'))).toBe(false);
  expect(pane.values).toEqual(server.values);
  expect(pane.derived).toEqual(server.derived);
  const key = (p: { rule: string; severity: string; message: string }) => `${p.severity} ${p.rule} ${p.message}`;
  expect(pane.problems.map(key).sort()).toEqual(server.problems.map(key).sort());
});
