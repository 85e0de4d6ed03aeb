// The .docx as Word reads it: page setup in twips, fonts and sizes of GB/T 9704, the five parts in
// order, a bookmark around every number of the text, a comment on its phrase, document properties.
import { currentCatalogue } from '../../../templates/src/core/catalogue';
import { attr, bookmarksOf, commentsOf, docxParts, paragraphsOf, textOf } from '../../../test/support/docx-parts';
import { draftGoldenInput } from '../../../test/support/draft-golden';
import { computeRollup, districtGroup, scopeRollup } from '../rollup';
import { buildDraft } from './build';
import { phrasesFor } from './phrases';
import { bookmarkName } from './types';
import { writeDraftDocx } from './write-docx';

const catalogue = currentCatalogue();
const rollup = computeRollup(draftGoldenInput());
const draft = buildDraft(
  { level: 'district', code: '120101', rollup: scopeRollup(rollup, { level: 'district', code: '120101' }), group: districtGroup(rollup, '120101'), dataVersion: '0123456789ab' },
  catalogue,
  phrasesFor(catalogue),
);

let parts: Map<string, string>;
let doc: string;
beforeAll(async () => {
  parts = await docxParts(await writeDraftDocx(draft, { now: new Date('2025-02-20T08:00:00Z') }));
  doc = parts.get('word/document.xml')!;
});

const tag = (xml: string, name: string) => /<([a-z:]+)([^>]*)\/?>/.exec(xml.slice(xml.indexOf(`<${name} `)))![2];
const styleXml = (id: string) => {
  const styles = parts.get('word/styles.xml')!;
  const start = styles.indexOf(`w:styleId="${id}"`);
  return styles.slice(start, styles.indexOf('</w:style>', start));
};

