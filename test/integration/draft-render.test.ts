// The drafts as a reader sees them: unit, district and city drafts from the sample data and from the
// hand-built case, converted by LibreOffice Writer to PDF. Checked: A4, the page count, 22 lines of
// at most 28 characters, page numbers, the fonts applied, and the sentences with the numbers worked
// out by hand. PNGs of every page are kept in test/artifacts/drafts/ for a person to look at.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { currentCatalogue } from '../../templates/src/core/catalogue';
import { buildDraft, type DraftSource } from '../../aggregator/src/drafts/build';
import { phrasesFor } from '../../aggregator/src/drafts/phrases';
import type { DraftDocument } from '../../aggregator/src/drafts/types';
import { writeDraftDocx } from '../../aggregator/src/drafts/write-docx';
import { computeRollup, districtGroup, scopeRollup, type Rollup } from '../../aggregator/src/rollup';
import { oneUnitInput, sampleInput } from '../support/draft-fixtures';
import { draftGoldenInput } from '../support/draft-golden';
import { flatText, renderDocx, type RenderedPdf } from '../support/render-docx';

const catalogue = currentCatalogue();
const phrases = phrasesFor(catalogue);
const ARTIFACTS = path.join(__dirname, '..', 'artifacts', 'drafts');

const district = (rollup: Rollup, code: string): DraftSource => ({ level: 'district', code, rollup: scopeRollup(rollup, { level: 'district', code }), group: districtGroup(rollup, code), dataVersion: 'render-test' });
const city = (rollup: Rollup): DraftSource => ({ level: 'city', code: 'city', rollup, group: rollup.groups[0], dataVersion: 'render-test' });
const unit = (rollup: Rollup, code: string): DraftSource => ({ level: 'unit', code, rollup, group: rollup.groups[0], dataVersion: 'render-test' });

const golden = computeRollup(draftGoldenInput());
const sample = computeRollup(sampleInput(2024));
const SOURCES: Record<string, DraftSource> = {
  'golden-unit': unit(computeRollup(oneUnitInput(draftGoldenInput(), 'A1')), 'A1'),
  'golden-district': district(golden, '120101'),
  'golden-city': city(golden),
  'sample-unit': unit(computeRollup(oneUnitInput(sampleInput(2024), '120101002')), '120101002'),
  'sample-district': district(sample, '120101'),
  'sample-city': city(sample),
};

const drafts = new Map<string, DraftDocument>();
let rendered: Map<string, RenderedPdf>;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'draft-render-'));
  const files = [];
  for (const [name, source] of Object.entries(SOURCES)) {
    const draft = buildDraft(source, catalogue, phrases);
    drafts.set(name, draft);
    files.push({ name, bytes: await writeDraftDocx(draft) });
  }
  rendered = await renderDocx(files, work, ARTIFACTS);
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const pdf = (name: string) => rendered.get(name)!;
const text = (name: string) => pdf(name).pageTexts.map(flatText).join('');
/** Pages before the 附件 (the body of the report). */
const bodyPages = (name: string) => {
  const texts = pdf(name).pageTexts;
  const appendix = texts.findIndex((t) => t.includes('草稿所用数据一览表'));
  return texts.slice(0, appendix);
};

