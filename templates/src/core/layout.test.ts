import { currentCatalogue, UNIT_TYPES, type UnitType } from './catalogue';
import { COLUMNS, FIRST_DATA_ROW, HEADER_ROW, NOT_APPLICABLE, TEMPLATE_MARKER, column } from './contract';
import { AppError } from './errors';
import { chineseNumeral, pageBreaks, PALETTE, planInputSheet, planStamp, type IndicatorRowPlan, type SheetPlan } from './layout';
import { expectation } from './messages';
import { sampleRegistry } from '../samples/registry';

const cat = currentCatalogue();
const plans: Record<UnitType, SheetPlan> = {
  department: planInputSheet(cat, 'department', { year: 2024 }),
  district_gov: planInputSheet(cat, 'district_gov', { year: 2024 }),
};
const indicatorRows = (plan: SheetPlan) => plan.rows.filter((r): r is IndicatorRowPlan => r.type === 'indicator');
const rowOf = (plan: SheetPlan, code: string) => indicatorRows(plan).find((r) => r.code === code)!;
const cellIn = (row: IndicatorRowPlan, key: (typeof COLUMNS)[number]['key']) => row.cells.find((c) => c.col === column(key).letter)!;

describe.each(UNIT_TYPES)('planInputSheet for %s', (unitType) => {
  const plan = plans[unitType];
  const rows = indicatorRows(plan);

  it('has the contract header row and one indicator row per catalogue field, code in column B', () => {
    const header = plan.rows.find((r) => r.type === 'header')!;
    expect(header.row).toBe(HEADER_ROW);
    expect(header.cells.map((c) => c.value)).toEqual(COLUMNS.map((c) => c.header));
    expect(rows.map((r) => r.code)).toEqual(cat.fields.map((f) => f.code));
    for (const r of rows) {
      expect(cellIn(r, 'code').value).toBe(r.code);
      expect(r.value.address).toBe(`${column('value').letter}${r.row}`);
      expect(plan.valueAddress[r.code]).toBe(r.value.address);
    }
    const numbers = plan.rows.map((r) => r.row);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(Math.min(...rows.map((r) => r.row))).toBeGreaterThan(FIRST_DATA_ROW);
  });

  it('starts each section with an ordinal row, 基本信息 first, in 纲要 order', () => {
    const sections = plan.rows.filter((r) => r.type === 'section');
    expect(sections.map((s) => s.type === 'section' && s.section)).toEqual(cat.sections.map((s) => s.code));
    expect(sections[0].cells.find((c) => c.col === 'C')!.value).toBe('基本信息');
    expect(sections.map((s) => s.cells.find((c) => c.col === 'A')!.value)).toEqual(cat.sections.map((_, i) => `${chineseNumeral(i + 1)}、`));
    for (const s of sections) {
      for (const c of s.cells) expect(c.style).toMatchObject({ bold: true, fill: PALETTE.sectionFill });
    }
    // Each section's rows follow its section row.
    let current = '';
    for (const r of plan.rows) {
      if (r.type === 'section') current = r.section;
      if (r.type === 'indicator') expect(cat.field(r.code)!.section).toBe(current);
    }
  });

  it('puts validations on input cells only, and every input cell has one matching its type', () => {
    for (const r of plan.rows) {
      for (const c of r.cells) {
        const isInput = r.type === 'indicator' && c === r.value && r.value.kind === 'input';
        expect({ address: c.address, validated: c.validation !== undefined }).toEqual({ address: c.address, validated: isInput });
      }
    }
    for (const r of rows.filter((x) => x.value.kind === 'input')) {
      const field = cat.field(r.code)!;
      const v = r.value.validation!;
      expect(v.allowBlank).toBe(true);
      expect(v.promptTitle.length).toBeLessThanOrEqual(32);
      expect(v.prompt.length).toBeLessThanOrEqual(255);
      expect(v.error.length).toBeLessThanOrEqual(255);
      if (field.code === 'meta.unit_type') continue;
      expect(v.error).toContain(expectation(field));
      if (field.help_zh) expect(v.prompt).toBe(field.help_zh);
      const min = field.min ?? 0;
      switch (field.type) {
        case 'integer':
          expect(v).toMatchObject(field.max !== undefined ? { type: 'whole', operator: 'between', formulae: [min, field.max] } : { type: 'whole', operator: 'greaterThanOrEqual', formulae: [min] });
          expect(v.error).toContain('不要留空');
          break;
        case 'decimal':
          expect(v).toMatchObject({ type: 'decimal', formulae: field.max !== undefined ? [min, field.max] : [min] });
          break;
        case 'boolean':
          expect(v).toMatchObject({ type: 'list', formulae: ['"是,否"'], listItems: ['是', '否'] });
          break;
        case 'date':
          expect(v).toMatchObject({ type: 'date', operator: 'between', formulae: ['2000-01-01', '2100-12-31'] });
          expect(r.value.style.numberFormat).toBe('yyyy-mm-dd');
          break;
        case 'text':
          expect(v).toMatchObject({ type: 'textLength', operator: 'lessThanOrEqual', formulae: [32767] });
          break;
        default:
          throw new Error(`unexpected input type ${field.type} for ${field.code}`);
      }
    }
  });

  it('locks everything except input value cells and remark cells', () => {
    for (const r of plan.rows) {
      for (const c of r.cells) {
        const unlocked = r.type === 'indicator' && ((c === r.value && r.value.kind === 'input') || c.col === column('remark').letter);
        expect({ address: c.address, locked: c.locked }).toEqual({ address: c.address, locked: !unlocked });
      }
    }
  });

  it('computes derived indicators with formulas over the value cells of their parts', () => {
    for (const r of rows.filter((x) => x.value.kind === 'derived')) {
      const field = cat.field(r.code)!;
      expect(r.value).toMatchObject({ locked: true, style: { fill: PALETTE.derivedFill } });
      expect(r.value.formula).not.toMatch(/^=/);
      if (field.sum_of) {
        const parts = field.sum_of.map((c) => plan.valueAddress[c]);
        expect(r.value.formula).toBe(`IF(OR(${parts.map((p) => `${p}=""`).join(',')}),"",${parts.join('+')})`);
      } else {
        const num = plan.valueAddress[field.numerator!];
        const den = plan.valueAddress[field.denominator!];
        expect(r.value.formula).toBe(`IFERROR(IF(OR(${den}="",${den}=0,${num}=""),"",${num}/${den}*100),"")`);
        expect(r.value.style.numberFormat).toBe('0.00');
        // The parts are cells this sheet fills (or computes).
        expect(['input', 'derived']).toContain(rowOf(plan, field.numerator!).value.kind);
      }
    }
    expect(rows.filter((x) => x.value.kind === 'derived').length).toBe(cat.fields.filter((f) => f.derived && cat.appliesTo(f, unitType)).length);
  });

  it('greys out and locks indicators that do not apply, writing 不适用', () => {
    const notApplicable = rows.filter((r) => !cat.appliesTo(cat.field(r.code)!, unitType));
    expect(notApplicable.length).toBeGreaterThan(0);
    for (const r of notApplicable) {
      expect(r.value).toMatchObject({
        kind: 'not_applicable',
        value: NOT_APPLICABLE,
        locked: true,
        style: { fill: PALETTE.notApplicableFill, fontColor: PALETTE.notApplicableFont },
      });
      expect(r.value.formula).toBeUndefined();
    }
    expect(rows.filter((r) => r.value.kind === 'not_applicable')).toHaveLength(notApplicable.length);
  });

  it('prefills the report year and gives narrative rows room to write', () => {
    expect(rowOf(plan, 'meta.report_year').value).toMatchObject({ kind: 'prefilled', value: 2024, locked: true });
    const narrative = rows.filter((r) => cat.field(r.code)!.type === 'text' && !r.code.startsWith('meta.'));
    expect(narrative.length).toBeGreaterThan(0);
    for (const r of narrative) {
      expect(r.height).toBe(90);
      expect(r.value.style.wrap).toBe(true);
    }
  });

  it('says how to freeze, print and protect', () => {
    expect(plan.freeze).toEqual({ rows: HEADER_ROW, columns: 0 });
    expect(plan.print).toMatchObject({ paper: 'A4', orientation: 'landscape', fitToWidth: 1, titleRows: '3:3' });
    expect(plan.protection).toMatchObject({ password: '', selectLockedCells: true, selectUnlockedCells: true });
    expect(plan.merges).toEqual(['A1:G1', 'A2:G2']);
    expect(plan.columns.map((c) => c.width)).toEqual(COLUMNS.map((c) => c.width));
  });

  it('keeps the indicator codes in the sheet but off the page: column B is hidden', () => {
    expect(plan.columns.filter((c) => c.hidden).map((c) => c.letter)).toEqual(['B']);
  });

  it('breaks pages so that no page ends with a section heading, and no page is overfull', () => {
    const byRow = new Map(plan.rows.map((r) => [r.row, r]));
    const lastRow = Math.max(...plan.rows.map((r) => r.row));
    expect(plan.print.rowBreaks.length).toBeGreaterThan(3);
    for (const end of plan.print.rowBreaks) expect(byRow.get(end)!.type).toBe('indicator');
    // Sum the planned heights page by page (page 1 carries title and subtitle too).
    const starts = [FIRST_DATA_ROW, ...plan.print.rowBreaks.map((r) => r + 1)];
    const ends = [...plan.print.rowBreaks, lastRow];
    starts.forEach((start, i) => {
      let height = i === 0 ? 50 : 0;
      for (let r = start; r <= ends[i]; r++) height += byRow.get(r)?.height ?? 20;
      expect(height).toBeLessThanOrEqual(480);
    });
  });
});

