// A strict tokenizer for the plain XML that spreadsheet writers emit: elements, attributes, text,
// the five predefined entities, character references and an XML declaration. saxes costs most of a
// workbook read (≈ 80 % of the CPU per 30 KB workbook); this is several times faster because it
// handles only that subset. Anything else — comments, CDATA, processing instructions, DOCTYPE,
// unknown entities, CR or tabs where XML would normalise them, odd names, mismatched or unclosed
// tags — makes it give up (returns null) and the caller parses the part with saxes instead, so
// every unusual or malformed file gets exactly saxes's answer.
import type { Attributes, XmlHandlers } from './xml-handlers';

/** Events in document order: open (name, attributes), close (name) or text. */
export type XmlEvent = { k: 0; name: string; attrs: Attributes } | { k: 1; name: string } | { k: 2; text: string };

const DECLARATION = /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*\?>/;
/** Characters XML forbids outright, or that it would normalise (CR, and whitespace in attribute values). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be found
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\r\ufffe\uffff]/;
export const forbiddenText = (text: string) => FORBIDDEN_CHARS.test(text) || text.includes(']]>');
// eslint-disable-next-line no-control-regex -- as above
const FORBIDDEN_ATTR = /[\u0000-\u001f<\ufffe\uffff]/;

class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

/**
 * Tokenizes `xml`; null when it uses anything outside the subset (or is not well-formed). With
 * `stopAfter` (a local name), tokenizing ends at that element's first closing tag, as a reader
 * that stops there sees the part — what follows may be cut off (see XlsxParts.text's endTag).
 */
export function tokenizeXml(xml: string, stopAfter?: string): XmlEvent[] | null {
  try {
    return tokenize(xml, stopAfter);
  } catch (e) {
    if (e === GIVE_UP) return null;
    throw e;
  }
}

/** Replays events to saxes-style handlers (local names, as parseXml gives them). */
export function replay(events: XmlEvent[], handlers: XmlHandlers): void {
  const { open, close, text } = handlers;
  for (const e of events) {
    if (e.k === 0) open?.(localName(e.name), e.attrs);
    else if (e.k === 1) close?.(localName(e.name));
    else text?.(e.text);
  }
}

/** `x:row` → `row`: writers differ in namespace prefixes, readers match local names. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Decodes SpreadsheetML's `_xHHHH_` escapes (e.g. `_x000D_` for CR; `_x005F_` escapes a literal `_`). */
export function decodeEscapes(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function tokenize(xml: string, stopAfter: string | undefined): XmlEvent[] {
  const events: XmlEvent[] = [];
  const stack: string[] = [];
  let rootDone = false;
  let i = 0;
  const n = xml.length;
  if (xml.startsWith('<?xml')) {
    const m = DECLARATION.exec(xml);
    if (!m) throw GIVE_UP;
    i = m[0].length;
  }
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      const raw = xml.slice(i, end);
      if (stack.length === 0) {
        // Outside the root only whitespace may appear.
        if (!/^[ \t\n]*$/.test(raw)) throw GIVE_UP;
      } else {
        events.push({ k: 2, text: decodeText(raw) });
      }
    }
    if (lt < 0) break;
    const c = xml.charCodeAt(lt + 1);
    if (c === 0x2f /* / */) {
      const gt = xml.indexOf('>', lt + 2);
      if (gt < 0) throw GIVE_UP;
      const name = xml.slice(lt + 2, gt).trimEnd();
      if (stack.length === 0 || stack.pop() !== name) throw GIVE_UP;
      events.push({ k: 1, name });
      if (stopAfter !== undefined && localName(name) === stopAfter) return events;
      if (stack.length === 0) rootDone = true;
      i = gt + 1;
      continue;
    }
    if (c === 0x21 /* ! */ || c === 0x3f /* ? */) throw GIVE_UP;
    if (rootDone) throw GIVE_UP;
    i = readStartTag(xml, lt + 1, events, stack);
    const last = events[events.length - 1];
    if (stopAfter !== undefined && last.k === 1 && localName(last.name) === stopAfter) return events;
  }
  // Unclosed elements: saxes reports the file as corrupt; let it.
  if (stack.length > 0 || !rootDone) throw GIVE_UP;
  return events;
}