describe('every draft', () => {
  it.each(Object.keys(SOURCES))('%s is A4, numbered "— n —" on each page, with its appendix', (name) => {
    const p = pdf(name);
    expect(p.pageSize).toBe('595.304 x 841.89');
    p.pageTexts.forEach((t, i) => expect(t.replace(/\s+/g, '')).toContain(`—${i + 1}—`));
    expect(text(name)).toContain('草稿所用数据一览表');
    expect(p.pngs).toHaveLength(p.pages);
  });

  it.each(Object.keys(SOURCES))('%s sets 22 lines a page, at most 28 characters a line', (name) => {
    const lines = bodyPages(name).map((page) => page.split('\n').map((l) => l.replace(/\s+/g, '')).filter((l) => l !== '' && !/^—\d+—$/.test(l)));
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(22);
    // Lines of Chinese characters only (digits and Latin letters are narrower); a closing
    // punctuation mark may hang at the end of a full line, as in Word (标点溢出边界).
    const widths = lines.flat().filter((l) => !/[ -~]/.test(l)).map((l) => l.replace(/[，。、；：）”》】]$/, '').length);
    expect(Math.max(...widths)).toBe(28);
  });

  it('renders the official fonts through the test mapping: 黑体 → Noto Sans, 楷体 → AR PL UKai, others → Noto Serif', () => {
    expect(pdf('golden-district').fonts).toMatch(/NotoSansCJK/);
    expect(pdf('golden-district').fonts).toMatch(/UKai/);
    expect(pdf('golden-district').fonts).toMatch(/NotoSerifCJK/);
  });

  it('keeps to the expected number of pages (text, then the appendix table)', () => {
    const pages = Object.fromEntries(Object.keys(SOURCES).map((n) => [n, [bodyPages(n).length, pdf(n).pages]]));
    for (const [name, [body, total]] of Object.entries(pages)) {
      expect({ name, body: body >= 4 && body <= 12 }).toEqual({ name, body: true });
      expect({ name, appendix: total - body >= 4 && total - body <= 12 }).toEqual({ name, appendix: true });
    }
  });
});

describe('the hand-built case, as printed', () => {
  it('the district draft says the hand-computed numbers', () => {
    const t = text('golden-district');
    expect(t).toContain('2024年和平区法治政府建设情况报告');
    expect(t).toContain('全区制发行政规范性文件8件，按规定报送备案7件，报备率87.5%【待核：1家未报送】。');
    expect(t).toContain('全区共受理行政复议案件120件，同比增长20%，审结100件，其中撤销、变更6件，确认违法2件，责令履行1件。全区行政复议直接纠错9件，直接纠错率9%，同比提高4个百分点。');
    expect(t).toContain('全区年度网上学法用法考试应参考10050人，全员参考，参考率100%，合格9050人，合格率90%【待核：1家未报送】。');
    expect(t).toContain('全区3家单位中1家主要负责人带头讲授法治课或作法治专题讲座【待核：1家未报送】。');
    // The parts in the regulation's order, then the appendix: each heading found after the one before.
    let at = 0;
    for (const heading of ['一、主要举措和成效', '二、存在的不足和原因', '三、党政主要负责人履行推进法治建设第一责任人职责情况', '四、下一年度主要安排', '五、其他需要报告的情况', '附件草稿所用数据一览表']) {
      const found = t.indexOf(heading, at);
      expect({ heading, found: found > at }).toEqual({ heading, found: true });
      at = found;
    }
  });

  it('the city draft sums districts and 市级部门', () => {
    const t = text('golden-city');
    expect(t).toContain('全市制发行政规范性文件32件');
    expect(t).toContain('全市8家单位中4家主要负责人带头讲授法治课或作法治专题讲座【待核：1家未报送】。');
  });

  it('the unit draft leaves a blank indicator out without an empty clause', () => {
    const t = text('golden-unit');
    expect(t).toContain('本单位制发行政规范性文件3件，同比增长50%，按规定报送备案2件，报备率66.7%。');
    expect(t).not.toContain('新收一审行政诉讼');
    const body = bodyPages('golden-unit').map(flatText).join('');
    expect(body).not.toMatch(/，，|，。|。，|[^\d.]%|\{|\}|null|NaN|undefined/);
  });
});

describe('the sample data, as printed', () => {
  it('the city draft counts all 69 units and lists their identical words once', () => {
    const t = text('sample-city');
    expect(t).toMatch(/全市69家单位中\d+家主要负责人带头讲授法治课或作法治专题讲座。/);
    expect(t).toContain('（共69家，内容相同）');
  });

  it('the district and unit drafts open with their own titles', () => {
    expect(text('sample-district')).toContain('2024年和平区法治政府建设情况报告');
    expect(text('sample-unit')).toContain('天津市和平区司法局2024年法治政府建设情况报告');
  });
});
