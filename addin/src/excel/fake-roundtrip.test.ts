// The add-in path end to end in Node: the adapter renders the shared plan into the fake Excel host,
// a user fills it, and the grid read back through the adapter goes through the shared validator.
import { currentCatalogue, type UnitType } from '../../../templates/src/core/catalogue';
import { columnNumber } from '../../../templates/src/core/cell-address';
import { BOOLEAN_FALSE, BOOLEAN_TRUE, GUIDE_SHEET, INPUT_SHEET, META_SHEET } from '../../../templates/src/core/contract';
import { PALETTE } from '../../../templates/src/core/layout';
import { sampleRegistry } from '../../../templates/src/samples/registry';
import { validateSheet } from '../../../templates/src/core/validate';
import { FakeSheet, installFakeOffice, type FakeExcelHost } from '../../../test/support/fake-office';
import { validInputs } from '../../../test/support/sheet-builder';
import { standardSheet } from '../app/standard-sheet';
import { checkGrid } from '../core/check';
import { gridToSheet } from '../core/grid';
import { buildTemplateWorkbook } from '../../../templates/src/xlsx/write-template';
import { hasInputSheet, insertStandardSheet, paintCells, protectionOptions, readInputSheet, selectCell, watchInputSheet, widthInPoints } from './adapter';

const catalogue = currentCatalogue();
let host: FakeExcelHost;

beforeEach(() => {
  host = installFakeOffice(globalThis);
});

async function fillAll(unitType: UnitType, parts: ReturnType<typeof standardSheet>) {
  const inputs = validInputs(unitType);
  for (const row of parts.plan.rows) {
    if (row.type !== 'indicator' || row.value.kind !== 'input') continue;
    const v = inputs[row.code];
    if (v === undefined) continue;
    await host.paste(INPUT_SHEET, row.value.address, [[typeof v === 'boolean' ? (v ? BOOLEAN_TRUE : BOOLEAN_FALSE) : v]]);
  }
}

describe.each(['district_gov', 'department'] as const)('standard sheet for %s in the fake host', (unitType) => {
  const prefill = sampleRegistry().find((u) => u.unitType === unitType)!;
  const parts = standardSheet(catalogue, unitType, 2024, prefill, new Date('2025-01-05T00:00:00Z'));

  it('renders the plan: values, formulas, locks, validations, stamp, protection', async () => {
    expect(await hasInputSheet()).toBe(false);
    await insertStandardSheet(parts);
    expect(await hasInputSheet()).toBe(true);
    const sheet = host.sheet(INPUT_SHEET)!;
    expect(sheet.protectedWith).toMatchObject({ allowFormatColumns: true, allowFormatRows: true, selectionMode: 'Normal' });
    expect(sheet.frozenRows).toBe(parts.plan.freeze.rows);
    expect(sheet.merges).toEqual(parts.plan.merges);
    for (const row of parts.plan.rows) {
      for (const cell of row.cells) {
        const fake = sheet.peek(cell.address);
        if (cell.formula) expect(fake?.formula).toBe(`=${cell.formula}`);
        else expect(fake?.value ?? '').toBe(cell.value ?? '');
        expect(fake?.locked ?? true).toBe(cell.locked);
        if (cell.style.fill) expect(fake?.fill).toBe(cell.style.fill);
        if (cell.validation) expect(fake?.validation?.rule).toBeDefined();
      }
    }
    expect(host.sheet(META_SHEET)?.visibility).toBe('VeryHidden');
    expect(host.sheet(GUIDE_SHEET)?.peek('A1')?.value).toContain('填报说明');
    expect(host.properties.category).toBe('fazhi-indicators');
    expect(host.activeSheet).toBe(INPUT_SHEET);
    // The first input cell is selected so the user can start typing.
    expect(host.selection?.sheet).toBe(INPUT_SHEET);

    const read = (await readInputSheet())!;
    expect(read.stamp).toEqual(parts.stamp);
    // A blank sheet: only "please fill" problems, nothing structural.
    const check = checkGrid({ grid: read.grid, sheetName: read.sheetName, stamp: read.stamp });
    expect(check.unitType).toBe(unitType);
    expect(check.problems.filter((p) => p.rule === 'STRUCTURE')).toEqual([]);
    expect(check.problems.some((p) => p.rule === 'REQUIRED' && p.severity === 'error')).toBe(true);
  });

  it('a fully filled sheet passes; a pasted bad value is found at its cell; typing it is refused', async () => {
    await insertStandardSheet(parts);
    await fillAll(unitType, parts);
    let read = (await readInputSheet())!;
    let check = checkGrid({ grid: read.grid, sheetName: read.sheetName, stamp: read.stamp });
    expect(check.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // Derived rates are computed from the typed inputs (10 of 10 → 100).
    expect(check.derived['learn.exam_participation_rate']).toBeCloseTo(100);

    const address = parts.plan.valueAddress['learn.exam_required'];
    const typed = await host.type(INPUT_SHEET, address, '约40件');
    expect(typed.ok).toBe(false);
    expect(typed.alert).toContain('整数');
    await host.paste(INPUT_SHEET, address, [['约40件']]);
    read = (await readInputSheet())!;
    check = checkGrid({ grid: read.grid, sheetName: read.sheetName, stamp: read.stamp });
    const errors = check.problems.filter((p) => p.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ rule: 'TYPE', codes: ['learn.exam_required'], cells: [{ sheet: INPUT_SHEET, address }] });
    expect(errors[0].message).toContain('约40件');
    expect(check.groups[0].title).toBe(catalogue.section(catalogue.field('learn.exam_required')!.section)!.name_zh);
  });
});

