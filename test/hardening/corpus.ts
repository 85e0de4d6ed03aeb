// The corpus of bad workbooks: every kind of broken, foreign or hostile file the issue names, built
// by code from a valid filled template (never checked-in binaries), each with the answer the
// aggregator must give. The corpus test uploads them over HTTP; scripts/corpus.ts writes them out.
import { column } from '../../templates/src/core/contract';
import { type RegistryUnit } from '../../templates/src/core/registry';
import { sampleRegistry } from '../../templates/src/samples/registry';
import {
  buildRawZip,
  buildZip,
  deflatedZeros,
  encodeGbk,
  rewriteParts,
  withRawEntries,
  withManyMerges,
  withWholeSheetConditionalFormat,
  withWholeSheetMerge,
  withWholeSheetValidation,
} from '../support/hostile';
import { seededRandom } from '../support/sample-values';
import { patchZip } from '../support/xlsx-builder';
import { filledWorkbookFor } from '../support/workbooks';

export const CORPUS_YEAR = 2024;
/** The unit every corpus workbook is built for (a 区级部门 of 和平区 in the sample registry). */
export const CORPUS_UNIT = '120101001';

/** What the aggregator must answer for one corpus file. */
export type Expectation =
  /** HTTP 200 with this file `rejected`; an error problem has one of `rules`, its message names each of `mentions`. */
  | { answer: 'rejected'; rules: string[]; mentions?: string[] }
  /** The whole request refused with this status and error code. */
  | { answer: 'http'; status: number; code: string }
  /**
   * Read correctly (it is otherwise a valid sheet) and quickly: legal OOXML that a naive parser chokes
   * on, or a file whose oddity must not cost it. `file`: the name it must be answered, stored and
   * audited under; `warning`: a rule it must be warned of.
   */
  | { answer: 'accepted'; why: string; file?: string; warning?: string };

export interface CorpusEntry {
  /** File name as uploaded; unique within the corpus. */
  name: string;
  /** What is wrong with it, for the manifest and test names. */
  title: string;
  bytes: Buffer;
  expect: Expectation;
}

export interface CorpusOptions {
  /** The server's upload cap (UPLOAD_MAX_BYTES); the over-cap file is one byte larger. */
  uploadMaxBytes: number;
}

const MB = 1024 * 1024;
const CODE = column('code').letter;
const VALUE = column('value').letter;
/** exceljs writes the template's first sheet (指标填报) as sheet1. */
const INPUT_PART = 'xl/worksheets/sheet1.xml';
const META_PART = 'xl/worksheets/sheet3.xml';
const REMARK = column('remark').letter;
/** Rows of the template the cases below edit (the department template of the catalogue 2024.1). */
const ROW_NS_ISSUED = 40;
const ROW_SUMMARY = 132;
/** A unit of another district with the corpus unit's type (天津市南开区人民政府办公室). */
const OTHER_DISTRICT_UNIT = '120104001';
/** One cell of the input sheet as exceljs writes it: `<c r="E40" s="16"><v>10</v></c>` or `<c r="G40" s="11"/>`. */
const cellAt = (ref: string) => new RegExp(`<c r="${ref}"(?: [^>]*?)?(?:/>|>.*?</c>)`);

const unitOf = (code: string): RegistryUnit => {
  const unit = sampleRegistry().find((u) => u.code === code);
  if (!unit) throw new Error(`sample registry has no unit ${code}`);
  return unit;
};

/** A valid filled workbook of the corpus unit; `variant` changes one value so the bytes differ. */
export function validWorkbook(variant = 0): Promise<Buffer> {
  return filledWorkbookFor(unitOf(CORPUS_UNIT), CORPUS_YEAR, { 'reg.ns_issued': 10 + variant, 'reg.ns_filed': 10 + variant });
}

/** `n` workbooks with the figures of validWorkbook(variant) and different bytes (a comment in a part the reader never reads). */
export async function validWorkbookCopies(n: number, variant: number): Promise<Buffer[]> {
  const base = await validWorkbook(variant);
  return Promise.all(Array.from({ length: n }, (_, i) => rewriteParts(base, (name, text) => (name === 'docProps/app.xml' ? `${text}<!-- copy ${i} -->` : text))));
}