// Sticky patterns, matched at a position: the regex engine scans markup faster than a char loop.
/** An element or attribute name with an optional prefix (the subset the tokenizer and scans accept). */
export const NAME_PART = '[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?';
const TAG_NAME = new RegExp(NAME_PART, 'y');
/** One attribute after whitespace; values without markup characters or controls take the first branches. */
const ATTRIBUTE = new RegExp(`[ \\t\\n\\r]+(${NAME_PART})[ \\t\\n\\r]*=[ \\t\\n\\r]*(?:"([^"<&\\u0000-\\u001f\\ufffe\\uffff]*)"|'([^'<&\\u0000-\\u001f\\ufffe\\uffff]*)'|"([^"]*)"|'([^']*)')`, 'y');
const TAG_END = /[ \t\n\r]*(\/?)>/y;

/** Reads `name attrs... >` or `/>` starting after '<'; returns the index after '>'. */
function readStartTag(xml: string, start: number, events: XmlEvent[], stack: string[]): number {
  TAG_NAME.lastIndex = start;
  const nameMatch = TAG_NAME.exec(xml);
  if (!nameMatch) throw GIVE_UP;
  const name = nameMatch[0];
  let i = start + name.length;
  const attrs: Attributes = {};
  for (;;) {
    TAG_END.lastIndex = i;
    const end = TAG_END.exec(xml);
    if (end) {
      events.push({ k: 0, name, attrs });
      if (end[1] === '') {
        stack.push(name);
      } else {
        events.push({ k: 1, name });
        if (stack.length === 0) throw GIVE_UP; // a self-closed root: nothing to read, let saxes judge
      }
      return TAG_END.lastIndex;
    }
    ATTRIBUTE.lastIndex = i;
    const a = ATTRIBUTE.exec(xml);
    if (!a) throw GIVE_UP;
    const attrName = a[1];
    if (attrName in attrs) throw GIVE_UP;
    let value = a[2] ?? a[3];
    if (value === undefined) {
      const raw = a[4] ?? a[5];
      if (FORBIDDEN_ATTR.test(raw)) throw GIVE_UP;
      value = raw.indexOf('&') < 0 ? raw : decodeEntities(raw);
    }
    attrs[attrName] = value;
    i = ATTRIBUTE.lastIndex;
  }
}

/** Text content with its entities decoded; null when the general path must judge it. */
export function decodeTextOrNull(raw: string): string | null {
  if (raw.indexOf('&') < 0) return raw;
  try {
    return decodeEntities(raw);
  } catch (e) {
    if (e === GIVE_UP) return null;
    throw e;
  }
}

function decodeText(raw: string): string {
  if (forbiddenText(raw)) throw GIVE_UP;
  return raw.indexOf('&') < 0 ? raw : decodeEntities(raw);
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(raw: string): string {
  let out = '';
  let i = 0;
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', i)) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi < 0) throw GIVE_UP;
    const ref = raw.slice(amp + 1, semi);
    out += raw.slice(i, amp);
    if (ref.charCodeAt(0) === 0x23 /* # */) {
      const hex = ref.charCodeAt(1) === 0x78; /* x */
      const digits = ref.slice(hex ? 2 : 1);
      if (!(hex ? /^[0-9A-Fa-f]{1,6}$/ : /^[0-9]{1,7}$/).test(digits)) throw GIVE_UP;
      const cp = parseInt(digits, hex ? 16 : 10);
      const valid = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
      if (!valid) throw GIVE_UP;
      out += String.fromCodePoint(cp);
    } else {
      const named = NAMED[ref];
      if (named === undefined) throw GIVE_UP;
      out += named;
    }
    i = semi + 1;
  }
  return out + raw.slice(i);
}
