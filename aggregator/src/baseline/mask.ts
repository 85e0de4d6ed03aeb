// Spans of a report whose numbers are not counts: dates and years, 《document titles》, “quoted
// names” (“一件事一次办”, “4·15”), 第N, enumerators (一是, （一）, 一、), party congresses and plans
// (二十大, 十九届, 十四五), versions (2023版, V2.0), frequencies (每月一次) and counts of categories
// (N个方面, N个领域, N类). A number that overlaps a mask is never a candidate.
import type { Span } from './segment';

const CN = '零〇一二两三四五六七八九十百千';
const NUM = `(?:\\d+|[${CN}]+)`;

/** Patterns whose whole match is masked. */
const MASKS: readonly RegExp[] = [
  // Years, dates and year ranges: 2023年, 2023-2025年, 2023.12.31, 二〇二三年, 12月31日, 三月.
  /(?:19|20)\d{2}\s*(?:年|[-－—–~～至到./]\s*(?:(?:19|20)\d{2}|\d{1,2}))/g,
  /[〇零一二三四五六七八九]{4}年/g,
  /\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?/g,
  /\d{1,2}\s*[日号](?![常报])/g,
  /[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}[日号])?/g,
  // Ordinals and enumerators.
  new RegExp(`第\\s*${NUM}`, 'g'),
  new RegExp(`[${CN}]+是`, 'g'),
  /[（(]\s*[一二三四五六七八九十\d]+\s*[）)]/g,
  /^\s*[一二三四五六七八九十]+、/gm,
  /^\s*\d+\s*[.、．]/gm,
  // Congresses, sessions, plenums and five-year plans: 二十大, 十九届三中全会, 十四五.
  new RegExp(`[${CN}]+(?:大(?![队类项])|届|中全会)`, 'g'),
  /十[一二三四五六七八九]五/g,
  // Versions: 2023版, 1.0版, V2.0.
  /\d+(?:\.\d+)*\s*版/g,
  /[Vv]\s*\d+(?:\.\d+)*/g,
  /\d+(?:\.\d+){2,}/g,
  // Frequencies: 每月一次, 每季度2次, 每半月一次 — how often, not how many.
  new RegExp(`每[^，。；,;\\n]{1,6}?${NUM}\\s*[次回场]`, 'g'),
  // Counts of categories: 6个方面, 三大领域, 12类, 二级.
  new RegExp(`${NUM}\\s*(?:个|大)?(?:方面|领域|维度|板块|环节|层级|类别|类|级)`, 'g'),
  // Days like 4·15, times like 9:30, numbers like 1+N.
  /\d+\s*[·•]\s*\d+/g,
  /\d{1,2}:\d{2}/g,
];

/** Pairs of marks whose whole content is masked, nested or not; quotes only when short. */
const ENCLOSED: ReadonlyArray<{ open: string; close: string; maxLength: number }> = [
  { open: '《', close: '》', maxLength: 200 },
  { open: '〈', close: '〉', maxLength: 200 },
  { open: '“', close: '”', maxLength: 40 },
  { open: '「', close: '」', maxLength: 40 },
  { open: '『', close: '』', maxLength: 40 },
];

export function maskSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const re of MASKS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      spans.push({ start: m.index, end: m.index + m[0].length });
    }
  }
  for (const pair of ENCLOSED) spans.push(...enclosed(text, pair.open, pair.close, pair.maxLength));
  return mergeSpans(spans);
}

function enclosed(text: string, open: string, close: string, maxLength: number): Span[] {
  const out: Span[] = [];
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') stack.length = 0;
    else if (c === open) stack.push(i);
    else if (c === close && stack.length > 0) {
      const start = stack.pop()!;
      if (i + 1 - start <= maxLength + 2) out.push({ start, end: i + 1 });
    }
  }
  return out;
}

function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** Whether [start, end) overlaps any of the sorted, merged spans. */
export function overlapsMask(masks: readonly Span[], start: number, end: number): boolean {
  let lo = 0;
  let hi = masks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = masks[mid];
    if (m.end <= start) lo = mid + 1;
    else if (m.start >= end) hi = mid - 1;
    else return true;
  }
  return false;
}

/** Four-digit years named in text[from, to): for telling figures of another year. */
export function yearsNamed(text: string, from: number, to: number): number[] {
  const years: number[] = [];
  const re = /(?:19|20)\d{2}(?=\s*年)/g;
  const slice = text.slice(from, to);
  for (let m = re.exec(slice); m; m = re.exec(slice)) years.push(Number(m[0]));
  return years;
}