it('locked cells refuse typing; paintCells paints through protection and protects again', async () => {
  const parts = standardSheet(catalogue, 'department', 2024);
  await insertStandardSheet(parts);
  const code = 'learn.exam_required';
  const address = parts.plan.valueAddress[code];
  expect((await host.type(INPUT_SHEET, 'C10', 'x')).ok).toBe(false);
  await paintCells(INPUT_SHEET, [{ address, fill: 'FFC7CE' }], protectionOptions(parts.plan));
  expect(host.sheet(INPUT_SHEET)!.peek(address)!.fill).toBe('FFC7CE');
  expect(host.sheet(INPUT_SHEET)!.protectedWith).not.toBeNull();
  await paintCells(INPUT_SHEET, [{ address, fill: PALETTE.inputFill }], protectionOptions(parts.plan));
  expect(host.sheet(INPUT_SHEET)!.peek(address)!.fill).toBe(PALETTE.inputFill);
});

it('selectCell activates the sheet first; watchInputSheet reports pastes', async () => {
  const parts = standardSheet(catalogue, 'department', 2024);
  await insertStandardSheet(parts);
  host.activeSheet = GUIDE_SHEET;
  await selectCell(INPUT_SHEET, 'E20');
  expect(host.selection).toEqual({ sheet: INPUT_SHEET, address: 'E20' });
  const seen: string[] = [];
  await watchInputSheet((a) => seen.push(a));
  await host.paste(INPUT_SHEET, parts.plan.valueAddress['learn.exam_required'], [[1], [2]]);
  expect(seen).toEqual([`${parts.plan.valueAddress['learn.exam_required']}:${parts.plan.valueAddress['learn.exam_required'].replace(/\d+/, (n) => String(Number(n) + 1))}`]);
});

it('replacing keeps one input sheet; inserting twice without replace is refused in Chinese', async () => {
  const parts = standardSheet(catalogue, 'department', 2024);
  await insertStandardSheet(parts);
  await expect(insertStandardSheet(parts)).rejects.toThrow('已有“指标填报”');
  await insertStandardSheet(parts, { replace: true });
  expect(host.sheets.map((s) => s.name).sort()).toEqual(['Sheet1', GUIDE_SHEET, INPUT_SHEET, META_SHEET].sort());
});

it('full-sheet validation on the add-in path (grid → FilledSheet → validateSheet) is fast', async () => {
  const parts = standardSheet(catalogue, 'district_gov', 2024);
  await insertStandardSheet(parts);
  await fillAll('district_gov', parts);
  const read = (await readInputSheet())!;
  const time = (run: () => unknown) => {
    for (let i = 0; i < 50; i++) run(); // warm-up: the pane runs the check many times in one session
    const runs = 500;
    const started = performance.now();
    for (let i = 0; i < runs; i++) run();
    return (performance.now() - started) / runs;
  };
  const toSheet = time(() => gridToSheet(read.grid, catalogue, 'district_gov', INPUT_SHEET));
  const sheet = gridToSheet(read.grid, catalogue, 'district_gov', INPUT_SHEET).sheet;
  const validate = time(() => validateSheet(catalogue, sheet, { reportYear: 2024 }));
  const perSheet = time(() => validateSheet(catalogue, gridToSheet(read.grid, catalogue, 'district_gov', INPUT_SHEET).sheet, { reportYear: 2024 }));
  const whole = time(() => checkGrid({ grid: read.grid, sheetName: INPUT_SHEET, stamp: read.stamp, lastYear: { values: {}, derived: {} } }));
  console.log(
    `add-in path, grid ${read.grid.values.length}×${read.grid.values[0].length}: gridToSheet ${toSheet.toFixed(3)} ms + validateSheet ${validate.toFixed(3)} ms = ${perSheet.toFixed(3)} ms per sheet; checkGrid with 同比 ${whole.toFixed(3)} ms`,
  );
  expect(perSheet).toBeLessThan(20);
});