describe('page setup (GB/T 9704-2012)', () => {
  it('A4 with 天头 37 mm, 订口 28 mm and a 156 × 225 mm text area, in both sections', () => {
    const sections = [...doc.matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);
    expect(sections).toHaveLength(2);
    for (const s of sections) {
      const size = tag(s, 'w:pgSz');
      // 210 × 297 mm = 11906 × 16838 twips (1 mm = 56.69 twips).
      expect([attr(size, 'w:w'), attr(size, 'w:h')]).toEqual(['11906', '16838']);
      const margin = tag(s, 'w:pgMar');
      // top 37 mm = 2098; left 28 mm = 1587; right 210 − 28 − 156 = 26 mm = 1475; bottom 297 − 37 − 225 = 35 mm = 1984.
      expect(['w:top', 'w:left', 'w:right', 'w:bottom'].map((a) => attr(margin, a))).toEqual(['2098', '1587', '1475', '1984']);
      // 页码一字线上距版心下边缘 7 mm: 1984 − 397 − one 14 pt line (280) = 1307.
      expect(attr(margin, 'w:footer')).toBe('1307');
      expect(s).toMatch(/<w:footerReference w:type="default"/);
      expect(s).toMatch(/<w:footerReference w:type="even"/);
    }
    // 22 lines: 225 mm = 12756 twips, 12756 / 22 = 579.8 → 579.
    expect(tag(sections[0], 'w:docGrid')).toMatch(/w:type="lines" w:linePitch="579"/);
  });

  it('body 3号仿宋 on exact 579-twip lines, condensed so that 28 characters fill the line', () => {
    const defaults = /<w:docDefaults>([\s\S]*?)<\/w:docDefaults>/.exec(parts.get('word/styles.xml')!)![1];
    expect(defaults).toMatch(/<w:rFonts w:ascii="仿宋_GB2312" w:cs="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hAnsi="仿宋_GB2312"\/>/);
    expect(defaults).toContain('<w:sz w:val="32"/>');
    // 156 mm / 28 = 315.9 twips per character; a 16 pt character is 320: −5 twips each.
    expect(defaults).toContain('<w:spacing w:val="-5"/>');
    expect(defaults).toMatch(/<w:spacing w:after="0" w:before="0" w:line="579" w:lineRule="exact"\/>/);
    // 首行缩进两字: 2 × (320 − 5).
    expect(defaults).toContain('<w:ind w:firstLine="630"/>');
  });

  it('title 2号小标宋 centred; 一、 in 黑体; （一） in 楷体; page numbers 4号宋体', () => {
    expect(styleXml('Title')).toMatch(/w:eastAsia="方正小标宋简体"/);
    expect(styleXml('Title')).toContain('<w:sz w:val="44"/>');
    expect(styleXml('Title')).toContain('<w:jc w:val="center"/>');
    expect(styleXml('Heading1')).toMatch(/w:eastAsia="黑体"/);
    expect(styleXml('Heading2')).toMatch(/w:eastAsia="楷体_GB2312"/);
    expect(styleXml('PageNumber')).toMatch(/w:eastAsia="宋体"/);
    expect(styleXml('PageNumber')).toContain('<w:sz w:val="28"/>');
  });

  it('page numbers "— 1 —": odd pages at the right, even pages at the left, one character in', () => {
    expect(parts.get('word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    const rels = parts.get('word/_rels/document.xml.rels')!;
    const footerOf = (type: string) => {
      const id = new RegExp(`<w:footerReference w:type="${type}" r:id="([^"]+)"`).exec(doc)![1];
      return parts.get(`word/${new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)![1]}`)!;
    };
    const odd = footerOf('default');
    const even = footerOf('even');
    expect(odd).toContain('<w:jc w:val="right"/>');
    expect(odd).toMatch(/<w:ind w:right="280"/);
    expect(even).toContain('<w:jc w:val="left"/>');
    expect(even).toMatch(/<w:ind w:left="280"/);
    for (const f of [odd, even]) {
      // "— ", the PAGE field, " —" (一字线 U+2014 on both sides).
      expect(f).toMatch(/<w:t xml:space="preserve">— <\/w:t><\/w:r><w:r><w:fldChar w:fldCharType="begin"\/><\/w:r><w:r><w:instrText xml:space="preserve">PAGE<\/w:instrText>[\s\S]*<w:fldChar w:fldCharType="end"\/><\/w:r><w:r><w:t xml:space="preserve"> —<\/w:t>/);
    }
  });
});

describe('content', () => {
  it('holds the title, then the five parts as 一级标题 in the regulation order', () => {
    const paragraphs = paragraphsOf(doc);
    expect(paragraphs[0]).toMatchObject({ style: 'Title', text: '2024年和平区法治政府建设情况报告' });
    expect(paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual([
      '一、主要举措和成效',
      '二、存在的不足和原因',
      '三、党政主要负责人履行推进法治建设第一责任人职责情况',
      '四、下一年度主要安排',
      '五、其他需要报告的情况',
    ]);
    expect(paragraphs.filter((p) => p.style === 'Heading2')[0].text).toBe('（一）加强党的领导，完善法治政府建设推进机制');
    expect(paragraphs.map((p) => p.text)).toContain('附件');
  });

  it('bookmarks every number of the text as ind_<code>, around the phrase that writes it', () => {
    const bookmarks = bookmarksOf(doc);
    expect([...bookmarks.keys()].sort()).toEqual(draft.figures.map((f) => bookmarkName(f.code)).sort());
    expect(bookmarks.get('ind_reg_ns_issued')).toBe('制发行政规范性文件8件');
    expect(bookmarks.get('ind_reg_ns_filing_rate')).toBe('报备率87.5%');
    expect(bookmarks.get('ind_recon_correction_rate')).toBe('直接纠错率9%，同比提高4个百分点');
    // Every digit of the parts' text sits inside a bookmark, apart from notes, the units' own
    // numbered lines ("1. …") and how many units wrote the same words.
    const body = doc.slice(doc.indexOf('一、主要举措和成效'), doc.indexOf('>附件<'));
    const outside = body.replace(/<w:bookmarkStart [^>]*w:id="(\d+)"[^>]*\/>[\s\S]*?<w:bookmarkEnd w:id="\1"\/>/g, '');
    const unbookmarked = paragraphsOf(outside).filter((p) => p.style !== 'DraftSource').map((p) => p.text.replace(/【待核[^】]*】|^\d+\. /g, ''));
    expect(unbookmarked.filter((t) => /\d/.test(t))).toEqual([]);
  });

  it('puts a comment on each phrase: the figure, its units, who is missing, the data version', () => {
    const comments = commentsOf(parts.get('word/comments.xml')!);
    expect(comments.size).toBe(draft.figures.length);
    const i = draft.figures.findIndex((f) => f.code === 'reg.ns_issued');
    expect(comments.get(String(i))).toContain('本年度制发行政规范性文件数（reg.ns_issued）：8件');
    expect(comments.get(String(i))).toContain('未报送（1家）：和平区市场监管局');
    expect(comments.get(String(i))).toContain('数据版本：0123456789ab');
    // The comment spans the phrase: its range starts right before the bookmark.
    expect(doc).toContain(`<w:commentRangeStart w:id="${i}"/><w:bookmarkStart w:name="ind_reg_ns_issued"`);
  });

  it('lists every number in the appendix table, linked to its bookmark, with last year and 同比', () => {
    const table = doc.slice(doc.indexOf('<w:tbl>'));
    const rows = [...table.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((m) => [...m[1].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => textOf(c[1])));
    expect(rows[0]).toEqual(['序号', '指标', '本年', '上年', '同比', '说明']);
    expect(rows).toHaveLength(draft.figures.length + 1);
    const rate = rows.find((r) => r[1].includes('recon.correction_rate'))!;
    expect(rate.slice(2)).toEqual(['9%', '5%', '同比提高4个百分点', '应报1家，已报1家']);
    expect(table).toMatch(/<w:hyperlink [^>]*w:anchor="ind_recon_correction_rate"/);
  });

  it('records year, level, code, catalogue version and data version in the document properties', () => {
    const custom = parts.get('docProps/custom.xml')!;
    const props = Object.fromEntries([...custom.matchAll(/name="([^"]+)"><vt:lpwstr>([^<]*)</g)].map((m) => [m[1], m[2]]));
    expect(props).toEqual({ year: '2024', level: 'district', code: '120101', catalogueVersion: '2024.1', dataVersion: '0123456789ab' });
    expect(parts.get('docProps/core.xml')).toContain('<dc:title>2024年和平区法治政府建设情况报告</dc:title>');
    expect(parts.get('docProps/core.xml')).toContain('year=2024;level=district;code=120101;catalogue=2024.1;data=0123456789ab');
  });
});
