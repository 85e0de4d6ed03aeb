import { execFile } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { currentCatalogue, UNIT_TYPES, type UnitType } from '../core/catalogue';
import { COLUMNS, GUIDE_SHEET, HEADER_ROW, INPUT_SHEET, META_SHEET, NOT_APPLICABLE, TEMPLATE_MARKER, column, keywordsToStamp } from '../core/contract';
import { PALETTE } from '../core/layout';
import { sampleRegistry } from '../samples/registry';
import { TEMPLATE_SUBJECT, writeTemplate } from './write-template';

const cat = currentCatalogue();
const VALUE = column('value').letter;
const timings: string[] = [];

async function generate(unitType: UnitType, options: Parameters<typeof writeTemplate>[2]) {
  const started = process.hrtime.bigint();
  const bytes = await writeTemplate(cat, unitType, options);
  timings.push(`${unitType}${options.prefill ? '（预填）' : ''}: ${Number(process.hrtime.bigint() - started) / 1e6} ms, ${bytes.length} bytes`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return { bytes, workbook, sheet: workbook.getWorksheet(INPUT_SHEET)! };
}

/** code → row number, found the way the reader finds it: by the code in column B. */
function rowsByCode(sheet: ExcelJS.Worksheet): Map<string, number> {
  const rows = new Map<string, number>();
  sheet.eachRow((row, n) => {
    const code = row.getCell(column('code').letter).text;
    if (cat.field(code)) rows.set(code, n);
  });
  return rows;
}

function zipEntry(bytes: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        });
      });
      zip.on('end', () => reject(new Error(`${name} not in zip`)));
      zip.readEntry();
    });
  });
}

const isInputField = (code: string, unitType: UnitType) => {
  const field = cat.field(code)!;
  const prefilled = code === 'meta.report_year' || (code === 'meta.unit_type' && unitType === 'district_gov');
  return cat.appliesTo(field, unitType) && !field.derived && !prefilled;
};

afterAll(() => console.log(`模板生成耗时：\n${timings.join('\n')}`));

