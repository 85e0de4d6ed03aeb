// The phrase file: how the draft words each indicator, kept as data beside the catalogue
// (templates/catalogue/<version>.phrases.json) so a coordinator can edit the wording without code.
// It is checked against its catalogue on load: every code exists, sits in its group's section and is
// phrased once; every placeholder is one the code fills; "{value}" is followed by the indicator's
// unit of measure; the five parts come in the order the regulation prescribes.
import { z } from 'zod';
import phrases2024 from '../../../templates/catalogue/2024.1.phrases.json';
import type { Catalogue, Indicator } from '../../../templates/src/core/catalogue';
import { appError } from '../../../templates/src/core/error-catalogue';
import { placeholdersOf } from './fill';
import { rollupRow, type RollupField } from '../rollup';
import { PART_KEYS, type DraftLevel } from './types';

const text = z.string().min(1);
const byLevel = z.object({ unit: text, district: text, city: text }).strict();

const clauseSchema = z
  .object({
    code: z.string(),
    /** Numbers: "{value}" with its unit. 是/否 in a district or city draft: "{units}家单位中{count}家…". */
    text,
    /** When the value is 0 (是/否: no unit said 是). null: leave the clause out. */
    zero: text.nullable().optional(),
    /** When the value equals `of` (a rate: 100; 是/否: every unit said 是), e.g. "全部按规定报送备案". */
    full: text.optional(),
    of: z.string().optional(),
    /** 是/否 in a unit's own draft (or where one unit answers). null/absent "no": leave the clause out. */
    yes: text.optional(),
    no: text.nullable().optional(),
    /** Leave the clause out unless this indicator is a number above 0 (e.g. 审结 under 受理). */
    requires: z.string().optional(),
    /** Append 同比 ("同比下降12.3%", rates "同比提高1.2个百分点") when last year is comparable. */
    yoy: z.boolean().optional(),
  })
  .strict();

const sentenceSchema = z
  .object({
    /** Opening words; default "{scope}" (本单位 / 全区 / 全市). */
    lead: z.string().optional(),
    clauses: z.array(clauseSchema).min(1),
  })
  .strict();

const groupSchema = z.object({ id: text, section: text, sentences: z.array(sentenceSchema).min(1) }).strict();

const partSchema = z
  .object({
    key: z.enum(PART_KEYS),
    title: text,
    /** Catalogue sections whose sentences the part holds; several become （一）（二）… subsections. */
    sections: z.array(z.string()),
    /** The units' own words shown in the part. */
    texts: z.array(z.object({ code: z.string(), label: text }).strict()),
  })
  .strict();

const phraseFileSchema = z
  .object({
    catalogue_version: text,
    city_name: text,
    scope: byLevel,
    title: byLevel,
    opening: byLevel,
    parts: z.array(partSchema).length(PART_KEYS.length),
    headings: z.record(z.string(), text),
    groups: z.array(groupSchema).min(1),
  })
  .strict();

export type Clause = z.infer<typeof clauseSchema>;
export type Sentence = z.infer<typeof sentenceSchema>;
export type PhraseGroup = z.infer<typeof groupSchema>;
export type PartSpec = z.infer<typeof partSchema>;
export type Phrases = z.infer<typeof phraseFileSchema>;

/** Placeholders the code fills, per place in the file. */
const DOCUMENT_WORDS = ['year', 'name', 'next_year'];
const LEAD_WORDS = ['scope'];

export class PhraseFileError extends Error {
  constructor(
    readonly file: string,
    readonly faults: string[],
  ) {
    super(`报告草稿措辞文件 ${file} 有误（${faults.length} 处）：\n- ${faults.join('\n- ')}`);
    this.name = 'PhraseFileError';
  }
}

