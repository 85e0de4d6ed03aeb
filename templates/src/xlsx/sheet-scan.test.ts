// readRows takes the row scan when it can; whatever it returns must equal the general path's
// answer (events from the tokenizer or saxes) — on every builder style, a real filled workbook,
// hand-written edge cases and seeded mutations of all of them.
import { currentCatalogue } from '../core/catalogue';
import { TEMPLATE_MARKER, type Stamp } from '../core/contract';
import { sampleRegistry } from '../samples/registry';
import { seededRandom } from '../../../test/support/sample-values';
import { filledWorkbookFor } from '../../../test/support/workbooks';
import { SharedStrings, metaRows, sheetXml, standardRows, type CellValue } from '../../../test/support/xlsx-builder';
import { scanSharedStrings, scanSheetRows } from './sheet-scan';
import { readRows, readRowsGeneral, readSharedStrings, sharedStringsGeneral } from './xml';
import { openXlsx } from './zip-gate';

type Reader = typeof readRows;

function collect(read: Reader, xml: string, strings: string[]): unknown {
  const rows: unknown[] = [];
  try {
    read('xl/worksheets/sheet1.xml', xml, strings, (row, cells) => rows.push([row, cells]));
  } catch (e) {
    return { error: (e as { code?: string }).code ?? String(e) };
  }
  return rows;
}

/** As the gate hands a sheet to the reader: cut after the first `</sheetData>`. */
const cut = (xml: string) => {
  const end = xml.indexOf('</sheetData>');
  return end < 0 ? xml : xml.slice(0, end + '</sheetData>'.length);
};

function expectSame(xml: string, strings: string[]): boolean {
  expect(collect(readRows, xml, strings)).toEqual(collect(readRowsGeneral, xml, strings));
  return scanSheetRows(xml) !== null;
}

const catalogue = currentCatalogue();
const STAMP: Stamp = { template: TEMPLATE_MARKER, catalogue_version: catalogue.version, unit_type: 'department', report_year: '2024', unit_code: '120101-001' };
const values: Record<string, CellValue> = {
  'meta.unit_name': '和平区司法局',
  'meta.unit_type': { formula: 'IF(1,"区级部门","")', result: '区级部门' },
  'lead.key_tasks_completion_rate': { formula: 'E10/E11', result: undefined },
  'leader.party_meetings': { error: '#DIV/0!' },
  'meta.report_submitted_date': { isoDate: '2025-02-28T00:00:00' },
  'leader.exec_meetings': { numberAsText: '０12 ' },
  'leader.rol_in_work_plan': true,
  'disp.mediation_amount': 1234.56,
  'meta.contact': '张三 李四_x000D_\n电话',
};

function builderSheets(): { xml: string; strings: string[]; plain: boolean }[] {
  const out: { xml: string; strings: string[]; plain: boolean }[] = [];
  for (const strings of ['shared', 'inline'] as const) {
    for (const prefix of [undefined, 'x']) {
      for (const omitRefs of [false, true]) {
        const sst = new SharedStrings();
        const opts = { strings, prefix, omitRefs, tail: '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>' };
        const input = sheetXml(standardRows(catalogue, { values, remarks: { 'leader.exec_meetings': '含党组会议 3 次' } }), sst, opts);
        const meta = sheetXml(metaRows(STAMP), sst, opts);
        const items = sst.items.map((s) => s.replace(/<[^>]+>/g, ''));
        for (const xml of [input, meta]) out.push({ xml: cut(xml), strings: items, plain: !prefix });
      }
    }
  }
  return out;
}

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
const sheet = (rows: string) => `${HEAD}<sheetData>${rows}</sheetData>`;
const EDGE_CASES = [
  sheet('<row r="2"><c r="B2"><f t="shared" ref="B2:B3" si="0">A2*2</f><v>4</v></c></row><row r="3"><c r="B3"><f t="shared" si="0"/><v>6</v></c></row>'),
  sheet('<row r="1"/><row><c/><c t="b"><v>1</v></c><c></c></row><row r="7" spans="1:3"><c r="C9" t="e"><v>#N/A</v></c></row>'),
  sheet('\n  <row r="1">\n    <c r="A1" t="inlineStr"><is><t>文字</t></is></c>\n  </row>\n'),
  sheet('<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> 前后空格 </t></is></c><c r="B1" t="str"><f>A1</f><v></v></c></row>'),
  sheet('<row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c><c r="B1" s="3"><f></f></c></row>'),
  sheet('<row r="1"><c r="A1" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c></row>'),
  sheet('<row r="1"><c r="A1"><v>1 &amp; 2</v></c></row>'),
  sheet('<row r="1"><c r="A1" r="B1"><v>1</v></c></row>'),
  sheet('<row r="1"><c r="A1"><v>1</v></c>'),
  `${HEAD}<sheetPr><row/></sheetPr><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>`,
  `${HEAD}<!-- c --><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>`,
  `${HEAD}<sheetData/>`,
  `${HEAD}<sheetData></sheetData>`,
  sheet('<row r="1"><c r="A1"><v>1\r</v></c></row>'),
];

