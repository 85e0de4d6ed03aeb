import { CatalogueError, currentCatalogue, loadCatalogue } from './catalogue';
import data from '../../catalogue/2024.1.json';

const clone = () => JSON.parse(JSON.stringify(data));
const faultsOf = (broken: unknown): string[] => {
  try {
    loadCatalogue(broken);
  } catch (e) {
    if (e instanceof CatalogueError) return e.faults;
    throw e;
  }
  throw new Error('catalogue loaded although broken');
};

describe('catalogue 2024.1', () => {
  const cat = currentCatalogue();

  it('loads with its sections, fields and rules', () => {
    expect(cat.version).toBe('2024.1');
    expect(cat.sections).toHaveLength(15);
    expect(cat.fields.filter((f) => f.section === 'meta')).toHaveLength(10);
    expect(cat.fields.filter((f) => f.section !== 'meta')).toHaveLength(110);
    expect(cat.fields.filter((f) => f.derived)).toHaveLength(16);
    expect(cat.rules).toHaveLength(31);
  });

  it('orders fields by section order (纲要 order), header fields first', () => {
    const order = cat.fields.map((f) => cat.section(f.section)!.order);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(cat.fields[0].code).toBe('meta.unit_name');
  });

  it('keeps every rule id, severity and Chinese message of the spec', () => {
    const r01 = cat.rules.find((r) => r.id === 'R01')!;
    expect(r01).toMatchObject({ kind: 'le', severity: 'error', message_zh: '行政复议审结数不得大于本年受理数与上年结转数之和。' });
    expect(cat.rules.map((r) => r.id)).toEqual(Array.from({ length: 31 }, (_, i) => `R${String(i + 1).padStart(2, '0')}`));
  });

  it('bounds every numeric indicator: its own max, else its unit of measure’s (unit_max)', () => {
    expect(cat.field('leader.party_meetings')!.max).toBe(366);
    expect(cat.field('reg.ns_issued')!.max).toBe(1_000_000);
    expect(cat.field('learn.public_law_exam')!.max).toBe(100_000_000);
    expect(cat.field('disp.mediation_amount')!.max).toBe(100_000_000);
    expect(cat.field('lead.key_tasks_completion_rate')!.max).toBe(100);
    const unbounded = cat.fields.filter((f) => ['integer', 'decimal', 'percent'].includes(f.type) && f.max === undefined);
    expect(unbounded.map((f) => f.code)).toEqual([]);
  });

  it('refuses a numeric indicator with neither max nor a unit_max for its unit', () => {
    const broken = clone();
    delete broken.unit_max['件'];
    expect(faultsOf(broken)).toContain('reg.ns_issued：数值指标须有最大值：请给出 max，或在 unit_max 中给出计量单位“件”的上限');
  });

  it('knows which fields apply to which unit type', () => {
    expect(cat.appliesTo(cat.field('recon.accepted')!, 'district_gov')).toBe(true);
    expect(cat.appliesTo(cat.field('recon.accepted')!, 'department')).toBe(false);
    expect(cat.appliesTo(cat.field('enf.penalty_cases')!, 'district_gov')).toBe(false);
    expect(cat.appliesTo(cat.field('litig.lost')!, 'department')).toBe(true);
  });
});

describe('a broken catalogue fails at load, naming indicator and fault', () => {
  it('duplicate code', () => {
    const c = clone();
    c.indicators.push({ ...c.indicators[2] });
    expect(faultsOf(c)).toContain(`${c.indicators[2].code}：指标代码重复`);
  });

  it('numerator that does not exist', () => {
    const c = clone();
    const rate = c.indicators.find((i: { code: string }) => i.code === 'litig.loss_rate');
    rate.numerator = 'litig.nonexistent';
    expect(faultsOf(c)).toContain('litig.loss_rate：引用的指标 litig.nonexistent 不存在');
  });

  it('denominator of the wrong type', () => {
    const c = clone();
    const rate = c.indicators.find((i: { code: string }) => i.code === 'litig.loss_rate');
    rate.denominator = 'narr.summary';
    expect(faultsOf(c)).toContain('litig.loss_rate：引用的指标 narr.summary 不是数值类型');
  });

  it('rule naming an unknown code or a wrongly typed one', () => {
    const c = clone();
    c.rules.find((r: { id: string }) => r.id === 'R04').left = ['litig.lost_typo'];
    c.rules.find((r: { id: string }) => r.id === 'R23').then.code = 'enf.case_files_reviewed';
    const faults = faultsOf(c);
    expect(faults).toContain('R04：引用的指标 litig.lost_typo 不存在');
    expect(faults).toContain('R23：指标 enf.case_files_reviewed 应为是/否，实为 integer');
  });

  it('derived indicator marked as a required input', () => {
    const c = clone();
    c.indicators.find((i: { code: string }) => i.code === 'reg.review_rate').required = true;
    expect(faultsOf(c)).toContain('reg.review_rate：派生指标由系统计算，不能是必填输入项');
  });

  it('ratio that is not derived', () => {
    const c = clone();
    c.indicators.find((i: { code: string }) => i.code === 'reg.review_rate').derived = false;
    expect(faultsOf(c)).toEqual(
      expect.arrayContaining(['reg.review_rate：比率指标必须是派生指标并给出分子和分母']),
    );
  });

  it('invalid applies_to value', () => {
    const c = clone();
    c.indicators.find((i: { code: string }) => i.code === 'pf.bases').applies_to = 'street';
    const faults = faultsOf(c);
    expect(faults.some((f) => f.startsWith('pf.bases（applies_to）'))).toBe(true);
  });
});
