import { currentCatalogue } from '../../../templates/src/core/catalogue';
import { FIRST_DATA_ROW, INPUT_SHEET } from '../../../templates/src/core/contract';
import { goldenInput } from '../../../test/support/rollup-fixtures';
import { computeRollup } from './compute';
import { scopeRollup } from './scope';
import { traceValue } from './trace';

const cellOf = (code: string) => `${INPUT_SHEET}!E${FIRST_DATA_ROW + currentCatalogue().fields.findIndex((f) => f.code === code)}`;

describe('traceValue', () => {
  const input = goldenInput({ omit: ['B2'] });
  const rollup = computeRollup(input);

  it('names the units, submissions, versions, cells and values behind a sum', () => {
    const trace = traceValue(rollup, 'reg.ns_issued', '120104');
    expect(trace.figure.value).toBe(6);
    expect(trace.entries).toEqual([
      expect.objectContaining({ unitCode: 'B0', submissionId: '2024-B0-v1', version: 1, cell: cellOf('reg.ns_issued'), value: 4, state: 'counted' }),
      expect.objectContaining({ unitCode: 'B1', value: 2, state: 'counted' }),
      expect.objectContaining({ unitCode: 'B2', submissionId: null, value: null, state: 'missing' }),
    ]);
  });

  it('gives both the numerator and the denominator parts of a rate, with derived parts traced to input cells', () => {
    const trace = traceValue(rollup, 'recon.correction_rate', 'city');
    // Only the two 区人民政府 sheets fill 行政复议.
    expect(trace.numerator!.entries.map((e) => [e.unitCode, e.value])).toEqual([
      ['A0', 9],
      ['B0', 4],
    ]);
    expect(trace.denominator).toMatchObject({ code: 'recon.closed', total: 160 });
    const a0 = trace.numerator!.entries[0];
    expect(a0.sources).toEqual([
      { code: 'recon.revoked_changed', cell: cellOf('recon.revoked_changed'), value: 6 },
      { code: 'recon.confirmed_illegal', cell: cellOf('recon.confirmed_illegal'), value: 2 },
      { code: 'recon.ordered_perform', cell: cellOf('recon.ordered_perform'), value: 1 },
    ]);
  });

  it('marks a blank 是/否 as blank, and works from the input as well as from the rollup', () => {
    const trace = traceValue(input, 'leader.lectured', '120101');
    expect(trace.entries.map((e) => [e.unitCode, e.value, e.state])).toEqual([
      ['A0', true, 'counted'],
      ['A1', false, 'counted'],
      ['A2', null, 'blank'],
    ]);
  });

  it('answers unknown groups and indicators with a Chinese 404', () => {
    expect(() => traceValue(rollup, 'reg.ns_issued', '999999')).toThrow(expect.objectContaining({ code: 'ROLLUP_GROUP_UNKNOWN', status: 404 }));
    expect(() => traceValue(rollup, 'no.such', 'city')).toThrow(/没有指标“no.such”/);
  });
});

describe('scopeRollup', () => {
  it('keeps only the district, its units and its findings', () => {
    const rollup = computeRollup(goldenInput({ omit: ['B2'] }));
    const nankai = scopeRollup(rollup, { level: 'district', code: '120104' });
    expect(nankai.groups.map((g) => g.code)).toEqual(['120104']);
    expect(nankai.units.map((u) => u.code)).toEqual(['B0', 'B1', 'B2']);
    expect(nankai.findings.length).toBeGreaterThan(0);
    expect(nankai.findings.every((f) => f.groupCode === '120104')).toBe(true);
    expect(scopeRollup(rollup, { level: 'district', code: '120104' }, { units: false }).units).toEqual([]);
    expect(scopeRollup(rollup, { level: 'city' }, { units: false }).groups).toHaveLength(4);
    expect(() => scopeRollup(rollup, { level: 'district', code: '1' })).toThrow(expect.objectContaining({ code: 'ROLLUP_DISTRICT_UNKNOWN' }));
  });
});