it('renders the same input sheet as the template generator: values, formulas, locks, validations, fills, widths', async () => {
  const unit = sampleRegistry().find((u) => u.unitType === 'department')!;
  const now = new Date('2025-01-05T00:00:00Z');
  const parts = standardSheet(catalogue, 'department', 2024, unit, now);
  await insertStandardSheet(parts);
  const template = buildTemplateWorkbook(catalogue, 'department', { year: 2024, prefill: unit, now });
  const ws = template.getWorksheet(INPUT_SHEET)!;
  const fake = host.sheet(INPUT_SHEET)!;
  const officeRule: Record<string, string> = { whole: 'wholeNumber', decimal: 'decimal', list: 'list', date: 'date', textLength: 'textLength' };
  let compared = 0;
  ws.eachRow({ includeEmpty: false }, (row) => {
    // Empty cells too: input and remark cells are empty but unlocked, validated and filled.
    row.eachCell({ includeEmpty: true }, (cell) => {
      // exceljs reports the title's value in every cell of a merge; Excel keeps it in the first only.
      if (cell.isMerged && cell.master.address !== cell.address) return;
      const mine = fake.peek(cell.address);
      const value = cell.value as unknown;
      if (value && typeof value === 'object' && 'formula' in value) expect(mine?.formula).toBe(`=${(value as { formula: string }).formula}`);
      else expect(mine?.value ?? '').toEqual(value ?? '');
      expect(mine?.locked ?? true).toBe(cell.protection?.locked ?? true);
      const dv = cell.dataValidation as { type?: string } | undefined;
      expect(mine?.validation?.rule ? Object.keys(mine.validation.rule)[0] : undefined).toBe(dv?.type ? officeRule[dv.type] : undefined);
      const fill = (cell.fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb?.slice(2);
      expect(mine?.fill).toBe(fill);
      compared++;
    });
  });
  expect(compared).toBe(parts.plan.rows.reduce((n, r) => n + r.cells.length, 0));
  for (const c of parts.plan.columns) expect(fake.columnWidths.get(columnNumber(c.letter))).toBeCloseTo(widthInPoints(ws.getColumn(c.letter).width!), 5);
  // The very hidden stamp holds the same keys and values as the template's.
  const stampRows: string[][] = [];
  template.getWorksheet(META_SHEET)!.eachRow((r) => stampRows.push([String(r.getCell(1).value), String(r.getCell(2).value)]));
  expect(Object.fromEntries(stampRows)).toEqual(parts.stamp);
});

it('checks a workbook opened from the downloaded template, without inserting anything', async () => {
  const unit = sampleRegistry().find((u) => u.unitType === 'district_gov')!;
  const template = buildTemplateWorkbook(catalogue, 'district_gov', { year: 2024, prefill: unit, now: new Date('2025-01-05T00:00:00Z') });
  // What Excel shows after opening the file: every sheet with its values and formulas.
  for (const ws of template.worksheets) {
    const sheet = new FakeSheet(ws.name, host);
    sheet.visibility = ws.state === 'veryHidden' ? 'VeryHidden' : ws.state === 'hidden' ? 'Hidden' : 'Visible';
    host.sheets.push(sheet);
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.isMerged && cell.master.address !== cell.address) return;
        const v = cell.value as unknown;
        const fake = sheet.cell(cell.address);
        if (v && typeof v === 'object' && 'formula' in v) fake.formula = `=${(v as { formula: string }).formula}`;
        else fake.value = v as string | number;
      }),
    );
  }
  expect(await hasInputSheet()).toBe(true);
  const read = (await readInputSheet())!;
  expect(read.stamp).toMatchObject({ unit_code: unit.code, unit_type: 'district_gov', report_year: '2024' });
  const check = checkGrid({ grid: read.grid, sheetName: read.sheetName, stamp: read.stamp });
  expect(check.unitType).toBe('district_gov');
  // A blank template: only what still has to be filled in, nothing structural or about the stamp.
  const requiredText = catalogue.rules.find((r) => r.kind === 'required_text')!.id;
  expect(new Set(check.problems.filter((p) => p.severity === 'error').map((p) => p.rule))).toEqual(new Set(['REQUIRED', requiredText]));
});
