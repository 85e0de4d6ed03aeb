// The lean workbook reader: gate the zip, parse only the parts we need with saxes, and find the
// indicator rows of the input sheet by their code, never by position. Styles and drawings are never
// parsed; what follows the input sheet's data (merges, validations, conditional formats) is only
// scanned for ranges far past the template, which other programs would expand cell by cell.
import type { Catalogue } from '../core/catalogue';
import { columnNumber } from '../core/cell-address';
import { INPUT_SHEET, META_SHEET, STAMP_KEYS, TEMPLATE_MARKER, keywordsToStamp, type Stamp, type StampKey } from '../core/contract';
import { isAppError } from '../core/errors';
import { appError, type ErrorFacts } from '../core/error-catalogue';
import { planInputSheet } from '../core/layout';
import type { Problem, SheetCell } from '../core/model';
import { HEADER_REMEDY, cellText, sheetRows } from '../core/rows-by-code';
import { scanSheetTail, tailLimits, type TailFault, type TemplateArea } from './sheet-tail';
import { openXlsx, type GateLimits, type XlsxParts } from './zip-gate';
import { attr, parseXml, readRows, readSharedStrings } from './xml';
import { structure, type WorkbookRead } from '../core/sheet-read';

export type { WorkbookRead } from '../core/sheet-read';


/** Reads an uploaded workbook. Throws AppError (zip gate codes, XML_CORRUPT) when it cannot be read at all. */
export function readWorkbook(bytes: Uint8Array, catalogue: Catalogue, limits?: Partial<GateLimits>): WorkbookRead {
  const parts = openXlsx(bytes, limits);
  // The whole file is stored as the original: every entry must pass the gate, not just those read here.
  parts.checkEveryPart();
  const book = readBook(parts);
  const strings = readSharedStrings(parts, book.sharedStringsPart);
  const { stamp, stampSource } = readStamp(parts, book, strings);

  const found = findInputSheet(book);
  if ('problem' in found) return { stamp, stampSource, sheet: null, problems: [found.problem] };
  const input = found.sheet;
  const split = parts.split(input.part, 'sheetData');
  if (split === undefined) {
    throw appError('WORKBOOK_CORRUPT', { sheet: input.name, part: input.part });
  }
  checkSheetTail(input.name, split.tail, catalogue);
  const { cells, problems } = readInputSheet(input.name, input.part, split.head, strings, catalogue);
  return { stamp, stampSource, sheet: { sheetName: input.name, cells, date1904: book.date1904 }, problems };
}

/**
 * The input sheet the unit saw: the one visible sheet named 指标填报. A hidden one is not what the
 * unit filled in Excel, and two visible ones leave no way to tell which was meant.
 */
function findInputSheet(book: Book): { sheet: SheetEntry } | { problem: Problem } {
  const named = book.sheets.filter((s) => s.name.trim() === INPUT_SHEET);
  const visible = named.filter((s) => s.state === 'visible');
  if (visible.length === 1) return { sheet: visible[0] };
  const quoted = (list: SheetEntry[]) => list.map((s) => `“${s.name}”`).join('、');
  if (visible.length > 1) {
    return { problem: { ...structure(`工作簿中有 ${visible.length} 个名为“${INPUT_SHEET}”的工作表（${quoted(visible)}），无法确定哪一个是填报内容：请只保留一个“${INPUT_SHEET}”工作表后保存再上传`), rule: 'SHEET_AMBIGUOUS' } };
  }
  if (named.length > 0) {
    return {
      problem: {
        ...structure(`工作表“${INPUT_SHEET}”是隐藏的（${named[0].state === 'veryHidden' ? '深度隐藏' : '隐藏'}），在 Excel 中看不到，不能作为填报内容：请使用标准模板填报；如确是本单位填写的表，请在 Excel 中右键工作表标签选择“取消隐藏”，核对内容后保存再上传`),
        rule: 'SHEET_HIDDEN',
      },
    };
  }
  const others = book.sheets.filter((s) => s.state === 'visible').map((s) => `“${s.name}”`);
  const listed = others.length > 0 ? `（本工作簿中的工作表：${others.join('、')}）` : '';
  return { problem: structure(`找不到工作表“${INPUT_SHEET}”${listed}：请使用标准模板填报，不要重命名或删除该工作表`) };
}

// ---- what follows the sheet data -----------------------------------------------------------------

const TAIL_CODES: Record<TailFault['fault'], 'SHEET_RANGE' | 'TOO_MANY_MERGES' | 'SHEET_RANGE_CELLS'> = { range: 'SHEET_RANGE', merges: 'TOO_MANY_MERGES', cells: 'SHEET_RANGE_CELLS' };
const areas = new WeakMap<Catalogue, TemplateArea>();

/** The standard input sheet's extent for this catalogue (the same for every unit type and year). */
function templateArea(catalogue: Catalogue): TemplateArea {
  let area = areas.get(catalogue);
  if (!area) {
    const plan = planInputSheet(catalogue, 'department', { year: 2024 });
    area = {
      lastRow: Math.max(...plan.rows.map((r) => r.row)),
      lastCol: columnNumber(plan.columns[plan.columns.length - 1].letter),
      merges: plan.merges.length,
    };
    areas.set(catalogue, area);
  }
  return area;
}

