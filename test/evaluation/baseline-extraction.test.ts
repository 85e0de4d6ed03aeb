// Issue 18's evaluation: the extractor against gold values written by reading the two published
// example reports. Prints precision and recall per catalogue section; fails below 90 % precision
// or 85 % recall on either report. The cue phrases must stay general: see README 上年数据摘录.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { currentCatalogue } from '../../templates/src/core/catalogue';
import { cuesFor } from '../../aggregator/src/baseline/cues';
import { evaluate, formatEvaluation, goldFileSchema, precision, recall } from '../../aggregator/src/baseline/evaluate';
import { extractCandidates } from '../../aggregator/src/baseline/extract';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'baseline');
const REPORTS = ['city-department-2023', 'district-government-2023'];
const catalogue = currentCatalogue();
const cues = cuesFor(catalogue)!;

const load = (name: string) => {
  const gold = goldFileSchema.parse(JSON.parse(readFileSync(path.join(FIXTURES, `${name}.gold.json`), 'utf8')));
  const text = readFileSync(path.join(FIXTURES, gold.report), 'utf8');
  return { gold, text };
};

describe.each(REPORTS)('baseline extraction on %s', (name) => {
  const { gold, text } = load(name);
  const extraction = extractCandidates(text, { unitType: gold.unitType, catalogue, cues });

  it('has a gold file whose every quote is in the report and whose every code applies to the unit type', () => {
    for (const g of gold.values) {
      expect(text.includes(g.quote) ? g.quote : `not in report: ${g.quote}`).toBe(g.quote);
      const field = catalogue.field(g.code);
      expect(field && catalogue.appliesTo(field, gold.unitType) ? g.code : `not applicable: ${g.code}`).toBe(g.code);
    }
    expect(extraction.reportYear).toBe(gold.reportYear);
  });

  it('reaches 90 % precision and 85 % recall', () => {
    const result = evaluate(extraction.candidates, gold, catalogue);
    console.log(formatEvaluation(`上年数据摘录评测：${gold.report}（${gold.unitType}）`, result, catalogue));
    expect(precision(result.total)).toBeGreaterThanOrEqual(0.9);
    expect(recall(result.total)).toBeGreaterThanOrEqual(0.85);
  });

  it('quotes the place the gold value is stated, with the flags a reader would want', () => {
    for (const g of gold.values) {
      const candidate = extraction.candidates.find((c) => c.code === g.code);
      if (g.implied || candidate?.value !== g.value) continue;
      // The candidate's quote is an exact slice of the report at its offsets ...
      expect(text.slice(candidate.quote.start, candidate.quote.end)).toBe(candidate.quote.text);
      if (typeof g.value === 'number') {
        // ... and overlaps the gold quote (the same occurrence, not the same number elsewhere; a
        // 是 may rightly be quoted from any of the places that say it).
        const at = text.indexOf(g.quote);
        const overlaps = candidate.quote.start < at + g.quote.length && at < candidate.quote.end;
        expect(overlaps ? g.code : `${g.code} quoted “${candidate.quote.text}”`).toBe(g.code);
        expect(text.slice(candidate.number!.start, candidate.number!.end)).toBe(candidate.number!.text);
        expect(g.quote.includes(candidate.number!.text) ? g.code : `${g.code} number “${candidate.number!.text}”`).toBe(g.code);
      }
      expect(candidate.approx).toBe(g.approx === true);
      for (const flag of g.flags ?? []) expect(candidate.flags).toContain(flag);
    }
  });

  it('proposes only 是 for 是/否 indicators, and nothing that does not apply to the unit type', () => {
    for (const c of extraction.candidates) {
      const field = catalogue.field(c.code)!;
      expect(catalogue.appliesTo(field, gold.unitType)).toBe(true);
      expect(field.derived).toBe(false);
      if (field.type === 'boolean') expect([c.value, ...c.alternatives.map((a) => a.value)].every((v) => v === true)).toBe(true);
      else expect(typeof c.value).toBe('number');
    }
  });
});