describe.each(UNIT_TYPES)('writeTemplate for %s', (unitType) => {
  let generated: Awaited<ReturnType<typeof generate>>;
  let rows: Map<string, number>;
  beforeAll(async () => {
    generated = await generate(unitType, { year: 2024 });
    rows = rowsByCode(generated.sheet);
  });

  it('has the input sheet, the guide and the very hidden stamp sheet', () => {
    const { workbook } = generated;
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
      [INPUT_SHEET, 'visible'],
      [GUIDE_SHEET, 'visible'],
      [META_SHEET, 'veryHidden'],
    ]);
  });

  it('writes the contract column headers and every catalogue field by code', () => {
    const header = generated.sheet.getRow(HEADER_ROW);
    expect(COLUMNS.map((c) => header.getCell(c.letter).text)).toEqual(COLUMNS.map((c) => c.header));
    expect([...rows.keys()]).toEqual(cat.fields.map((f) => f.code));
  });

  it('validates exactly the input cells, each according to its indicator type', () => {
    const sheet = generated.sheet;
    const validated = Object.keys((sheet as unknown as { dataValidations: { model: Record<string, unknown> } }).dataValidations.model);
    const inputs = [...rows].filter(([code]) => isInputField(code, unitType)).map(([, row]) => `${VALUE}${row}`);
    expect(validated.sort()).toEqual(inputs.sort());
    // Every number cell is bounded above: its own max, or its unit's (catalogue unit_max: 件 1000000, 万元 100000000).
    const bounds = (code: string) => sheet.getCell(`${VALUE}${rows.get(code)}`).dataValidation;
    expect(bounds('reg.ns_issued')).toMatchObject({ type: 'whole', operator: 'between', formulae: [0, 1000000] });
    if (isInputField('disp.mediation_amount', unitType)) {
      expect(bounds('disp.mediation_amount')).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 100000000] });
    }
    for (const [code, row] of rows) {
      const cell = sheet.getCell(`${VALUE}${row}`);
      if (!isInputField(code, unitType)) continue;
      const field = cat.field(code)!;
      const v = cell.dataValidation;
      expect(cell.protection?.locked).toBe(false);
      expect(v.showErrorMessage).toBe(true);
      expect(v.prompt).toBe(field.help_zh);
      if (code === 'meta.unit_type') expect(v).toMatchObject({ type: 'list', formulae: ['"区级部门,市级部门"'] });
      else if (field.type === 'integer') expect(v).toMatchObject({ type: 'whole', formulae: field.max !== undefined ? [field.min ?? 0, field.max] : [field.min ?? 0] });
      else if (field.type === 'decimal') expect(v).toMatchObject({ type: 'decimal', operator: 'between', formulae: [field.min ?? 0, field.max] });
      else if (field.type === 'boolean') expect(v).toMatchObject({ type: 'list', formulae: ['"是,否"'] });
      else if (field.type === 'date') expect(v).toMatchObject({ type: 'date', formulae: [new Date('2000-01-01'), new Date('2100-12-31')] });
      else expect(v.type).toBe('textLength');
    }
  });

  it('never writes whole-column or open validation ranges', async () => {
    const xml = await zipEntry(generated.bytes, 'xl/worksheets/sheet1.xml');
    const sqrefs = [...xml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].map((m) => m[1]);
    expect(sqrefs.length).toBeGreaterThan(50);
    for (const sqref of sqrefs) {
      for (const range of sqref.split(' ')) expect(range).toMatch(new RegExp(`^${VALUE}\\d+(:${VALUE}\\d+)?$`));
    }
  });

  it('computes derived indicators with locked formula cells', () => {
    const derived = cat.fields.filter((f) => f.derived && cat.appliesTo(f, unitType));
    expect(derived.length).toBeGreaterThan(0);
    for (const field of derived) {
      const cell = generated.sheet.getCell(`${VALUE}${rows.get(field.code)}`);
      expect(cell.formula).toContain(`${VALUE}${rows.get(field.sum_of ? field.sum_of[0] : field.denominator!)}`);
      expect(cell.protection?.locked).not.toBe(false);
      expect(cell.fill).toMatchObject({ fgColor: { argb: `FF${PALETTE.derivedFill}` } });
    }
  });

  it('marks non-applicable indicators 不适用, locked and grey', () => {
    const notApplicable = cat.fields.filter((f) => !cat.appliesTo(f, unitType));
    expect(notApplicable.length).toBeGreaterThan(0);
    for (const field of notApplicable) {
      const cell = generated.sheet.getCell(`${VALUE}${rows.get(field.code)}`);
      expect(cell.value).toBe(NOT_APPLICABLE);
      expect(cell.protection?.locked).not.toBe(false);
      expect(cell.fill).toMatchObject({ fgColor: { argb: `FF${PALETTE.notApplicableFill}` } });
      expect(cell.font.color).toEqual({ argb: `FF${PALETTE.notApplicableFont}` });
    }
  });

  it('protects the sheet without password, freezes below the header and prints the header on every page', () => {
    const sheet = generated.sheet as ExcelJS.Worksheet & { sheetProtection: Record<string, unknown> };
    expect(sheet.sheetProtection).toMatchObject({ sheet: true, formatColumns: true, formatRows: true });
    expect(sheet.sheetProtection.hashValue).toBeUndefined();
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER_ROW });
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` });
  });

  it('stamps the workbook on the hidden sheet and in the core properties alike', () => {
    const { workbook } = generated;
    const meta = workbook.getWorksheet(META_SHEET)!;
    const stamp: Record<string, string> = {};
    meta.eachRow((row) => (stamp[row.getCell(1).text] = row.getCell(2).text));
    expect(stamp).toMatchObject({ template: TEMPLATE_MARKER, catalogue_version: cat.version, unit_type: unitType, report_year: '2024' });
    expect(Object.keys(stamp)).toEqual(['template', 'catalogue_version', 'unit_type', 'report_year', 'generated_at']);
    expect(keywordsToStamp(workbook.keywords)).toEqual(stamp);
    expect(workbook.category).toBe(TEMPLATE_MARKER);
    expect(workbook.subject).toBe(TEMPLATE_SUBJECT);
    expect(workbook.title).toContain('2024年度');
  });

  it('explains blanks, zero, deadline and version on the guide sheet', () => {
    const guide = generated.workbook.getWorksheet(GUIDE_SHEET)!;
    const text: string[] = [];
    guide.eachRow((row) => text.push(row.getCell(1).text));
    const all = text.join('\n');
    expect(all).toContain('没有发生填0，不得留空；留空表示未填报');
    expect(all).toContain('2025年3月1日');
    expect(all).toContain('2025年4月1日');
    expect(all).toContain(cat.version);
    // It speaks to a unit: no commands, no field names.
    expect(all).not.toMatch(/npm|applies_to|[a-z]+\.[a-z_]+/);
    expect(all).toContain('只检查，不保存（试运行）');
  });
});

describe('writeTemplate with a registry unit', () => {
  it('prefills and locks the unit, and stamps its code and district', async () => {
    const unit = sampleRegistry().find((u) => u.typeLabel === '区级部门')!;
    const { workbook, sheet } = await generate('department', { year: 2024, prefill: unit });
    const rows = rowsByCode(sheet);
    const value = (code: string) => sheet.getCell(`${VALUE}${rows.get(code)}`);
    expect(value('meta.unit_name').value).toBe(unit.name);
    expect(value('meta.unit_code').value).toBe(unit.code);
    expect(value('meta.unit_type').value).toBe('区级部门');
    expect(value('meta.district').value).toBe(unit.districtName);
    expect(value('meta.report_year').value).toBe(2024);
    for (const code of ['meta.unit_name', 'meta.unit_code', 'meta.unit_type', 'meta.district']) {
      expect(value(code).protection?.locked).not.toBe(false);
      expect(value(code).dataValidation).toBeUndefined();
    }
    expect(keywordsToStamp(workbook.keywords)).toMatchObject({ unit_code: unit.code, unit_name: unit.name, district_code: unit.districtCode });
  });
});

// LibreOffice computes the formulas the way Excel does; it proves the rates, not just their text.
const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => {
  try {
    readFileSync(p);
    return true;
  } catch {
    return false;
  }
});
(soffice ? describe : describe.skip)('derived formulas evaluated by LibreOffice', () => {
  it('compute rates and totals, and stay blank for a zero or blank denominator', async () => {
    const { workbook, sheet } = await generate('district_gov', { year: 2024 });
    const rows = rowsByCode(sheet);
    const set = (code: string, v: number) => (sheet.getCell(`${VALUE}${rows.get(code)}`).value = v);
    set('reg.ns_issued', 8);
    set('reg.ns_filed', 6);
    set('reg.review_required', 0);
    set('reg.review_done', 0);
    set('decision.procedure_complete', 3); // decision.count left blank
    set('recon.revoked_changed', 2);
    set('recon.confirmed_illegal', 1);
    set('recon.ordered_perform', 0);
    set('recon.closed', 12);
    const dir = mkdtempSync(join(tmpdir(), 'tpl-calc-'));
    try {
      writeFileSync(join(dir, 'filled.xlsx'), Buffer.from(await workbook.xlsx.writeBuffer()));
      await promisify(execFile)(soffice!, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, join(dir, 'filled.xlsx')], { timeout: 60000 });
      const lines = readFileSync(join(dir, 'filled.csv'), 'utf8').split(/\r?\n/);
      const computed = (code: string) => lines[rows.get(code)! - 1].split(',')[4];
      expect(Number(computed('reg.ns_filing_rate'))).toBeCloseTo(75, 2);
      expect(computed('reg.review_rate')).toBe('');
      expect(computed('decision.procedure_rate')).toBe('');
      expect(computed('recon.corrected')).toBe('3');
      expect(Number(computed('recon.correction_rate'))).toBeCloseTo(25, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