/** Refuses (422) merges, validations or conditional formats far past the template, or too many of them. */
function checkSheetTail(sheetName: string, tail: string, catalogue: Catalogue): void {
  const area = templateArea(catalogue);
  const limits = tailLimits(area);
  const fault = scanSheetTail(tail, limits);
  if (fault) throw appError(TAIL_CODES[fault.fault], { sheet: sheetName, fault, area, limits }, { sheet: sheetName });
}

// ---- workbook index ----------------------------------------------------------------------------

interface SheetEntry {
  name: string;
  state: string;
  part: string;
}

interface Book {
  sheets: SheetEntry[];
  date1904: boolean;
  sharedStringsPart: string;
}

const WORKBOOK_PART = 'xl/workbook.xml';

function readBook(parts: XlsxParts): Book {
  const rels = readRels(parts, WORKBOOK_PART);
  const sheets: SheetEntry[] = [];
  let date1904 = false;
  parseXml(WORKBOOK_PART, parts.text(WORKBOOK_PART) ?? '', {
    open(name, a) {
      if (name === 'sheet') {
        const rel = rels.get(attr(a, 'id') ?? '');
        if (rel) sheets.push({ name: a.name ?? '', state: a.state ?? 'visible', part: rel.target });
      } else if (name === 'workbookPr') {
        date1904 = a.date1904 === '1' || a.date1904 === 'true';
      }
    },
  });
  const shared = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'));
  return { sheets, date1904, sharedStringsPart: shared?.target ?? 'xl/sharedStrings.xml' };
}

interface Relationship {
  type: string;
  /** Resolved part name, without a leading slash. */
  target: string;
}

function readRels(parts: XlsxParts, sourcePart: string): Map<string, Relationship> {
  const slash = sourcePart.lastIndexOf('/');
  const dir = sourcePart.slice(0, slash + 1);
  const relsPart = `${dir}_rels/${sourcePart.slice(slash + 1)}.rels`;
  const rels = new Map<string, Relationship>();
  const xml = parts.text(relsPart);
  if (xml === undefined) return rels;
  parseXml(relsPart, xml, {
    open(name, a) {
      if (name !== 'Relationship' || a.TargetMode === 'External' || !a.Id || !a.Target) return;
      rels.set(a.Id, { type: a.Type ?? '', target: resolveTarget(dir, a.Target) });
    },
  });
  return rels;
}

function resolveTarget(dir: string, target: string): string {
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // Not percent-encoded after all: keep it as written.
  }
  const path = decoded.startsWith('/') ? decoded.slice(1) : dir + decoded;
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

// ---- stamp ------------------------------------------------------------------------------------

function readStamp(parts: XlsxParts, book: Book, strings: string[]): { stamp: Stamp; stampSource: WorkbookRead['stampSource'] } {
  const meta = book.sheets.find((s) => s.name === META_SHEET);
  const xml = meta ? parts.text(meta.part, 'sheetData') : undefined;
  if (meta && xml !== undefined) {
    const stamp: Stamp = {};
    readRows(meta.part, xml, strings, (_row, cells) => {
      const key = cellText(cells.find((c) => c.col === 1)?.raw) as StampKey;
      if (!(STAMP_KEYS as readonly string[]).includes(key)) return;
      stamp[key] = cellText(cells.find((c) => c.col === 2)?.raw);
    }, meta.name);
    if (Object.keys(stamp).length > 0) return { stamp, stampSource: 'sheet' };
  }
  const core = readCoreProperties(parts);
  if (core.category?.trim() === TEMPLATE_MARKER && core.keywords) {
    return { stamp: keywordsToStamp(core.keywords), stampSource: 'properties' };
  }
  return { stamp: {}, stampSource: 'none' };
}

function readCoreProperties(parts: XlsxParts): { category?: string; keywords?: string } {
  let part = 'docProps/core.xml';
  if (!parts.has(part)) {
    const rel = [...readRels(parts, '/').values()].find((r) => r.type.endsWith('/core-properties'));
    if (!rel) return {};
    part = rel.target;
  }
  const xml = parts.text(part);
  const found: { category?: string; keywords?: string } = {};
  if (xml === undefined) return found;
  let inside: 'category' | 'keywords' | null = null;
  parseXml(part, xml, {
    open(name) {
      inside = name === 'category' || name === 'keywords' ? name : null;
      if (inside) found[inside] = '';
    },
    close() {
      inside = null;
    },
    text(t) {
      if (inside) found[inside] += t;
    },
  });
  return found;
}

// ---- input sheet ------------------------------------------------------------------------------

/** The input sheet's rows by code: the shared core step (header, codes, duplicates, missing rows). */
function readInputSheet(
  sheetName: string,
  part: string,
  xml: string,
  strings: string[],
  catalogue: Catalogue,
): { cells: Record<string, SheetCell>; problems: Problem[] } {
  const sheet = sheetRows(sheetName, catalogue, HEADER_REMEDY.workbook);
  inSheet(sheetName, () => readRows(part, xml, strings, sheet.row, sheetName));
  const { cells, problems } = sheet.finish();
  return { cells, problems };
}

/** Runs `read`; a corrupt part's error then also names the sheet the user knows it by. */
function inSheet(sheetName: string, read: () => void): void {
  try {
    read();
  } catch (e) {
    if (!isAppError(e) || e.code !== 'XML_CORRUPT') throw e;
    throw appError('XML_CORRUPT', { ...(e.facts as ErrorFacts<'XML_CORRUPT'>), sheet: sheetName }, { ...e.where, sheet: sheetName });
  }
}