export async function buildCorpus(options: CorpusOptions): Promise<CorpusEntry[]> {
  const valid = await validWorkbook();
  const unit = unitOf(CORPUS_UNIT);
  const fill = (overrides: Parameters<typeof filledWorkbookFor>[2]) => filledWorkbookFor(unit, CORPUS_YEAR, overrides);
  const onInput = (patch: (xml: string) => string) => rewriteParts(valid, (name, text) => (name === INPUT_PART ? patch(text) : text));
  const appendRows = (rows: string) => onInput((xml) => xml.replace('</sheetData>', `${rows}</sheetData>`));
  const inlineCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const entries: CorpusEntry[] = [];
  const add = (name: string, title: string, bytes: Buffer, expect: Expectation) => entries.push({ name, title, bytes, expect });
  const rejected = (rules: string[], ...mentions: string[]): Expectation => ({ answer: 'rejected', rules, mentions });

  // ---- not a workbook at all ----------------------------------------------------------------------
  add('empty.xlsx', 'empty file (0 bytes)', Buffer.alloc(0), rejected(['EMPTY_FILE'], '空'));
  add('random.xlsx', 'random bytes, not a zip', pseudoRandom(4096, 7), rejected(['NOT_XLSX']));
  add('data.csv.xlsx', 'CSV renamed .xlsx', Buffer.from('单位代码,本年度制发行政规范性文件数\n120101001,12\n', 'utf8'), rejected(['NOT_XLSX'], 'CSV'));
  add('report.pdf.xlsx', 'PDF renamed .xlsx', Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n', 'latin1'), rejected(['NOT_XLSX'], 'PDF'));
  add('legacy.xls', 'legacy .xls (OLE compound file)', oleFile('Workbook'), rejected(['NOT_XLSX'], '.xls'));
  add('password.xlsx', 'password-protected workbook (OLE EncryptedPackage)', oleFile('EncryptedPackage'), rejected(['NOT_XLSX'], '密码'));
  add('page.html.xlsx', 'HTML table saved as .xlsx', Buffer.from('<html><body><table><tr><td>12</td></tr></table></body></html>'), rejected(['NOT_XLSX'], 'XML'));
  add('image.png.xlsx', 'PNG screenshot renamed .xlsx', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pseudoRandom(256, 3)]), rejected(['NOT_XLSX'], '图片'));
  add('document.docx.xlsx', 'Word document renamed .xlsx', await buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>' }]), rejected(['NOT_WORKBOOK'], 'Word'));
  add('binary.xlsb', 'binary workbook (.xlsb)', await buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/workbook.bin', data: pseudoRandom(64, 5) }]), rejected(['NOT_WORKBOOK'], 'xlsb'));

  // ---- damaged zips -------------------------------------------------------------------------------
  add('truncated.xlsx', 'workbook cut off at half its length', valid.subarray(0, Math.floor(valid.length / 2)), rejected(['ZIP_CORRUPT'], '截断'));
  add('corrupt-deflate.xlsx', 'the input sheet’s deflate stream overwritten', corruptEntry(valid, INPUT_PART), rejected(['ZIP_CORRUPT'], 'sheet1.xml'));
  add('zip-encrypted.xlsx', 'zip entries flagged as encrypted', patchZip(valid, (e) => e.setFlags(0x1)), rejected(['ZIP_ENCRYPTED'], '加密'));
  add('duplicate-parts.xlsx', 'two parts named xl/workbook.xml', duplicatePart(), rejected(['ZIP_DUPLICATE_ENTRY'], 'xl/workbook.xml'));
  add('unsafe-name.xlsx', 'a part named ../../evil.xml', buildRawZip([
    { name: Buffer.from('xl/workbook.xml'), data: Buffer.from('<workbook/>') },
    { name: Buffer.from('../../evil.xml'), data: Buffer.from('<x/>') },
  ]), rejected(['ZIP_UNSAFE_NAME'], '../'));
  add('over-cap.xlsx', `over the upload size cap (${options.uploadMaxBytes + 1} bytes)`, Buffer.concat([valid, Buffer.alloc(options.uploadMaxBytes + 1 - valid.length)]), {
    answer: 'http',
    status: 413,
    code: 'FILE_TOO_LARGE',
  });

  // ---- zip bombs ----------------------------------------------------------------------------------
  const zeros = (mb: number) => Buffer.alloc(mb * MB, 0x20);
  add('bomb-huge-part.xlsx', 'shared strings part inflating to 60 MB', await withPart(valid, 'xl/sharedStrings.xml', zeros(60)), rejected(['ZIP_BOMB'], '压缩炸弹'));
  add('bomb-ratio.xlsx', 'input sheet padded to 5 MB of spaces (ratio ≫ 200:1)', await onInput((xml) => xml.replace('<sheetData>', `<sheetData>${' '.repeat(5 * MB)}`)), rejected(['ZIP_BOMB'], '压缩比'));
  add('bomb-many-entries.xlsx', '1,500 parts in one workbook', await buildZip([
    { name: 'xl/workbook.xml', data: '<workbook/>' },
    ...Array.from({ length: 1500 }, (_, i) => ({ name: `xl/media/p${i}.xml`, data: '<x/>' })),
  ]), rejected(['ZIP_TOO_MANY_ENTRIES'], '1501'));
  add('bomb-lying-size.xlsx', 'central directory says 1 KB, the part inflates to 40 MB', patchZip(await withPart(valid, 'xl/sharedStrings.xml', zeros(40)), (e) => {
    if (e.name === 'xl/sharedStrings.xml') e.claimSize(1024);
  }), rejected(['ZIP_BOMB', 'ZIP_CORRUPT'], 'sharedStrings.xml'));
  add('bomb-nested.zip', 'a zip of a zip of a 30 MB part', await buildZip([{ name: 'inner.zip', data: await buildZip([{ name: 'big.xlsx', data: zeros(30) }]) }]), rejected(['ZIP_BOMB', 'FILE_TOO_LARGE']));

  // ---- XML attacks --------------------------------------------------------------------------------
  add('doctype.xlsx', 'DOCTYPE in xl/workbook.xml', await rewriteParts(valid, (n, t) => (n === 'xl/workbook.xml' ? t.replace('?>', '?><!DOCTYPE workbook>') : t)), rejected(['XML_DOCTYPE'], 'DOCTYPE'));
  add('xxe.xlsx', 'external entity reading /etc/passwd in the input sheet', await onInput((xml) => xml.replace('?>', '?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace('<sheetData>', '<sheetData>&xxe;')), rejected(['XML_DOCTYPE'], 'sheet1.xml'));
  add('billion-laughs.xlsx', 'billion laughs in the shared strings', await rewriteParts(valid, (n, t) => (n === 'xl/sharedStrings.xml' ? billionLaughs(t) : t)), rejected(['XML_DOCTYPE'], 'sharedStrings.xml'));
  add('malformed-xml.xlsx', 'input sheet XML cut mid-tag', await onInput((xml) => xml.slice(0, Math.floor(xml.length / 2))), rejected(['XML_CORRUPT', 'WORKBOOK_CORRUPT']));

  // ---- ranges other programs expand cell by cell (refused quickly, naming sheet, kind and range) -----
  const WHOLE = 'A1:XFD1048576';
  add('whole-sheet-merge.xlsx', `a merge over ${WHOLE}`, await withWholeSheetMerge(valid), rejected(['SHEET_RANGE'], '指标填报', '合并单元格', WHOLE));
  add('whole-sheet-validation.xlsx', 'a data validation over the whole sheet', await withWholeSheetValidation(valid), rejected(['SHEET_RANGE'], '指标填报', '数据有效性', WHOLE));
  add('whole-sheet-cf.xlsx', 'a conditional format over the whole sheet', await withWholeSheetConditionalFormat(valid), rejected(['SHEET_RANGE'], '指标填报', '条件格式', WHOLE));
  add('many-merges.xlsx', '20,000 merges', await withManyMerges(valid, 20000), rejected(['TOO_MANY_MERGES'], '指标填报', '20002 个合并单元格'));

  // ---- structures ruinous for naive parsers (read correctly, quickly) -------------------------------
  add('odd-sheet-part.xlsx', 'input sheet stored as xl/data/指标.xml (not sheetN.xml)', await renameInputPart(valid), { answer: 'accepted', why: 'parts are found through the relationships' });

  // ---- missing pieces -----------------------------------------------------------------------------
  add('no-input-sheet.xlsx', 'the 指标填报 sheet renamed away', await rewriteParts(valid, (n, t) => (n === 'xl/workbook.xml' ? t.replace('name="指标填报"', 'name="Sheet1"') : t)), rejected(['STRUCTURE'], '指标填报'));
  add('no-sheet-part.xlsx', 'the input sheet part missing from the zip', await rewriteParts(valid, (n, t) => (n === INPUT_PART ? null : t)), rejected(['WORKBOOK_CORRUPT'], 'sheet1.xml'));
  add('no-metadata.xlsx', 'template stamp removed (_meta sheet and properties)', await rewriteParts(valid, (n, t) => {
    if (n === 'xl/workbook.xml') return t.replace(/<sheet [^>]*name="_meta"[^>]*\/>/, '');
    if (n === 'docProps/core.xml') return t.replace(/<cp:category>[^<]*<\/cp:category>/, '');
    return n === META_PART ? null : t;
  }), rejected(['META'], '模板标识'));
  add('no-header.xlsx', 'the header row (指标代码/填报值) removed', await onInput((xml) => xml.replace(/<row r="3"[^>]*>.*?<\/row>/, '')), rejected(['STRUCTURE'], '表头'));

  // ---- rows and cells -----------------------------------------------------------------------------
  add('row-past-template.xlsx', 'an unknown indicator code in a row below the template', await appendRows(`<row r="400">${inlineCell(`${CODE}400`, 'reg.extra_row')}<c r="${VALUE}400"><v>5</v></c></row>`), rejected(['STRUCTURE'], `${CODE}400`));
  add('row-1048576.xlsx', 'a second reg.ns_issued row at row 1,048,576', await appendRows(`<row r="1048576">${inlineCell(`${CODE}1048576`, 'reg.ns_issued')}<c r="${VALUE}1048576"><v>999</v></c></row>`), rejected(['STRUCTURE'], `${CODE}1048576`));
  add('row-beyond-limit.xlsx', 'a row numbered 1,048,577 (past Excel’s last row)', await appendRows(`<row r="1048577">${inlineCell(`${CODE}1048577`, 'reg.extra_row')}</row>`), rejected(['STRUCTURE', 'XML_CORRUPT', 'WORKBOOK_CORRUPT']));
  add('formula-input.xlsx', 'a formula typed into an input cell', await fill({ 'reg.ns_issued': { formula: 'SUM(4,6)', result: 10 } as never }), rejected(['FORMULA'], '公式'));
  add('error-cell.xlsx', 'an error value (#DIV/0!) in an input cell', await fill({ 'reg.ns_issued': { error: '#DIV/0!' } as never }), rejected(['TYPE'], '#DIV/0!'));
  add('text-in-number.xlsx', 'text “约100” in a number cell', await fill({ 'reg.ns_issued': '约100' }), rejected(['TYPE'], '约100'));
  add('control-chars.xlsx', 'control characters (_x0001_, _x001B_) in a text cell', await onInputText('narr.other', '无_x0001_附加_x001B_说明'), rejected(['TYPE'], '控制字符'));
  add('long-text.xlsx', 'a 40,000-character text (Excel’s limit is 32,767)', await fill({ 'narr.other': '长'.repeat(40000) }), rejected(['TYPE'], '32767'));
  add('proto-names.xlsx', '__proto__ / constructor as indicator codes and sheet name', await appendRows(
    `<row r="401">${inlineCell(`${CODE}401`, '__proto__')}<c r="${VALUE}401"><v>1</v></c></row><row r="402">${inlineCell(`${CODE}402`, 'constructor')}<c r="${VALUE}402"><v>1</v></c></row><row r="403">${inlineCell(`${CODE}403`, 'a.__proto__')}<c r="${VALUE}403"><v>1</v></c></row>`,
  ).then((b) => rewriteParts(b, (n, t) => (n === 'xl/workbook.xml' ? t.replace('name="填报说明"', 'name="__proto__"') : t))), rejected(['STRUCTURE'], '__proto__'));
  add('proto-unit.xlsx', 'unit code __proto__ in the stamp and header', await filledWorkbookFor({ ...unit, code: '__proto__' }, CORPUS_YEAR), rejected(['UNIT_UNKNOWN'], '__proto__'));

  // ---- valid files that do not belong here ----------------------------------------------------------
  add('other-year.xlsx', 'the 2021 template (year not open)', await filledWorkbookFor(unit, 2021), rejected(['YEAR_NOT_OPEN'], '2021'));
  add('other-catalogue.xlsx', 'stamped with catalogue version 2019.1', await rewriteParts(valid, (_n, t) => t.split('2024.1').join('2019.1')), rejected(['META', 'CATALOGUE_MISMATCH'], '2019.1'));
  add('unknown-unit.xlsx', 'a unit not in the registry (999999001)', await filledWorkbookFor({ ...unit, code: '999999001', name: '不存在的单位' }, CORPUS_YEAR), rejected(['UNIT_UNKNOWN'], '999999001'));
  add('wrong-unit-type.xlsx', 'a 区人民政府 template for a 区级部门', await filledWorkbookFor({ ...unit, unitType: 'district_gov', typeLabel: '区人民政府' } as RegistryUnit, CORPUS_YEAR), rejected(['UNIT_TYPE_MISMATCH'], unit.name));

  // ---- issue 13: the stored values must be the ones the unit saw --------------------------------------
  const onCell = (ref: string, replace: (cell: string) => string) => onInput((xml) => xml.replace(cellAt(ref), replace));
  const value = `${VALUE}${ROW_NS_ISSUED}`;
  add('hidden-input-sheet.xlsx', 'the 指标填报 sheet hidden (the unit never saw it)', await rewriteParts(valid, (n, t) => (n === 'xl/workbook.xml' ? t.replace('name="指标填报" state="visible"', 'name="指标填报" state="hidden"') : t)), rejected(['SHEET_HIDDEN'], '指标填报', '隐藏'));
  add('hidden-decoy-sheet.xlsx', 'a hidden sheet named 指标填报 before the visible one', await withHiddenDecoy(valid), { answer: 'accepted', why: 'the visible 指标填报 is read, the hidden one ignored' });
  add('duplicate-cell.xlsx', `the cell ${value} twice in its row`, await onCell(value, (c) => `${c}<c r="${value}"><v>999</v></c>`), rejected(['CELL_AMBIGUOUS'], '指标填报', value));
  add('sst-fraction.xlsx', 'a shared-string index 1.9 in a narrative cell', await onCell(`${VALUE}${ROW_SUMMARY}`, (c) => c.replace(/<v>\d+<\/v>/, '<v>1.9</v>')), rejected(['SHARED_STRING_INVALID'], '指标填报', `${VALUE}${ROW_SUMMARY}`, '1.9'));
  add('sst-out-of-range.xlsx', 'a shared-string index past the table', await onCell(`${VALUE}${ROW_SUMMARY}`, (c) => c.replace(/<v>\d+<\/v>/, '<v>99999</v>')), rejected(['SHARED_STRING_INVALID'], '指标填报', `${VALUE}${ROW_SUMMARY}`, '超出'));
  add('other-unit-code.xlsx', `unit code changed in header and _meta to ${OTHER_DISTRICT_UNIT} (南开区), the name still 和平区's`, await rewriteParts(valid, (n, t) => {
    if (n === 'xl/sharedStrings.xml') return t.split(`<t>${CORPUS_UNIT}</t>`).join(`<t>${OTHER_DISTRICT_UNIT}</t>`);
    if (n === 'docProps/core.xml') return t.replace(`unit_code=${CORPUS_UNIT}`, `unit_code=${OTHER_DISTRICT_UNIT}`);
    return t;
  }), rejected(['UNIT_NAME_MISMATCH', 'UNIT_DISTRICT_MISMATCH'], unit.name, OTHER_DISTRICT_UNIT, '天津市南开区人民政府办公室'));

  // ---- issue 13: numbers have bounds, formulas nowhere a unit types ------------------------------------
  add('number-1e308.xlsx', 'a count of 1e308', await onCell(value, (c) => c.replace(/<v>[^<]*<\/v>/, '<v>1e308</v>')), rejected(['TYPE'], value, '过大'));
  add('number-past-2-53.xlsx', 'a count of 9007199254740993 (past 2^53)', await onCell(value, (c) => c.replace(/<v>[^<]*<\/v>/, '<v>9007199254740993</v>')), rejected(['TYPE'], value, '9007199254740993'));
  add('number-over-max.xlsx', 'a count of 2,000,000 件 (the unit maximum is 1,000,000)', await fill({ 'reg.ns_issued': 2_000_000, 'reg.ns_filed': 0 }), rejected(['R26'], value, '0～1000000'));
  add('remark-formula.xlsx', 'a HYPERLINK formula in the 备注 column', await onCell(`${REMARK}${ROW_NS_ISSUED}`, () => `<c r="${REMARK}${ROW_NS_ISSUED}" t="str"><f>HYPERLINK("http://evil.example/","详见")</f><v>详见</v></c>`), rejected(['FORMULA'], `${REMARK}${ROW_NS_ISSUED}`, '备注栏含公式'));

  // ---- issue 13: names from Windows, and every entry gated ---------------------------------------------
  add('windows-gbk.zip', 'a zip from Windows: 农委.xlsx in GBK without the UTF-8 flag (also valid UTF-8: “ũί”)', buildRawZip([{ name: encodeGbk('农委.xlsx'), data: valid, deflate: true }]), {
    answer: 'accepted',
    why: 'names are decided like archivers do',
    file: 'windows-gbk.zip/农委.xlsx',
  });
  add('undecidable-name.zip', 'a zip entry named in Shift-JIS (テスト.xlsx)', buildRawZip([{ name: Buffer.concat([Buffer.from('836583588367', 'hex'), Buffer.from('.xlsx')]), data: valid, deflate: true }]), {
    answer: 'accepted',
    why: 'the content is checked; the name is said to be a guess',
    warning: 'ZIP_NAME_UNDECIDED',
  });
  add('app-xml-laughs.xlsx', 'a billion laughs in docProps/app.xml (never read)', await rewriteParts(valid, (n, t) => (n === 'docProps/app.xml' ? t.replace('?>', `?>${laughsDtd('Properties')}`).replace('<Application>', '<Application>&l9;') : t)), rejected(['XML_DOCTYPE'], 'docProps/app.xml'));
  add('media-bomb.xlsx', 'a 1 GiB zip bomb stored as xl/media/image1.png', withRawEntries(valid, [{ name: Buffer.from('xl/media/image1.png'), data: Buffer.alloc(0), packed: deflatedZeros(1024) }]), rejected(['ZIP_BOMB'], 'xl/media/image1.png'));
  return entries;

  async function onInputText(code: string, escaped: string): Promise<Buffer> {
    // exceljs would write the characters raw (invalid XML); Excel writes them as _xHHHH_ escapes.
    const marker = `MARKER_${code}`;
    const withMarker = await fill({ [code]: marker });
    return rewriteParts(withMarker, (_n, t) => t.split(marker).join(escaped));
  }
}

// ---- builders ---------------------------------------------------------------------------------------

/** Deterministic bytes, starting with a NUL so they never look like text. */
function pseudoRandom(length: number, seed: number): Buffer {
  const random = seededRandom(seed);
  const out = Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
  out[0] = 0x00;
  return out;
}

/** The head of an OLE2 compound file with one named stream, as .xls and encrypted .xlsx are. */
function oleFile(stream: string): Buffer {
  const buf = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
  buf.writeUInt16LE(0x3e, 24);
  buf.writeUInt16LE(0x03, 26);
  buf.writeUInt16LE(0xfffe, 28);
  Buffer.from(stream, 'utf16le').copy(buf, 1024);
  return buf;
}

function corruptEntry(xlsx: Buffer, part: string): Buffer {
  return patchZip(xlsx, (e) => {
    // 0xff bytes are an invalid deflate block type: inflate fails at once.
    if (e.name === part) e.overwriteData(Array.from({ length: 16 }, () => 0xff));
  });
}

function duplicatePart(): Buffer {
  const wb = Buffer.from('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>');
  return buildRawZip([
    { name: Buffer.from('[Content_Types].xml'), data: Buffer.from('<Types/>') },
    { name: Buffer.from('xl/workbook.xml'), data: wb },
    { name: Buffer.from('xl/workbook.xml'), data: wb },
  ]);
}

/** Replaces one part's content with raw bytes (deflated), keeping every other part. */
async function withPart(xlsx: Buffer, part: string, data: Buffer): Promise<Buffer> {
  return rewriteParts(xlsx, (n, t) => (n === part ? null : t), [{ name: part, data }]);
}

function laughsDtd(root: string): string {
  const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
  return `<!DOCTYPE ${root} [<!ENTITY l0 "lol">${levels}]>`;
}

function billionLaughs(xml: string): string {
  return xml.replace('?>', `?>${laughsDtd('sst')}`).replace(/<t([^>]*)>/, '<t$1>&l9;');
}

/** A hidden copy of the input sheet, named 指标填报, listed before the visible one (renamed with a trailing space). */
async function withHiddenDecoy(xlsx: Buffer): Promise<Buffer> {
  let sheet = '';
  const rest = await rewriteParts(xlsx, (n, t) => {
    if (n === INPUT_PART) sheet = t;
    if (n === 'xl/workbook.xml') return t.replace(/(<sheet [^>]*name=")指标填报("[^>]*\/>)/, '<sheet sheetId="90" name="指标填报" state="hidden" r:id="rIdDecoy"/>$1指标填报 $2');
    if (n === 'xl/_rels/workbook.xml.rels') return t.replace('</Relationships>', '<Relationship Id="rIdDecoy" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/decoy.xml"/></Relationships>');
    if (n === '[Content_Types].xml') return t.replace('</Types>', '<Override PartName="/xl/worksheets/decoy.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>');
    return t;
  });
  // The decoy says 999 where the visible sheet says 10.
  const decoy = sheet.replace(cellAt(`${VALUE}${ROW_NS_ISSUED}`), `<c r="${VALUE}${ROW_NS_ISSUED}"><v>999</v></c>`);
  return rewriteParts(rest, (_n, t) => t, [{ name: 'xl/worksheets/decoy.xml', data: decoy }]);
}

/** Moves the input sheet to a part name no writer uses, updating the workbook relationships. */
async function renameInputPart(xlsx: Buffer): Promise<Buffer> {
  let sheet = '';
  const rest = await rewriteParts(xlsx, (n, t) => {
    if (n === INPUT_PART) {
      sheet = t;
      return null;
    }
    if (n === 'xl/_rels/workbook.xml.rels') return t.replace('Target="worksheets/sheet1.xml"', 'Target="data/%E6%8C%87%E6%A0%87.xml"');
    if (n === '[Content_Types].xml') return t.replace('/xl/worksheets/sheet1.xml', '/xl/data/指标.xml');
    return t;
  });
  return rewriteParts(rest, (_n, t) => t, [{ name: 'xl/data/指标.xml', data: sheet }]);
}
