// buildDraft: the figures of a unit, a district or the city → the draft's document model, in the five
// parts the regulation prescribes. Pure: the caller (services/drafts.ts) reads the store and picks
// the figures; the .docx writer lays the model out.
import { statusLabel, type Rollup, type RollupGroup, type UnitResult } from '../rollup';
import type { Catalogue } from '../../../templates/src/core/catalogue';
import { describeContext, describeFigure, namesOf } from './describe';
import { fill } from './fill';
import { groupTexts, unitTexts } from './narratives';
import type { PartSpec, Phrases } from './phrases';
import { renderSentence } from './sentences';
import type { Block, DraftDocument, DraftFigure, DraftLevel, DraftPart, Segment } from './types';

export interface DraftSource {
  level: DraftLevel;
  /** Unit code, district code, or 'city'. */
  code: string;
  /** Holds every unit of `group` with its values (scopeRollup with units). */
  rollup: Rollup;
  /** The figures drafted: a district's or the city's group, or the one-unit rollup's group. */
  group: RollupGroup;
  /** Identifies the submissions behind the numbers (services/drafts.ts dataVersionOf). */
  dataVersion: string;
  /** Facts for the drafter the figures cannot tell, e.g. that the unit's sheet was returned. */
  notes?: string[];
}

const CHINESE_DIGITS = '零一二三四五六七八九';

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (subsection numbers). */
export function chineseNumber(n: number): string {
  if (n < 10) return CHINESE_DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CHINESE_DIGITS[tens]}十${ones === 0 ? '' : CHINESE_DIGITS[ones]}`;
}

export function buildDraft(source: DraftSource, catalogue: Catalogue, phrases: Phrases): DraftDocument {
  const { level, group } = source;
  const byCode = new Map(source.rollup.units.map((u) => [u.code, u]));
  const units = group.unitCodes.map((code) => byCode.get(code)).filter((u): u is UnitResult => !!u);
  const name = level === 'city' ? phrases.city_name : level === 'district' ? group.name : (units[0]?.name ?? source.code);
  const words = { year: String(source.rollup.year), next_year: String(source.rollup.year + 1), name };
  const scope = phrases.scope[level];

  const figures: DraftFigure[] = [];
  const describe = describeContext(level, source.rollup, group, source.dataVersion);
  const sentencesOf = (section: string): Block[] => {
    const blocks: Block[] = [];
    for (const g of phrases.groups.filter((x) => x.section === section)) {
      // One paragraph per indicator group, its sentences run on as in a written report.
      const segments: Segment[] = [];
      for (const sentence of g.sentences) {
        const rendered = renderSentence(sentence, group.figures, scope);
        if (!rendered) continue;
        segments.push(...rendered.segments);
        for (const code of rendered.codes) figures.push(describeFigure(group.figures[code], describe));
      }
      if (segments.length > 0) blocks.push({ kind: 'paragraph', segments });
    }
    return blocks;
  };
  const textsOf = (part: PartSpec): Block[] => (level === 'unit' ? (units[0] ? unitTexts(units[0], part.texts) : []) : groupTexts(units, part.texts));

  const parts: DraftPart[] = phrases.parts.map((part) => {
    const blocks: Block[] = [];
    const numbered = part.sections.length > 1;
    // A unit's overview opens its part 一; a district's or the city's material follows the numbers.
    if (level === 'unit' && numbered) blocks.push(...textsOf(part));
    let n = 0;
    for (const section of part.sections) {
      const paragraphs = sentencesOf(section);
      if (paragraphs.length === 0) continue;
      if (numbered) blocks.push({ kind: 'subheading', text: `（${chineseNumber(++n)}）${phrases.headings[section] ?? catalogue.section(section)?.name_zh ?? section}` });
      blocks.push(...paragraphs);
    }
    if (!(level === 'unit' && numbered)) blocks.push(...textsOf(part));
    if (blocks.length === 0) blocks.push(noteBlock('【待核：本部分没有可用的填报数据，请起草人补充】'));
    return { key: part.key, title: fill(part.title, words), blocks };
  });

  return {
    title: fill(phrases.title[level], words),
    properties: { year: source.rollup.year, level, code: source.code, name, catalogueVersion: source.rollup.catalogueVersion, dataVersion: source.dataVersion },
    preamble: [noteBlock(drafterNote(source, units)), { kind: 'paragraph', segments: [{ kind: 'text', text: fill(phrases.opening[level], words) }] }],
    parts,
    figures,
  };
}

const noteBlock = (text: string): Block => ({ kind: 'paragraph', segments: [{ kind: 'note', text }] });

/** What the draft rests on, for the drafter (deleted before the report is final). */
function drafterNote(source: DraftSource, units: readonly UnitResult[]): string {
  const { rollup, group } = source;
  let basis: string;
  if (source.level === 'unit') {
    const sub = units[0]?.submission;
    basis = sub ? `依据本单位${rollup.year}年度第${sub.version}版报表（${statusLabel(sub.status)}）。` : `本单位${rollup.year}年度尚未报送。`;
  } else {
    const c = group.completeness;
    const pending = c.byStatus.pending ?? 0;
    basis = `应报${c.expected}家，已报${c.submitted}家${pending > 0 ? `（其中${pending}家待审核）` : ''}`;
    const short = [
      ...(c.returned > 0 ? [`${c.returned}家已退回（${namesOf(c.returnedUnits)}）`] : []),
      ...(c.missing > 0 ? [`${c.missing}家未报送（${namesOf(c.missingUnits)}）`] : []),
    ];
    basis += short.length > 0 ? `，${short.join('，')}，相关数字不完整。` : '。';
  }
  const extra = (source.notes ?? []).join('');
  return `【待核：本稿由系统根据${rollup.year}年度填报数据自动生成，数据版本${source.dataVersion}；${basis}${extra}正文每个数字带书签（ind_指标代码）和批注，附件列出所用全部数字及上年数、同比。请核对、改写后定稿，定稿前删除全部【待核】标注和批注】`;
}
