// The fast tokenizer must give exactly saxes's events, or give up. Checked on every part the
// builders write (Excel/WPS/LibreOffice/generator styles), on a real exceljs template, and on
// thousands of seeded mutations of them (deleted, doubled and swapped characters).
import { SaxesParser } from 'saxes';
import { currentCatalogue } from '../core/catalogue';
import { META_SHEET, TEMPLATE_MARKER, type Stamp } from '../core/contract';
import { writeTemplate } from './write-template';
import { seededRandom } from '../../../test/support/sample-values';
import { SharedStrings, metaRows, sheetXml, standardRows, workbookParts, type CellValue } from '../../../test/support/xlsx-builder';
import { tokenizeXml, type XmlEvent } from './fast-xml';
import { openXlsx } from './zip-gate';

type Flat = [string, string, Record<string, string>?];

function flatten(events: XmlEvent[]): Flat[] {
  const out: Flat[] = [];
  for (const e of events) {
    if (e.k === 0) out.push(['open', e.name, e.attrs]);
    else if (e.k === 1) out.push(['close', e.name]);
    else if (out.length > 0 && out[out.length - 1][0] === 'text') out[out.length - 1][1] += e.text;
    else out.push(['text', e.text]);
  }
  // Text outside the root is not reported by either side in the same way; it carries no data.
  return out.filter((f) => f[0] !== 'text' || f[1] !== '');
}

class Stop extends Error {}

/** saxes's events (xmlns off, as parseXml runs it), up to the close of `stopAfter`; null when it throws. */
function saxesEvents(xml: string, stopAfter?: string): Flat[] | null {
  const events: XmlEvent[] = [];
  const parser = new SaxesParser({ xmlns: false, position: false });
  let depth = 0;
  parser.on('opentag', (t) => {
    depth++;
    events.push({ k: 0, name: t.name, attrs: t.attributes as Record<string, string> });
  });
  parser.on('closetag', (t) => {
    depth--;
    events.push({ k: 1, name: t.name });
    if (stopAfter && t.name.replace(/^.*:/, '') === stopAfter) throw new Stop();
  });
  const text = (t: string) => {
    if (depth > 0) events.push({ k: 2, text: t });
  };
  parser.on('text', text);
  parser.on('cdata', text);
  try {
    parser.write(xml).close();
  } catch (e) {
    if (!(e instanceof Stop)) return null;
  }
  return flatten(events);
}

function expectSame(xml: string, stopAfter?: string): 'fast' | 'fallback' {
  const fast = tokenizeXml(xml, stopAfter);
  const slow = saxesEvents(xml, stopAfter);
  if (fast === null) return 'fallback';
  // Whatever the tokenizer accepts, saxes accepts too, with the same events.
  expect(slow).not.toBeNull();
  expect(flatten(fast)).toEqual(slow);
  return 'fast';
}

const catalogue = currentCatalogue();
const STAMP: Stamp = { template: TEMPLATE_MARKER, catalogue_version: catalogue.version, unit_type: 'department', report_year: '2024', unit_code: '120101-001' };
const values: Record<string, CellValue> = {
  'meta.unit_name': { runs: ['和平区', '司法局'], phonetic: 'わへい' },
  'meta.unit_type': { formula: 'IF(1,"区级部门","")', result: '区级部门' },
  'leader.party_meetings': { error: '#DIV/0!' },
  'meta.report_submitted_date': { isoDate: '2025-02-28T00:00:00' },
  'leader.exec_meetings': { numberAsText: '０12 ' },
  'meta.contact': '张三 & 李四 <办公室>_x000D_\n电话_x005F_x000D_ \'引号\' "双引号"',
  'leader.rol_in_work_plan': true,
  'disp.mediation_amount': 1234.56,
};

