import { currentCatalogue } from '../../../templates/src/core/catalogue';
import { evaluate, formatEvaluation, type GoldFile, precision, recall } from './evaluate';
import type { Candidate } from './extract';

const catalogue = currentCatalogue();
const candidate = (code: string, value: number | boolean) => ({ code, value }) as Candidate;
const gold: GoldFile = {
  report: 'r.txt',
  unitType: 'district_gov',
  reportYear: 2023,
  values: [
    { code: 'recon.closed', value: 60, quote: '审结60件' },
    { code: 'recon.accepted', value: 62, quote: '受理62件' },
    { code: 'emer.rescue_teams', value: 18, quote: '18支' },
    { code: 'learn.online_all_completed', value: true, quote: '参考率100%', implied: true },
  ],
};

describe('evaluate', () => {
  it('counts right and wrong proposals, stated values found and missed; implied values are right but not demanded', () => {
    const result = evaluate(
      [candidate('recon.closed', 60), candidate('recon.accepted', 61), candidate('learn.online_all_completed', true), candidate('disp.screenings', 4)],
      gold,
      catalogue,
    );
    // Proposed 4: closed and online_all_completed right; accepted wrong value; screenings not in gold.
    expect(result.total).toEqual({ proposed: 4, correct: 2, stated: 3, found: 1 });
    expect(precision(result.total)).toBe(0.5);
    expect(recall(result.total)).toBeCloseTo(1 / 3);
    expect(result.bySection.get('disp')).toEqual({ proposed: 3, correct: 1, stated: 2, found: 1 });
    expect(result.bySection.get('emer')).toEqual({ proposed: 0, correct: 0, stated: 1, found: 0 });
    expect(result.wrong.map((w) => w.code)).toEqual(['recon.accepted', 'disp.screenings']);
    expect(result.missed.map((m) => m.code)).toEqual(['recon.accepted', 'emer.rescue_teams']);
    const table = formatEvaluation('评测', result, catalogue);
    expect(table).toContain('合计\t4\t2\t50.0%\t3\t1\t33.3%');
    expect(table).toContain('漏：emer.rescue_teams 应为 18');
  });
});
