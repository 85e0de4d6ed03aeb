import { currentCatalogue } from '../../../templates/src/core/catalogue';
import { partExceedsWhole } from './rules';

const catalogue = currentCatalogue();

describe('partExceedsWhole', () => {
  it('flags a part larger than its whole (R04: 败诉 ≤ 一审审结)', () => {
    const problems = partExceedsWhole(
      [
        { code: 'litig.lost', value: 5 },
        { code: 'litig.concluded', value: 3 },
      ],
      catalogue,
      'department',
    );
    expect(problems).toEqual([expect.objectContaining({ rule: 'R04', codes: ['litig.lost'] })]);
    expect(problems[0].message).toContain('5 ＞ 3');
  });

  it('judges nothing when the whole was not proposed, except blank-as-zero parts of it (R01)', () => {
    expect(partExceedsWhole([{ code: 'litig.lost', value: 5 }], catalogue, 'department')).toEqual([]);
    // 审结 60 > 受理 50 + 结转 (blank, counted as 0).
    const r01 = partExceedsWhole(
      [
        { code: 'recon.closed', value: 60 },
        { code: 'recon.accepted', value: 50 },
      ],
      catalogue,
      'district_gov',
    );
    expect(r01.map((p) => p.rule)).toEqual(['R01']);
    expect(partExceedsWhole([{ code: 'recon.closed', value: 60 }, { code: 'recon.accepted', value: 60 }], catalogue, 'district_gov')).toEqual([]);
  });

  it('sums several parts (R02) and skips rules of another unit type', () => {
    const parts = [
      { code: 'recon.closed', value: 5 },
      { code: 'recon.confirmed_illegal', value: 2 },
      { code: 'recon.ordered_perform', value: 4 },
    ];
    expect(partExceedsWhole(parts, catalogue, 'district_gov').map((p) => p.rule)).toEqual(['R02']);
    expect(partExceedsWhole(parts, catalogue, 'department')).toEqual([]);
  });
});
