// The document model of a report draft: what the builder decides (parts, sentences, notes, the
// figure behind each phrase) and the .docx writer lays out. Plain data, no docx objects.

export type DraftLevel = 'unit' | 'district' | 'city';

/** The five parts of the annual report, in the order the 督察工作规定 prescribes. */
export const PART_KEYS = ['achievements', 'shortcomings', 'leaders', 'plans', 'other'] as const;
export type PartKey = (typeof PART_KEYS)[number];

/** One number of the draft with everything the drafter needs to check it. */
export interface DraftFigure {
  code: string;
  name_zh: string;
  /** The figure as written in the text, e.g. "1423件", "7.1%", "58/69家". */
  display: string;
  /** Last year's figure, same form; null when there is none to compare. */
  last: string | null;
  /** e.g. "同比下降12.3%", "同比提高1.2个百分点", "上年为0", "无上年数据". */
  change: string;
  /** e.g. "应报16家，已报15家（1家未报送）"; for a unit, the source cell. */
  basis: string;
  incomplete: boolean;
  /** Lines of the Word comment on the phrase. */
  comment: string[];
}

export type Segment =
  | { kind: 'text'; text: string }
  /** A phrase carrying a number: bookmarked `ind_<code>` and commented. */
  | { kind: 'figure'; code: string; text: string }
  /** A bracketed note for the drafter, e.g. 【待核：3家未报送】. */
  | { kind: 'note'; text: string };

export type Block =
  /** （一）… : a subsection heading (楷体). */
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; segments: Segment[] }
  /** Whose words follow (district and city drafts), e.g. "天津市和平区司法局：". */
  | { kind: 'source'; text: string };

export interface DraftPart {
  key: PartKey;
  /** 一、… (黑体). */
  title: string;
  blocks: Block[];
}

export interface DraftProperties {
  year: number;
  level: DraftLevel;
  /** Unit code, district code, or 'city'. */
  code: string;
  name: string;
  catalogueVersion: string;
  /** Identifies the submissions the numbers come from (see services/drafts.ts). */
  dataVersion: string;
}

export interface DraftDocument {
  title: string;
  properties: DraftProperties;
  /** Before part 一: the drafter's note on where the numbers come from, and the opening paragraph. */
  preamble: Block[];
  parts: DraftPart[];
  /** Every number used in the text, in text order (the appendix table). */
  figures: DraftFigure[];
}

/** Bookmark name of an indicator: Word allows letters, digits and '_' only (no '.'), 40 at most. */
export const bookmarkName = (code: string): string => `ind_${code.replace(/[.:]/g, '_')}`;
