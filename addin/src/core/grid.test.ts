// Grid → FilledSheet: what Office.js hands over becomes exactly what the upload reader would produce.
import { currentCatalogue } from '../../../templates/src/core/catalogue';
import { INPUT_SHEET } from '../../../templates/src/core/contract';
import { planInputSheet, type SheetPlan } from '../../../templates/src/core/layout';
import { checkGrid, groupProblems } from './check';
import { gridToSheet, toRawCell, type Grid } from './grid';

const catalogue = currentCatalogue();
const plan = planInputSheet(catalogue, 'department', { year: 2024 });
const stamp = { template: 'fazhi-indicators', catalogue_version: catalogue.version, unit_type: 'department', report_year: '2024' };

/** The plan as Office.js would return it from the used range A1:G<last> of a freshly inserted sheet. */
function planGrid(p: SheetPlan): Grid {
  const last = p.rows[p.rows.length - 1].row;
  const values: unknown[][] = Array.from({ length: last }, () => p.columns.map(() => ''));
  const formulas: unknown[][] = Array.from({ length: last }, () => p.columns.map(() => ''));
  const col = new Map(p.columns.map((c, i) => [c.letter, i]));
  for (const row of p.rows) {
    for (const cell of row.cells) {
      if (cell.value !== undefined) values[row.row - 1][col.get(cell.col)!] = cell.value;
      formulas[row.row - 1][col.get(cell.col)!] = cell.formula !== undefined ? `=${cell.formula}` : (cell.value ?? '');
    }
  }
  return { top: 1, left: 1, values, formulas };
}

const rowOf = (grid: Grid, code: string) => grid.values.findIndex((r) => r[1] === code);

describe('toRawCell', () => {
  it('maps host values and value types to raw cells', () => {
    expect(toRawCell('', 'Empty')).toEqual({ kind: 'empty' });
    expect(toRawCell('')).toEqual({ kind: 'empty' });
    expect(toRawCell(12, 'Double')).toEqual({ kind: 'number', value: 12 });
    expect(toRawCell(true, 'Boolean')).toEqual({ kind: 'boolean', value: true });
    expect(toRawCell('#DIV/0!', 'Error')).toEqual({ kind: 'error', value: '#DIV/0!' });
    // Typed text that looks like an error stays text when the host says it is a string.
    expect(toRawCell('#N/A', 'String')).toEqual({ kind: 'string', value: '#N/A' });
    expect(toRawCell('#N/A')).toEqual({ kind: 'error', value: '#N/A' });
    expect(toRawCell('约40件', 'String')).toEqual({ kind: 'string', value: '约40件' });
  });
});

describe('gridToSheet', () => {
  it('finds every indicator row of a fresh sheet by its code, with value addresses as the plan has them', () => {
    const read = gridToSheet(planGrid(plan), catalogue, 'department', INPUT_SHEET);
    expect(read.problems).toEqual([]);
    expect(Object.keys(read.sheet.cells)).toHaveLength(catalogue.fields.length);
    for (const [code, address] of Object.entries(plan.valueAddress)) expect(read.sheet.cells[code].ref).toEqual({ sheet: INPUT_SHEET, address });
    const derived = catalogue.fields.find((f) => f.derived && catalogue.appliesTo(f, 'department'))!;
    expect(read.sheet.cells[derived.code].formula).toBe(plan.rows.find((r) => r.type === 'indicator' && r.code === derived.code)!.cells[4].formula);
  });

  it('follows codes, not positions: rows inserted above, a used range starting at B2, a remark column moved', () => {
    const grid = planGrid(plan);
    // Two rows inserted above the title, and column A (序号) empty so the used range starts at column B.
    const shifted: Grid = {
      top: 2,
      left: 2,
      values: [Array(6).fill(''), ...grid.values.map((r) => r.slice(1))],
      formulas: [Array(6).fill(''), ...grid.formulas.map((r) => r.slice(1))],
    };
    const r = rowOf(grid, 'learn.exam_required');
    // Swap 填报说明 (F) and 备注 (G) columns.
    for (const m of [shifted.values, shifted.formulas]) for (const row of m) [row[4], row[5]] = [row[5], row[4]];
    shifted.values[r + 1][3] = 120;
    shifted.values[r + 1][4] = '含借调人员';
    const read = gridToSheet(shifted, catalogue, 'department', INPUT_SHEET);
    expect(read.problems).toEqual([]);
    expect(read.sheet.cells['learn.exam_required']).toEqual({
      ref: { sheet: INPUT_SHEET, address: `E${r + 2 + 1}` },
      raw: { kind: 'number', value: 120 },
      remark: '含借调人员',
    });
  });

  it('reports a duplicated row (first one counts), missing rows and a missing header as STRUCTURE, in Chinese', () => {
    const grid = planGrid(plan);
    const r = rowOf(grid, 'learn.exam_required');
    const dup = rowOf(grid, 'learn.exam_passed');
    grid.values[dup][1] = 'learn.exam_required';
    const read = gridToSheet(grid, catalogue, 'department', INPUT_SHEET);
    const messages = read.problems.map((p) => p.message);
    expect(read.problems.every((p) => p.rule === 'STRUCTURE' && p.severity === 'error')).toBe(true);
    expect(messages[0]).toContain(`B${r + 1} 和 ${INPUT_SHEET}!B${dup + 1} 各有一行`);
    expect(messages[1]).toContain('缺少指标行“考试合格人数”（learn.exam_passed）');
    expect(read.sheet.cells['learn.exam_required'].ref.address).toBe(`E${r + 1}`);

    const headless = planGrid(plan);
    headless.values[2] = headless.values[2].map(() => '');
    expect(gridToSheet(headless, catalogue, 'department', INPUT_SHEET).problems[0].message).toContain('找不到含“指标代码”和“填报值”的表头行');
  });
  it('refuses text no Excel user could have typed, as the reader does: a control character in a remark', () => {
    const grid = planGrid(plan);
    const r = rowOf(grid, 'learn.exam_required');
    grid.values[r][6] = '含借调人员\u0007';
    const [problem] = gridToSheet(grid, catalogue, 'department', INPUT_SHEET).problems;
    expect(problem).toMatchObject({ rule: 'TYPE', severity: 'error', codes: ['learn.exam_required'], cells: [{ sheet: INPUT_SHEET, address: `G${r + 1}` }] });
    expect(problem.message).toContain('U+0007');
    expect(problem.message).toContain('备注');
  });
});