/** Every text part the builders write, in every writer style. */
function builderParts(): { name: string; xml: string }[] {
  const parts: { name: string; xml: string }[] = [];
  for (const strings of ['shared', 'inline'] as const) {
    for (const prefix of [undefined, 'x']) {
      for (const omitRefs of [false, true]) {
        const sst = new SharedStrings();
        const tail = '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>';
        const opts = { strings, prefix, omitRefs, tail };
        const input = sheetXml(standardRows(catalogue, { values, remarks: { 'leader.exec_meetings': '备注 & <说明>' } }), sst, opts);
        const meta = sheetXml(metaRows(STAMP), sst, opts);
        const spec = {
          sheets: [
            { name: '指标填报', xml: input },
            { name: META_SHEET, state: 'veryHidden' as const, xml: meta },
          ],
          sharedStrings: sst.items.length ? sst : undefined,
          prefix,
          date1904: omitRefs,
          coreProperties: { category: TEMPLATE_MARKER, keywords: 'unit_code=1&2;名称=<和平>' },
        };
        for (const p of workbookParts(spec)) parts.push({ name: p.name, xml: String(p.data) });
      }
    }
  }
  return parts;
}

describe('tokenizeXml gives saxes events or gives up', () => {
  const parts = builderParts();

  it('handles every builder part itself, with the same events as saxes', () => {
    for (const { xml } of parts) {
      expect(expectSame(xml)).toBe('fast');
      expect(expectSame(xml, 'sheetData')).toBe('fast');
    }
  });

  it('handles a real exceljs template, cut after sheetData as the gate cuts it', async () => {
    const bytes = await writeTemplate(catalogue, 'district_gov', { year: 2024 });
    const gate = openXlsx(bytes);
    for (const name of gate.names().filter((n) => n.endsWith('.xml') || n.endsWith('.rels'))) {
      expect(expectSame(gate.text(name)!)).toBe('fast');
      if (name.includes('worksheets/')) expect(expectSame(gate.text(name, 'sheetData')!, 'sheetData')).toBe('fast');
    }
  });

  it('gives up on what it does not handle', () => {
    const cases = [
      '<a><!-- note --><b/></a>',
      '<a><![CDATA[x<y]]></a>',
      '<?xml version="1.0"?><!DOCTYPE a><a/>',
      '<a><?pi x?></a>',
      '<a>&nbsp;</a>',
      '<a>line\r\nbreak</a>',
      '<a b="x\ty"/>',
      '<a><b></a>',
      '<a><b>',
      '<a b="1" b="2"></a>',
      '<a b="1"c="2"></a>',
      '<a>&#0;</a>',
      '<a>]]></a>',
      '<a/><b/>',
      '<数据>1</数据>',
    ];
    for (const xml of cases) {
      expect(tokenizeXml(xml)).toBeNull();
    }
  });

  it('agrees with saxes on 1,500 mutated parts', () => {
    const rnd = seededRandom(20240601);
    const alphabet = ['<', '>', '/', '"', "'", '=', '&', ';', ' ', '\r', '\t', '!', '?', ':', 'a', '#', 'x', '中', ']'];
    let fast = 0;
    const samples = parts.filter((p) => p.xml.length < 200_000);
    for (let n = 0; n < 1500; n++) {
      const { xml } = samples[Math.floor(rnd() * samples.length)];
      // Mutate near markup, where tokenizers differ; most mutations break well-formedness.
      let at = Math.floor(rnd() * xml.length);
      const lt = xml.indexOf('<', at);
      if (lt >= 0 && rnd() < 0.7) at = lt + Math.floor(rnd() * 12);
      const kind = rnd();
      let mutated: string;
      if (kind < 0.4) mutated = xml.slice(0, at) + xml.slice(at + 1 + Math.floor(rnd() * 3));
      else if (kind < 0.8) mutated = xml.slice(0, at) + alphabet[Math.floor(rnd() * alphabet.length)] + xml.slice(at);
      else mutated = xml.slice(0, at) + xml.slice(at, at + 4) + xml.slice(at);
      if (expectSame(mutated) === 'fast') fast++;
      expectSame(mutated, 'sheetData');
    }
    // Some mutations keep the XML well-formed (e.g. inside text): those must have gone the fast way.
    expect(fast).toBeGreaterThan(40);
  });
});