describe('the row scan equals the general path', () => {
  it('on every builder style; plain ones take the scan', () => {
    for (const { xml, strings, plain } of builderSheets()) {
      const scanned = expectSame(xml, strings);
      // Prefixed parts and inline strings with entities go the general way; the rest must not.
      if (plain && !xml.includes('&')) expect(scanned).toBe(true);
    }
  });

  it('on a real filled workbook, every sheet, through the scan', async () => {
    const bytes = await filledWorkbookFor(sampleRegistry()[1], 2024);
    const gate = openXlsx(bytes);
    const strings = readSharedStrings(gate, 'xl/sharedStrings.xml');
    expect(strings.length).toBeGreaterThan(100);
    for (const name of gate.names().filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n))) {
      expect(expectSame(gate.text(name, 'sheetData')!, strings)).toBe(true);
    }
    expect(gate.names().filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n)).length).toBeGreaterThanOrEqual(2);
  });

  it('on edge cases, scanned or not', () => {
    const scanned = EDGE_CASES.map((xml) => expectSame(xml, ['甲', '乙']));
    // Rich inline text, a duplicate attribute, an unclosed row, a row before sheetData, a comment,
    // a self-closed sheetData and a CR go the general way.
    expect(scanned).toEqual([true, true, true, true, true, false, true, false, false, false, false, false, true, false]);
  });

  it('on 3,000 seeded mutations', () => {
    const rnd = seededRandom(7);
    const samples = [...builderSheets().map((s) => s.xml), ...EDGE_CASES];
    const alphabet = ['<', '>', '/', '"', '=', '&', ' ', '\n', 'c', 'v', 'f', 'r', 't', '1', 'A', ':', '中'];
    let scanned = 0;
    for (let n = 0; n < 3000; n++) {
      const xml = samples[Math.floor(rnd() * samples.length)];
      const lt = xml.indexOf('<', Math.floor(rnd() * xml.length));
      const at = lt >= 0 && rnd() < 0.8 ? lt + Math.floor(rnd() * 10) : Math.floor(rnd() * xml.length);
      const kind = rnd();
      const mutated =
        kind < 0.4
          ? xml.slice(0, at) + xml.slice(at + 1 + Math.floor(rnd() * 3))
          : kind < 0.8
            ? xml.slice(0, at) + alphabet[Math.floor(rnd() * alphabet.length)] + xml.slice(at)
            : xml.slice(0, at) + xml.slice(at, at + 5) + xml.slice(at);
      if (expectSame(mutated, ['甲', '乙'])) scanned++;
    }
    expect(scanned).toBeGreaterThan(100);
  });
});

function strings(read: (xml: string) => string[], xml: string): unknown {
  try {
    return read(xml);
  } catch (e) {
    return { error: (e as { code?: string }).code ?? String(e) };
  }
}

function expectSameStrings(xml: string): boolean {
  const scanned = scanSharedStrings(xml);
  const general = strings((x) => sharedStringsGeneral('xl/sharedStrings.xml', x), xml);
  if (scanned !== null) expect(scanned).toEqual(general);
  return scanned !== null;
}

describe('the shared-strings scan equals the general path', () => {
  const plain = new SharedStrings();
  for (const s of ['指标代码', '填报值', '张三 &amp; 李四', '_x000D_换行', '']) plain.add(`<t xml:space="preserve">${s}</t>`);
  const rich = new SharedStrings();
  rich.add('<r><t>和平区</t></r><r><rPr><b/></rPr><t>司法局</t></r><rPh sb="0" eb="1"><t>わ</t></rPh>');

  it('scans plain items, leaves rich text and odd parts to the general path', async () => {
    expect(expectSameStrings(plain.xml())).toBe(true);
    expect(scanSharedStrings(plain.xml())).toEqual(['指标代码', '填报值', '张三 & 李四', '\r换行', '']);
    expect(expectSameStrings(rich.xml())).toBe(false);
    expect(expectSameStrings(plain.xml('x'))).toBe(false);
    const bytes = await filledWorkbookFor(sampleRegistry()[0], 2024);
    const sst = openXlsx(bytes).text('xl/sharedStrings.xml')!;
    expect(expectSameStrings(sst)).toBe(true);
    for (const odd of ['<sst/>', '<sst></sst>', '<sst><si><t>a</t></si></sst><x/>', '<sst><!-- c --><si><t>a</t></si></sst>', '<sst>\n<si><t>a</t></si></sst>']) {
      expectSameStrings(odd);
    }
  });

  it('on 2,000 seeded mutations', () => {
    const rnd = seededRandom(11);
    const samples = [plain.xml(), rich.xml(), '<sst><si><t>a&amp;b</t></si><si><t/></si></sst>'];
    const alphabet = ['<', '>', '/', '"', '=', '&', ' ', '\n', 's', 'i', 't', ';', '#', '中'];
    let scanned = 0;
    for (let n = 0; n < 2000; n++) {
      const xml = samples[Math.floor(rnd() * samples.length)];
      const at = Math.floor(rnd() * xml.length);
      const kind = rnd();
      const mutated =
        kind < 0.5 ? xml.slice(0, at) + xml.slice(at + 1 + Math.floor(rnd() * 3)) : xml.slice(0, at) + alphabet[Math.floor(rnd() * alphabet.length)] + xml.slice(at);
      if (expectSameStrings(mutated)) scanned++;
    }
    expect(scanned).toBeGreaterThan(100);
  });
});
