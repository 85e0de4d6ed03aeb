import { currentCatalogue } from '../core/catalogue';
import { writeTemplate } from './write-template';
import { EXCEL_MAX_COL, EXCEL_MAX_ROW, parseRef, scanSheetTail, tailLimits, type TailLimits } from './sheet-tail';
import { openXlsx } from './zip-gate';

/** Today's template: rows 1–138, columns A–G, 2 merges. */
const AREA = { lastRow: 138, lastCol: 7, merges: 2 };
const LIMITS: TailLimits = tailLimits(AREA);
const scan = (xml: string, limits: TailLimits = LIMITS) => scanSheetTail(xml, limits);
const WHOLE = 'A1:XFD1048576';
const cf = (sqref: string) => `<conditionalFormatting sqref="${sqref}"><cfRule type="cellIs" priority="1" operator="greaterThan"><formula>0</formula></cfRule></conditionalFormatting>`;
const dv = (sqref: string, attrs = '') => `<dataValidations count="1"><dataValidation type="whole"${attrs} sqref="${sqref}"><formula1>0</formula1></dataValidation></dataValidations>`;
const merges = (...refs: string[]) => `<mergeCells count="${refs.length}">${refs.map((r) => `<mergeCell ref="${r}"/>`).join('')}</mergeCells>`;

describe('tailLimits', () => {
  it('leaves a margin past the template, far from whole rows and columns', () => {
    expect(LIMITS).toEqual({ maxRow: 1138, maxCol: 33, maxMerges: 1000, maxCells: 200_000 });
    expect(LIMITS.maxRow).toBeLessThan(EXCEL_MAX_ROW / 100);
    expect(LIMITS.maxCol).toBeLessThan(EXCEL_MAX_COL / 100);
  });
});

describe('scanSheetTail passes what the template and real writers put there', () => {
  it('the generated template: its merges and one validation per input cell', async () => {
    const template = await writeTemplate(currentCatalogue(), 'department', { year: 2024 });
    const split = openXlsx(template).split('xl/worksheets/sheet1.xml', 'sheetData')!;
    expect(split.tail).toContain('<mergeCell ref="A1:G1"/>');
    expect(split.tail).toContain('<dataValidation ');
    expect(scan(split.tail)).toBeNull();
  });

  it('ranges up to the margin, lists, single cells and absolute references', () => {
    const tail = merges('A1:G1', 'H1100:AG1138') + cf('E4:E1138 $G$4:$G$200 B7') + dv('AG1138');
    expect(scan(tail)).toBeNull();
  });

  it('other elements with ranges are not its business (ignored errors, hyperlinks, selections)', () => {
    const tail = `<ignoredErrors><ignoredError sqref="${WHOLE}" numberStoredAsText="1"/></ignoredErrors><hyperlinks><hyperlink ref="${WHOLE}" r:id="rId1"/></hyperlinks>`;
    expect(scan(tail)).toBeNull();
  });

});

describe('scanSheetTail finds ranges far past the template', () => {
  it.each([
    ['a whole-sheet merge', merges(WHOLE), 'merge', WHOLE],
    ['a whole-sheet validation', dv(WHOLE), 'validation', WHOLE],
    ['a whole-sheet conditional format', cf(WHOLE), 'conditionalFormat', WHOLE],
    ['a whole-column validation', dv('E1:E1048576'), 'validation', 'E1:E1048576'],
    ['a whole column as E:E', cf('E:E'), 'conditionalFormat', 'E:E'],
    ['a whole row as 5:5', cf('5:5'), 'conditionalFormat', '5:5'],
    ['one row past the margin', merges('A1139:B1139'), 'merge', 'A1139:B1139'],
    ['one column past the margin', dv('AH4'), 'validation', 'AH4'],
    ['a reversed range', merges('XFD1048576:A1'), 'merge', 'XFD1048576:A1'],
    ['past Excel’s own edge', merges('A1:A9999999'), 'merge', 'A1:A9999999'],
    ['the far one of a list', cf('E4:E20 G1:G1048576 B2'), 'conditionalFormat', 'G1:G1048576'],
    ['lower-case letters', merges('a1:xfd1048576'), 'merge', 'a1:xfd1048576'],
  ])('%s', (_title, tail, kind, range) => {
    expect(scan(tail)).toEqual({ fault: 'range', kind, range });
  });

  it('x14 extension forms carry the range in <xm:sqref>', () => {
    const ext =
      '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">' +
      '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" allowBlank="1">' +
      `<x14:formula1><xm:f>Sheet2!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>${WHOLE}</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>`;
    expect(scan(ext)).toEqual({ fault: 'range', kind: 'validation', range: WHOLE });
    const cfExt = `<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="x"><x14:cfRule type="dataBar" id="{1}"/><xm:sqref>E4:E20 A1:A1048576</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings>`;
    expect(scan(cfExt)).toEqual({ fault: 'range', kind: 'conditionalFormat', range: 'A1:A1048576' });
    // A sparkline's location is checked too (the scan errs towards checking); a near one passes.
    const sparkline = (sqref: string) => `<x14:sparklines><x14:sparkline><xm:f>Sheet1!A1:A10</xm:f><xm:sqref>${sqref}</xm:sqref></x14:sparkline></x14:sparklines>`;
    expect(scan(sparkline('H5'))).toBeNull();
    expect(scan(sparkline(WHOLE))).toMatchObject({ fault: 'range', range: WHOLE });
  });

  it('no look-alike hides the real range: in another value, in a formula, before it in the same tag', () => {
    expect(scan(`<dataValidation prompt='见 sqref="E4"' sqref="${WHOLE}"/>`)).toMatchObject({ kind: 'validation', range: WHOLE });
    expect(scan(`<x14:dataValidation><x14:formula1><xm:f>conditionalFormatting!A1</xm:f></x14:formula1><xm:sqref>${WHOLE}</xm:sqref></x14:dataValidation>`)).toMatchObject({ range: WHOLE });
    expect(scan(`<mergeCells><mergeCell r:id="x" ref="${WHOLE}"/></mergeCells>`)).toMatchObject({ kind: 'merge', range: WHOLE });
  });

  it('errs towards checking: a range inside a comment counts as if it were real', () => {
    expect(scan(`<!-- ${merges(WHOLE)} -->`)).toMatchObject({ kind: 'merge', range: WHOLE });
  });

  it('prefixed names, single quotes, spaces around =, and entities in the value', () => {
    expect(scan(`<x:mergeCells><x:mergeCell ref='${WHOLE}'/></x:mergeCells>`)).toMatchObject({ kind: 'merge', range: WHOLE });
    expect(scan(`<dataValidation type="whole" sqref = "${WHOLE}"/>`)).toMatchObject({ kind: 'validation' });
    expect(scan('<mergeCell ref="&#65;1:&#x58;FD1048576"/>')).toMatchObject({ kind: 'merge', range: WHOLE });
  });

  it('a > inside an attribute value does not end the tag before the range', () => {
    expect(scan(`<dataValidation type="whole" error="值应 > 0" prompt='a>b' sqref="${WHOLE}"/>`)).toMatchObject({ kind: 'validation', range: WHOLE });
  });

});