/** Parses and checks a phrase file against its catalogue; throws PhraseFileError naming every fault. */
export function loadPhrases(data: unknown, catalogue: Catalogue, file = `${catalogue.version}.phrases.json`): Phrases {
  const parsed = phraseFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new PhraseFileError(file, parsed.error.issues.map((i) => `${i.path.join('.') || '（整个文件）'}：${i.message}`));
  }
  const faults = catalogueFaults(parsed.data, catalogue);
  if (faults.length > 0) throw new PhraseFileError(file, faults);
  return parsed.data;
}

function catalogueFaults(phrases: Phrases, catalogue: Catalogue): string[] {
  const faults: string[] = [];
  if (phrases.catalogue_version !== catalogue.version) {
    faults.push(`catalogue_version：写的是“${phrases.catalogue_version}”，应与指标目录版本“${catalogue.version}”一致`);
  }
  const checkWords = (where: string, template: string, allowed: readonly string[]) => {
    for (const name of placeholdersOf(template)) {
      if (!allowed.includes(name)) faults.push(`${where}：占位符{${name}}不可用，此处只能用${allowed.map((a) => `{${a}}`).join('、')}`);
    }
  };
  for (const place of ['title', 'opening', 'scope'] as const) {
    for (const level of ['unit', 'district', 'city'] as DraftLevel[]) checkWords(`${place}.${level}`, phrases[place][level], place === 'scope' ? [] : DOCUMENT_WORDS);
  }

  // Parts: the regulation's order, each section in one part at most.
  const partSections = new Map<string, string>();
  phrases.parts.forEach((part, i) => {
    const where = `parts[${i}]`;
    if (part.key !== PART_KEYS[i]) faults.push(`${where}：第${i + 1}部分应为“${PART_KEYS[i]}”，实为“${part.key}”（五个部分的顺序由《法治政府建设与责任落实督察工作规定》规定）`);
    checkWords(`${where}.title`, part.title, DOCUMENT_WORDS);
    for (const section of part.sections) {
      if (!catalogue.section(section)) faults.push(`${where}.sections：指标目录中没有部分“${section}”`);
      if (partSections.has(section)) faults.push(`${where}.sections：部分“${section}”已列在 ${partSections.get(section)}`);
      partSections.set(section, where);
    }
    for (const t of part.texts) {
      const field = catalogue.field(t.code);
      if (!field) faults.push(`${where}.texts：指标目录中没有指标“${t.code}”`);
      else if (field.type !== 'text') faults.push(`${where}.texts：“${t.code}”不是文字指标`);
    }
  });
  for (const section of Object.keys(phrases.headings)) {
    if (!catalogue.section(section)) faults.push(`headings：指标目录中没有部分“${section}”`);
  }

  const phrased = new Map<string, string>();
  phrases.groups.forEach((group, g) => {
    const where = `groups[${g}]（${group.id}）`;
    if (!partSections.has(group.section)) faults.push(`${where}：部分“${group.section}”不在 parts 的任何一部分中，其句子不会出现在草稿里`);
    group.sentences.forEach((sentence, s) => {
      if (sentence.lead !== undefined) checkWords(`${where}.sentences[${s}].lead`, sentence.lead, LEAD_WORDS);
      sentence.clauses.forEach((clause, c) => {
        const at = `${where}.sentences[${s}].clauses[${c}]（${clause.code}）`;
        const field = rollupRow(catalogue, clause.code);
        if (!field) {
          faults.push(`${at}：指标目录中没有这个指标代码`);
          return;
        }
        if (phrased.has(clause.code)) faults.push(`${at}：该指标已在 ${phrased.get(clause.code)} 写过，每个指标只能写一次（书签 ind_ 须唯一）`);
        phrased.set(clause.code, at);
        if (field.section !== group.section) faults.push(`${at}：该指标属于部分“${field.section}”，不属于本组的部分“${group.section}”`);
        faults.push(...clauseFaults(at, clause, field, catalogue));
      });
    });
  });
  return faults;
}