describe('checkGrid', () => {
  it('takes the unit type from the stamp, or from the visible 单位类型 when the stamp is gone', () => {
    const grid = planGrid(plan);
    expect(checkGrid({ grid, sheetName: INPUT_SHEET, stamp }).unitType).toBe('department');
    expect(checkGrid({ grid, sheetName: INPUT_SHEET, stamp: {} }).problems[0]).toMatchObject({ rule: 'META', severity: 'error' });
    grid.values[rowOf(grid, 'meta.unit_type')][4] = '市级部门';
    expect(checkGrid({ grid, sheetName: INPUT_SHEET, stamp: {} }).unitType).toBe('department');
  });

  it('groups problems by section in sheet order, errors first in each group, whole-sheet problems first', () => {
    const grid = planGrid(plan);
    grid.values[rowOf(grid, 'learn.exam_required')][4] = '很多';
    grid.values.splice(rowOf(grid, 'learn.exam_passed'), 1);
    const check = checkGrid({ grid, sheetName: INPUT_SHEET, stamp });
    const sections = check.groups.map((g) => g.section);
    const order = ['', ...catalogue.sections.map((s) => s.code)];
    expect(sections).toEqual([...sections].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    expect(check.groups.find((g) => g.section === 'meta')?.title).toBe('基本信息');
    for (const g of check.groups) {
      const ranks = g.problems.map((p) => ['error', 'warning', 'info'].indexOf(p.severity));
      expect(ranks).toEqual([...ranks].sort());
    }
    const learn = check.groups.find((g) => g.section === 'learn')!;
    expect(learn.problems.some((p) => p.rule === 'TYPE' && p.message.includes('很多'))).toBe(true);
    expect(groupProblems(catalogue, [])).toEqual([]);
  });

  it('judges like the aggregator: a visible 单位代码 that contradicts the stamp is an error (META)', () => {
    const grid = planGrid(plan);
    grid.values[rowOf(grid, 'meta.unit_code')][4] = '999999';
    const check = checkGrid({ grid, sheetName: INPUT_SHEET, stamp: { ...stamp, unit_code: '120101002' } });
    const meta = check.problems.find((p) => p.rule === 'META')!;
    expect(meta).toMatchObject({ severity: 'error', codes: ['meta.unit_code'] });
    expect(meta.message).toContain('999999');
  });

  it('adds 同比 warnings against last year and asks for a 备注', () => {
    const grid = planGrid(plan);
    grid.values[rowOf(grid, 'learn.exam_required')][4] = 300;
    const check = checkGrid({ grid, sheetName: INPUT_SHEET, stamp, lastYear: { values: { 'learn.exam_required': 100 }, derived: {} } });
    const yoy = check.problems.find((p) => p.rule === 'YOY')!;
    expect(yoy).toMatchObject({ severity: 'warning', codes: ['learn.exam_required'] });
    expect(yoy.message).toContain('备注');
  });
});