describe('scanSheetTail counts', () => {
  it('more merges than the cap, with the count (and before any far range)', () => {
    // Rows 1 to 20,000: most of them past the margin too, yet the count is what tells.
    const refs = Array.from({ length: 20000 }, (_, i) => `H${1 + i}:I${1 + i}`);
    expect(scan(merges(...refs))).toEqual({ fault: 'merges', count: 20000 });
    expect(scan(merges(...refs.slice(0, 1000)))).toBeNull();
    expect(scan(merges(...refs.slice(0, 1001)))).toEqual({ fault: 'merges', count: 1001 });
  });

  it('more cells covered in total than the cap, overlaps counted again', () => {
    // 30 × 1138 = 34,140 cells a range, allowed alone; six of them are not.
    const big = 'A1:AD1138';
    expect(scan(cf(big).repeat(5))).toBeNull();
    expect(scan(cf(big).repeat(6))).toEqual({ fault: 'cells', cells: 6 * 30 * 1138 });
  });
});

describe('scanSheetTail stays linear on hostile text', () => {
  // CPU time, not wall time: other jobs on a shared machine stretch the wall clock, not our CPU use.
  // A quadratic scan of these inputs would take minutes; the linear one takes milliseconds.
  const within = (ms: number, xml: string) => {
    const before = process.cpuUsage();
    scan(xml);
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 < ms;
  };

  it.each([
    ['20,000 merges (about 600 KB)', merges(...Array.from({ length: 20000 }, (_, i) => `H${1000 + i}:I${1000 + i}`))],
    ['4 MB of <', '<'.repeat(4 << 20)],
    ['an unclosed quote over 4 MB', `<dataValidation sqref="${'A'.repeat(4 << 20)}`],
    ['4 MB of attributes without values', `<mergeCell ${'a '.repeat(2 << 20)}`],
    ['a 4 MB sqref list of near ranges', `<conditionalFormatting sqref="${'E4 '.repeat(1 << 20)}">`],
    ['4 MB of = signs', `<mergeCell ${'='.repeat(4 << 20)}/>`],
    ['one tag of 4 MB full of sqref look-alikes', `<dataValidation ${' sqref="E4"'.repeat(400000)}/>`],
    ['a 4 MB attribute value full of the word sqref', `<dataValidation prompt="${'sqref '.repeat(800000)}" sqref="E4"/>`],
    ['300,000 <xm:sqref> elements', '<xm:sqref>E4</xm:sqref>'.repeat(300000)],
    ['500,000 unclosed <xm:sqref tags', '<xm:sqref '.repeat(500000)],
    ['400,000 unclosed quotes after sqref=', '<dataValidation sqref="A1 '.repeat(400000)],
    ['4 MB of mergeCell without a tag', 'mergeCell '.repeat(400000)],
    ['a 4 MB prefix before mergeCell', `<${'p'.repeat(4 << 20)}:mergeCell ref="A1"/>`],
  ])('%s', (_title, xml) => {
    expect(within(1000, xml)).toBe(true);
  });
});

describe('parseRef', () => {
  it.each([
    ['B3', { col1: 2, row1: 3, col2: 2, row2: 3 }],
    ['A1:G2', { col1: 1, row1: 1, col2: 7, row2: 2 }],
    ['$A$1:$XFD$1048576', { col1: 1, row1: 1, col2: EXCEL_MAX_COL, row2: EXCEL_MAX_ROW }],
    ['E:E', { col1: 5, row1: 1, col2: 5, row2: EXCEL_MAX_ROW }],
    ['5:7', { col1: 1, row1: 5, col2: EXCEL_MAX_COL, row2: 7 }],
    ['G9:B2', { col1: 2, row1: 2, col2: 7, row2: 9 }],
  ])('%s', (token, box) => {
    expect(parseRef(token)).toEqual(box);
  });

  it.each(['', 'A', '5', 'A0', 'A1:', 'A1:B', 'A:5', 'ABCD1', 'Sheet1!A1', 'A1:B2:C3', `A${'1'.repeat(30)}`])('%s is no reference', (token) => {
    expect(parseRef(token)).toBeNull();
  });
});