const NUMERIC: readonly Indicator['type'][] = ['integer', 'decimal', 'percent'];

function clauseFaults(at: string, clause: Clause, field: RollupField, catalogue: Catalogue): string[] {
  const faults: string[] = [];
  const words = (name: string, template: string | null | undefined, allowed: readonly string[]) => {
    if (!template) return;
    for (const p of placeholdersOf(template)) {
      if (!allowed.includes(p)) faults.push(`${at}.${name}：占位符{${p}}不可用，此处只能用${allowed.length ? allowed.map((a) => `{${a}}`).join('、') : '固定文字'}`);
    }
  };
  const numericCode = (name: string, code: string | undefined) => {
    if (code === undefined) return;
    const other = rollupRow(catalogue, code);
    if (!other) faults.push(`${at}.${name}：指标目录中没有指标“${code}”`);
    else if (!NUMERIC.includes(other.type)) faults.push(`${at}.${name}：“${code}”不是数值指标`);
  };
  numericCode('requires', clause.requires);

  switch (field.aggregation) {
    case 'sum':
    case 'max':
    case 'ratio': {
      const unit = field.aggregation === 'ratio' ? '%' : field.unit_zh;
      if (!clause.text.includes('{value}')) faults.push(`${at}.text：须含{value}`);
      else if (!clause.text.includes(`{value}${unit}`)) faults.push(`${at}.text：{value}后应紧跟计量单位“${unit}”（指标目录的计量单位）`);
      words('text', clause.text, ['value']);
      words('zero', clause.zero, []);
      words('full', clause.full, []);
      if (clause.yes !== undefined || clause.no !== undefined) faults.push(`${at}：yes/no 只用于是/否指标`);
      if (field.aggregation !== 'ratio' && !('zero' in clause)) {
        faults.push(`${at}.zero：数值为0时的说法必须写明（如“未发生……”“无……”），或写 null 表示为0时不写这一句`);
      }
      if (clause.full !== undefined && field.aggregation !== 'ratio' && clause.of === undefined) faults.push(`${at}.full：须用 of 指明与哪个指标相等时说“全部”`);
      if (clause.of !== undefined && field.aggregation === 'ratio') faults.push(`${at}.of：只用于求和或清单指标（比率为100%时自动用 full）`);
      numericCode('of', clause.of);
      break;
    }
    case 'count_true':
    case 'on_time':
      words('text', clause.text, ['units', 'count']);
      words('full', clause.full, ['units']);
      words('zero', clause.zero, []);
      words('yes', clause.yes, []);
      words('no', clause.no, []);
      if (!clause.text.includes('{count}')) faults.push(`${at}.text：须含{count}（填“是”的单位数）`);
      if (clause.yes === undefined) faults.push(`${at}.yes：须写单位答“是”时的说法（单位自己的草稿用）`);
      if (clause.full === undefined || clause.zero === undefined || clause.zero === null) faults.push(`${at}：须写 full（全部为“是”）和 zero（全部为“否”）的说法`);
      if (clause.of !== undefined) faults.push(`${at}.of：是/否指标不用 of`);
      break;
    case 'none_text_list':
      faults.push(`${at}：文字指标不写成句子，请列在 parts 的 texts 中`);
      break;
  }
  return faults;
}

const KNOWN_PHRASES: Record<string, unknown> = { '2024.1': phrases2024 };
const loaded = new Map<string, Phrases>();

/** The phrase file of the catalogue's version, checked against it on first use. */
export function phrasesFor(catalogue: Catalogue): Phrases {
  let phrases = loaded.get(catalogue.version);
  if (!phrases) {
    const data = KNOWN_PHRASES[catalogue.version];
    if (data === undefined) {
      throw appError('DRAFT_PHRASES_MISSING', { catalogueVersion: catalogue.version });
    }
    phrases = loadPhrases(data, catalogue);
    loaded.set(catalogue.version, phrases);
  }
  return phrases;
}