describe('pageBreaks', () => {
  const row = (r: number, type: 'section' | 'indicator', height: number) =>
    type === 'section' ? ({ type, row: r, height, section: 's', ordinal: '一', name: 'x', cells: [] } as const) : ({ type, row: r, height, code: `c${r}`, seq: r, cells: [] } as unknown as IndicatorRowPlan);
  it('moves a heading that would end a page onto the next page with its first row', () => {
    // 4 × 100 = 400 used; the heading (22) fits but its first row (90) would not: break before the heading.
    const rows = [row(4, 'indicator', 100), row(5, 'indicator', 100), row(6, 'indicator', 100), row(7, 'indicator', 100), row(8, 'section', 22), row(9, 'indicator', 90)];
    expect(pageBreaks(rows as never)).toEqual([7]);
  });
  it('breaks a long run of rows when the next one does not fit', () => {
    const rows = Array.from({ length: 12 }, (_, i) => row(4 + i, 'indicator', 100));
    // 480 holds four rows of 100 per page: pages end after rows 7 and 11.
    expect(pageBreaks(rows as never)).toEqual([7, 11]);
  });
});

describe('unit type specifics', () => {
  it('district_gov: unit type prefilled 区人民政府; department-only rows not applicable', () => {
    const plan = plans.district_gov;
    expect(rowOf(plan, 'meta.unit_type').value).toMatchObject({ kind: 'prefilled', value: '区人民政府', locked: true });
    expect(rowOf(plan, 'enf.training_rate').value.kind).toBe('not_applicable');
    expect(rowOf(plan, 'recon.corrected').value.kind).toBe('derived');
  });

  it('department: unit type is a list of 区级部门/市级部门; district-only rows, their rates included, not applicable', () => {
    const plan = plans.department;
    const unitType = rowOf(plan, 'meta.unit_type').value;
    expect(unitType.kind).toBe('input');
    expect(unitType.validation).toMatchObject({ type: 'list', formulae: ['"区级部门,市级部门"'] });
    expect(rowOf(plan, 'recon.correction_rate').value.kind).toBe('not_applicable');
    expect(rowOf(plan, 'enf.training_rate').value.kind).toBe('derived');
  });

  it('prefills and locks the unit from a registry entry', () => {
    const units = sampleRegistry();
    const city = units.find((u) => u.level === 'city')!;
    const plan = planInputSheet(cat, 'department', { year: 2025, prefill: city });
    const prefilled = (code: string) => rowOf(plan, code).value;
    expect(prefilled('meta.unit_name')).toMatchObject({ kind: 'prefilled', value: city.name, locked: true });
    expect(prefilled('meta.unit_code')).toMatchObject({ kind: 'prefilled', value: city.code, locked: true });
    expect(prefilled('meta.unit_type')).toMatchObject({ kind: 'prefilled', value: '市级部门', locked: true });
    expect(prefilled('meta.district')).toMatchObject({ kind: 'prefilled', value: '市级' });
    expect(prefilled('meta.report_year')).toMatchObject({ value: 2025 });
    expect(plan.subtitle).toContain(city.name);
    expect(plan.subtitle).toContain('2026年3月1日');

    const dept = units.find((u) => u.typeLabel === '区级部门')!;
    expect(rowOf(planInputSheet(cat, 'department', { year: 2024, prefill: dept }), 'meta.district').value.value).toBe(dept.districtName);
  });

  it('refuses to prefill a unit into a template of another unit type', () => {
    const gov = sampleRegistry().find((u) => u.unitType === 'district_gov')!;
    expect(() => planInputSheet(cat, 'department', { year: 2024, prefill: gov })).toThrow(AppError);
  });
});

describe('planStamp', () => {
  it('records marker, catalogue, unit type, year and the prefilled unit', () => {
    const unit = sampleRegistry()[1];
    const now = new Date('2024-12-01T08:00:00Z');
    expect(planStamp(cat, 'department', 2024, unit, now)).toEqual({
      template: TEMPLATE_MARKER,
      catalogue_version: cat.version,
      unit_type: 'department',
      report_year: '2024',
      unit_code: unit.code,
      unit_name: unit.name,
      district_code: unit.districtCode,
      district_name: unit.districtName,
      generated_at: '2024-12-01T08:00:00.000Z',
    });
    expect(planStamp(cat, 'district_gov', 2024).unit_code).toBeUndefined();
  });
});

describe('chineseNumeral', () => {
  it.each([
    [1, '一'],
    [9, '九'],
    [10, '十'],
    [15, '十五'],
    [20, '二十'],
    [21, '二十一'],
  ])('%i → %s', (n, text) => expect(chineseNumeral(n)).toBe(text));
});
