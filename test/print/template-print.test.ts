// The unit's template as it comes out of a printer: converted by LibreOffice and measured page by
// page. PNGs of every page are kept in test/artifacts/template-<type>/ for people to look at.
import { currentCatalogue, UNIT_TYPES } from '../../templates/src/core/catalogue';
import { guideLines } from '../../templates/src/core/guide';
import { planInputSheet } from '../../templates/src/core/layout';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { writeTemplate } from '../../templates/src/xlsx/write-template';
import { convertToPdf, isA4, keepPngs, readPdf, smallestFontPoints, type Pdf } from '../support/pdf';

jest.setTimeout(180_000);
const catalogue = currentCatalogue();

describe.each(UNIT_TYPES)('the %s template printed', (unitType) => {
  let pdf: Pdf;
  let pngs: string[];
  const plan = planInputSheet(catalogue, unitType, { year: 2024 });
  const unit = sampleRegistry().find((u) => u.unitType === unitType)!;

  beforeAll(async () => {
    const bytes = await writeTemplate(catalogue, unitType, { year: 2024, prefill: unit });
    const file = convertToPdf(bytes, `template-${unitType}.xlsx`);
    pdf = readPdf(file);
    pngs = keepPngs(file, `template-${unitType}`);
  });

  // Every page of the input sheet repeats its header row; the guide's pages follow it.
  const isInputPage = (i: number) => pdf.text[i].includes('序号') && pdf.text[i].includes('填报值');
  const inputPages = () => pdf.pages.map((_, i) => i).filter(isInputPage);
  const guidePages = () => pdf.pages.map((_, i) => i).filter((i) => !isInputPage(i));

  it('prints the input sheet on A4 landscape and the guide on A4 portrait, every page kept as a PNG', () => {
    expect(pngs).toHaveLength(pdf.pages.length);
    for (const i of inputPages()) expect(isA4(pdf.pages[i], 'landscape')).toBe(true);
    expect(guidePages().length).toBeGreaterThanOrEqual(1);
    expect(pdf.text[guidePages()[0]]).toContain('一、这张表是什么');
    for (const i of guidePages()) expect(isA4(pdf.pages[i], 'portrait')).toBe(true);
  });

  it('breaks pages where the plan says, and nowhere else: no section heading ends a page', () => {
    // The guide may take one or two pages; the input sheet takes exactly the planned pages.
    expect(inputPages()).toHaveLength(plan.print.rowBreaks.length + 1);
  });

  it('prints no text smaller than 8 pt', () => {
    expect(smallestFontPoints(pdf)).toBeGreaterThanOrEqual(8);
  });

  it('shows no internal indicator codes or field names on paper', () => {
    const all = pdf.text.join('\n');
    expect(all).not.toMatch(/\b(meta|leader|func|enf|rev|tech)\.[a-z_]+/);
    expect(all).not.toMatch(/applies_to|npm run/);
    expect(all).toContain(unit.name);
  });

  it('keeps every word of the guide inside the page width', () => {
    for (const w of pdf.words.filter((x) => guidePages().includes(x.page - 1))) {
      expect(w.xMax).toBeLessThanOrEqual(pdf.pages[w.page - 1].width - 20);
    }
    // Nothing cut off at the edge: every line of the guide is on paper in full.
    const printed = guidePages().map((i) => pdf.text[i]).join('').replace(/\s+/g, '');
    for (const line of guideLines(catalogue, unitType, 2024)) expect(printed).toContain(line.text.replace(/\s+/g, ''));
  });
});
