// Thin helpers over saxes for reading SpreadsheetML parts. Writers differ in namespace prefixes
// (.NET's Open XML SDK writes <x:c>, Excel writes <c>), so handlers see local names only.
import { SaxesParser } from 'saxes';
import { AppError } from '../errors';

export type Attributes = Record<string, string>;

export interface XmlHandlers {
  open?(name: string, attrs: Attributes): void;
  close?(name: string): void;
  text?(text: string): void;
}

/** Parses one part; malformed XML becomes an AppError naming the part. */
export function parseXml(partName: string, xml: string, handlers: XmlHandlers): void {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const { open, close, text } = handlers;
  if (open) parser.on('opentag', (tag) => open(localName(tag.name), tag.attributes as Attributes));
  if (close) parser.on('closetag', (tag) => close(localName(tag.name)));
  if (text) {
    parser.on('text', text);
    parser.on('cdata', text);
  }
  try {
    parser.write(xml).close();
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError(
      'XML_CORRUPT',
      `工作簿内部部件“${partName}”的格式已损坏（${(e as Error).message}）：请用 Excel 或 WPS 打开后另存为 .xlsx 再上传`,
    );
  }
}

export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Attribute by local name: `attr(a, 'id')` finds `r:id` too. */
export function attr(attrs: Attributes, name: string): string | undefined {
  const direct = attrs[name];
  if (direct !== undefined) return direct;
  const suffix = ':' + name;
  for (const key in attrs) if (key.endsWith(suffix)) return attrs[key];
  return undefined;
}

/** Decodes SpreadsheetML's `_xHHHH_` escapes (e.g. `_x000D_` for CR; `_x005F_` escapes a literal `_`). */
export function decodeEscapes(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
