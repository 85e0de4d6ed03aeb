// Numbers as reports write them: 60, 2,900, 1.33亿, 3万, 三十二, 两千三百, 百分之九十九, 99.5%,
// with the marks that make a figure approximate (约…, …余, …多). Only the language is here; which
// numbers are counts at all is the masks' business (mask.ts).

export interface NumberToken {
  /** The numeral itself, multipliers included ('1.33亿', '三十二'): [start, end) in the text. */
  start: number;
  end: number;
  value: number;
  /** 约/大约/近/逾/超过/将近/接近 before it, or 余/多 after it. */
  approx: boolean;
  /** Written with % or 百分之. */
  percent: boolean;
  /** Where the text after the number (past 余/多 and %) starts: the measure word is read from here. */
  after: number;
}

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/**
 * The value of a Chinese numeral ('三十二' 32, '两千三百' 2300, '一百零五' 105, '三万五千' 35000,
 * '二〇二三' 2023), or undefined when it is no well-formed numeral ('十四五', '三四').
 */
export function parseChineseNumeral(s: string): number | undefined {
  if (s.length === 0) return undefined;
  // Digit by digit (二〇二三): only digits, at least two, with a 〇 or 零 among them.
  if (s.length > 1 && [...s].every((c) => c in DIGIT) && /[〇零]/.test(s)) {
    return Number([...s].map((c) => DIGIT[c]).join(''));
  }
  // 一亿二千万: total holds the 亿 part, wan the 万 part since it, section what follows.
  let total = 0;
  let wan = 0;
  let section = 0;
  let digit: number | undefined;
  let lastUnit = Infinity;
  for (const c of s) {
    if (c in DIGIT) {
      // Two digits in a row ('三四个', '十四五') are a range or a name, not a numeral; 零 may lead.
      if (digit !== undefined && digit !== 0) return undefined;
      digit = DIGIT[c];
    } else if (c in UNIT) {
      const unit = UNIT[c];
      if (unit >= lastUnit) return undefined;
      if (digit === undefined) {
        if (unit !== 10 || section !== 0 || total !== 0) return undefined;
        digit = 1; // 十二 = 12
      }
      section += digit * unit;
      digit = undefined;
      lastUnit = unit;
    } else if (c in BIG) {
      const part = section + (digit ?? 0);
      if (c === '万') {
        if (part === 0) return undefined;
        wan += part * 1e4;
      } else {
        if (part + wan === 0) return undefined;
        total += (wan + part) * 1e8;
        wan = 0;
      }
      section = 0;
      digit = undefined;
      lastUnit = Infinity;
    } else return undefined;
  }
  return total + wan + section + (digit ?? 0);
}

const ARABIC = /\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?/y;
const CHINESE = /[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*/y;
const BEFORE_APPROX = ['大约', '将近', '接近', '超过', '约', '近', '逾'];
/** A numeral right after these is vague (数十家, 几百人), not a figure. */
const VAGUE_BEFORE = /[数几]$/;

/** Every number in text[from, to), in order. */
export function scanNumbers(text: string, from = 0, to = text.length): NumberToken[] {
  const tokens: NumberToken[] = [];
  let i = from;
  while (i < to) {
    const token = readNumber(text, i, to);
    if (token) {
      tokens.push(token);
      i = token.after > token.end ? token.after : token.end;
    } else if (text[i] in DIGIT || text[i] === '十') {
      // A run that is no numeral ('十四五') is skipped whole, so its tail ('五') is not read alone.
      CHINESE.lastIndex = i;
      i += CHINESE.exec(text)![0].length;
    } else i++;
  }
  return tokens;
}

function readNumber(text: string, at: number, to: number): NumberToken | undefined {
  const c = text[at];
  let value: number | undefined;
  let end: number;
  if (c >= '0' && c <= '9') {
    // Inside a code or a version (GB2312, V2, 3.2.1), not a number of its own.
    if (at > 0 && /[A-Za-z0-9.]/.test(text[at - 1])) return undefined;
    ARABIC.lastIndex = at;
    const m = ARABIC.exec(text)!;
    end = Math.min(at + m[0].length, to);
    value = Number(text.slice(at, end).replace(/,/g, ''));
    const big = BIG[text[end]];
    if (big && end < to) {
      value = Number((value * big).toPrecision(12));
      end++;
      if (BIG[text[end]] && end < to) {
        value = Number((value * BIG[text[end]]).toPrecision(12));
        end++;
      }
    }
  } else if (c in DIGIT || c === '十') {
    if (at > 0 && VAGUE_BEFORE.test(text.slice(Math.max(0, at - 1), at))) return undefined;
    CHINESE.lastIndex = at;
    const m = CHINESE.exec(text)!;
    end = Math.min(at + m[0].length, to);
    value = parseChineseNumeral(text.slice(at, end));
    if (value === undefined) return undefined;
  } else return undefined;

  const before = text.slice(Math.max(0, at - 5), at);
  let percent = before.endsWith('百分之');
  const approxBefore = BEFORE_APPROX.some((w) => before.replace(/\s+$/, '').endsWith(w));
  let after = end;
  while (after < to && text[after] === ' ') after++;
  let approxAfter = false;
  if (text[after] === '余' || text[after] === '多') {
    approxAfter = true;
    after++;
  }
  while (after < to && text[after] === ' ') after++;
  if (text[after] === '%' || text[after] === '‰') {
    percent = true;
    after++;
  }
  return { start: at, end, value, approx: approxBefore || approxAfter, percent, after };
}
