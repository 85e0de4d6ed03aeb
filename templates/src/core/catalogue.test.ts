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
