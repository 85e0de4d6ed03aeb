// The whole standard-sheet path for both unit types: generate the template, fill it the way a
// person would, read it back, validate it — values come back as typed, problems only where planted.
import { currentCatalogue, type UnitType } from '../core/catalogue';
import { checkWorkbook } from './check-workbook';
import { sampleRegistry } from '../samples/registry';
import { writeTemplate } from './write-template';
import { fillWorkbook } from '../../../test/support/fill-workbook';
import { sampleValues } from '../../../test/support/sample-values';
import { filledWorkbookFor, PREFILLED } from '../../../test/support/workbooks';

const catalogue = currentCatalogue();
const unitOf = (type: UnitType) => sampleRegistry().find((u) => u.unitType === type)!;

describe.each(['department', 'district_gov'] as const)('template → fill → read → validate (%s)', (unitType) => {
  const unit = unitOf(unitType);

  it('reads back every typed value and finds no problem', async () => {
    const values = sampleValues(catalogue, unit, 2024, 11);
    for (const code of PREFILLED) delete values[code];
    const bytes = await fillWorkbook(await writeTemplate(catalogue, unitType, { year: 2024, prefill: unit }), values);
    const check = checkWorkbook(bytes);
    expect(check.problems).toEqual([]);
    expect(check).toMatchObject({ unitCode: unit.code, unitType, year: 2024, catalogueVersion: '2024.1' });
    for (const [code, value] of Object.entries(values)) {
      const expected = value === '是' ? true : value === '否' ? false : value === '' ? null : value;
      expect({ code, value: check.values[code] }).toEqual({ code, value: expected });
    }
    // Header fields prefilled by the template from the registry.
    expect(check.values['meta.unit_name']).toBe(unit.name);
    expect(check.values['meta.report_year']).toBe(2024);
  });

  it('recomputes derived values instead of reading them', async () => {
    const bytes = await filledWorkbookFor(unit, 2024, { 'reg.review_required': 8, 'reg.review_done': 6, 'reg.contracts_reviewed': 1 });
    expect(checkWorkbook(bytes).derived['reg.review_rate']).toBeCloseTo(75, 10);
  });

  it('an empty template reports every required field, by cell', async () => {
    const check = checkWorkbook(await writeTemplate(catalogue, unitType, { year: 2024, prefill: unit }));
    const required = catalogue.fields.filter((f) => f.required && !f.derived && catalogue.appliesTo(f, unitType) && !PREFILLED.includes(f.code));
    const reported = check.problems.filter((p) => p.rule === 'REQUIRED' || p.rule === 'R28').flatMap((p) => p.codes);
    expect(new Set(reported)).toEqual(new Set(required.map((f) => f.code)));
    expect(check.problems.every((p) => p.cells.length > 0 && p.message.startsWith(`指标填报!${p.cells[0].address}`))).toBe(true);
  });
});

describe('stamp and header cross-checks', () => {
  const unit = unitOf('department');

  it('a changed unit code in the visible header is an error naming both codes', async () => {
    const bytes = await filledWorkbookFor(unit, 2024, { 'meta.unit_code': '999' });
    const meta = checkWorkbook(bytes).problems.filter((p) => p.rule === 'META');
    expect(meta).toHaveLength(1);
    expect(meta[0].message).toContain('“999”');
    expect(meta[0].message).toContain(unit.code);
  });
});
