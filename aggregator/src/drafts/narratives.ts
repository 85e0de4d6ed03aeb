// The units' own words under each part: a unit's draft shows its texts as its paragraphs; a district's
// or the city's lists every unit's texts (identical texts once, with all their units) as material the
// drafter condenses, and says which units wrote nothing or did not report.
import type { UnitResult } from '../rollup';
import { namesOf } from './describe';
import type { PartSpec } from './phrases';
import type { Block } from './types';

type TextSpec = PartSpec['texts'][number];

const textOf = (unit: UnitResult, code: string): string => {
  const v = unit.values[code];
  return typeof v === 'string' ? v.trim() : '';
};

/** A text's lines as paragraphs; the first one opens with the label when given ("主要原因：…"). */
function paragraphs(text: string, label?: string): Block[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  return lines.map((line, i) => ({ kind: 'paragraph', segments: [{ kind: 'text', text: i === 0 && label ? `${label}：${line}` : line }] }));
}

const note = (text: string): Block => ({ kind: 'paragraph', segments: [{ kind: 'note', text }] });

/** A unit's own texts of the part: the first as written, the next ones opened by their label. */
export function unitTexts(unit: UnitResult, texts: readonly TextSpec[]): Block[] {
  const blocks: Block[] = [];
  texts.forEach((spec, i) => {
    const text = textOf(unit, spec.code);
    if (text === '') blocks.push(note(`【待核：本单位未填写“${spec.label}”，请补充】`));
    else blocks.push(...paragraphs(text, i > 0 ? spec.label : undefined));
  });
  return blocks;
}

/**
 * Every unit's texts of the part, grouped by unit in the group's order (区人民政府 first). Units
 * whose texts are word for word the same are shown once, named together.
 */
export function groupTexts(units: readonly UnitResult[], texts: readonly TextSpec[]): Block[] {
  if (texts.length === 0) return [];
  const labels = texts.map((t) => `“${t.label}”`).join('、');
  const blocks: Block[] = [note(`【待核：以下为各单位填报的${labels}，按单位列出，供起草时归纳提炼，定稿前删除】`)];
  const missing = units.filter((u) => !u.submission);
  const empty: UnitResult[] = [];
  const same = new Map<string, { units: UnitResult[]; values: string[] }>();
  for (const unit of units) {
    if (!unit.submission) continue;
    const values = texts.map((t) => textOf(unit, t.code));
    if (values.every((v) => v === '')) {
      empty.push(unit);
      continue;
    }
    const key = JSON.stringify(values);
    const entry = same.get(key);
    if (entry) entry.units.push(unit);
    else same.set(key, { units: [unit], values });
  }
  for (const { units: writers, values } of same.values()) {
    const who = writers.length === 1 ? writers[0].name : `${namesOf(writers)}（共${writers.length}家，内容相同）`;
    blocks.push({ kind: 'source', text: `${who}：` });
    values.forEach((value, i) => {
      if (value === '') return;
      blocks.push(...paragraphs(value, texts.length > 1 ? texts[i].label : undefined));
    });
  }
  if (empty.length > 0) blocks.push(note(`【待核：${empty.length}家单位未填写${labels}：${namesOf(empty)}】`));
  if (missing.length > 0) blocks.push(note(`【待核：${missing.length}家未报送，无文字材料：${namesOf(missing)}】`));
  return blocks;
}
