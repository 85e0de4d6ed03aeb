// The order of Office.js operations when the sheet is inserted, recorded by a proxy that stands in
// for every object the adapter touches: formats before contents, validations cleared before set,
// protection last, print setup only where the host has ExcelApi 1.9.
import { currentCatalogue } from '../../../templates/src/core/catalogue';
import { INPUT_SHEET, META_SHEET } from '../../../templates/src/core/contract';
import { standardSheet } from '../app/standard-sheet';
import { EXCEL_ENUMS } from '../../../test/support/fake-office';
import { insertStandardSheet } from './adapter';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const g = globalThis as any;

/** Every property set and call under `path`, in order; reads answer another recorder. */
function recorder(log: string[], path: string): unknown {
  const fn = () => undefined;
  return new Proxy(fn, {
    get(_t, key) {
      if (typeof key === 'symbol') return undefined;
      // A fresh workbook: every sheet asked for by name is missing.
      if (key === 'isNullObject') return path.startsWith('missing[');
      if (key === 'then') return undefined;
      return recorder(log, `${path}.${key}`);
    },
    set(_t, key, value) {
      log.push(`set ${path}.${String(key)}=${JSON.stringify(value)?.slice(0, 40)}`);
      return true;
    },
    apply(_t, _this, args) {
      log.push(`call ${path}(${args.map((a) => JSON.stringify(a)?.slice(0, 30)).join(',')})`);
      const name = path.split('.').pop();
      // Sheets and ranges fetched by name get the name in their path, so the log says which is which.
      if (name === 'add') return recorder(log, `sheet[${String(args[0])}]`);
      if (name === 'getItemOrNullObject') return recorder(log, `missing[${String(args[0])}]`);
      if (name === 'getRange') return recorder(log, `${path.replace(/\.getRange$/, '')}.range[${String(args[0] ?? '*')}]`);
      if (name === 'sync') return Promise.resolve();
      return recorder(log, `${path}()`);
    },
  });
}

async function insertWith(excelApi: number): Promise<string[]> {
  const log: string[] = [];
  g.Excel = { ...EXCEL_ENUMS, run: (batch: (ctx: unknown) => Promise<unknown>) => batch(recorder(log, 'context')) };
  g.Office = { context: { requirements: { isSetSupported: (name: string, v: string) => name === 'ExcelApi' && Number(v) <= excelApi } } };
  await insertStandardSheet(standardSheet(currentCatalogue(), 'department', 2024));
  return log;
}

afterEach(() => {
  delete g.Excel;
  delete g.Office;
});

it('sets number formats before contents, clears each validation before setting it, and protects last', async () => {
  const log = await insertWith(1.8);
  const sheet = `sheet[${INPUT_SHEET}]`;
  const onSheet = log.filter((l) => l.includes(sheet));
  const formats = onSheet.findIndex((l) => /range\[A1:G\d+\]\.numberFormat=/.test(l));
  const contents = onSheet.findIndex((l) => /range\[A1:G\d+\]\.formulas=/.test(l));
  expect(formats).toBeGreaterThanOrEqual(0);
  expect(formats).toBeLessThan(contents);
  const protect = onSheet.findIndex((l) => l.startsWith(`call ${sheet}.protection.protect(`));
  // After protecting, only the activation and the selection of the first input cell.
  expect(onSheet.slice(protect + 1).every((l) => /\.(activate|getRange|select)\(/.test(l))).toBe(true);
  expect(onSheet[onSheet.length - 1]).toMatch(/^call .*\.select\(\)$/);
  // Borders of the whole table in one go, not edge by edge per cell.
  expect(onSheet.filter((l) => l.startsWith('call ') && l.includes('.borders.getItem(')).length).toBe(6);
  console.log(`inserting the department sheet queues ${log.length} Office.js operations in one batch`);
  expect(log.filter((l) => l.includes('pageLayout'))).toEqual([]);
  const rules = onSheet.map((l, i) => [l, i] as const).filter(([l]) => l.includes('.dataValidation.rule='));
  expect(rules.length).toBeGreaterThan(50);
  for (const [line, i] of rules) {
    const range = line.slice(4, line.indexOf('.dataValidation'));
    expect(onSheet.slice(0, i).some((l) => l === `call ${range}.dataValidation.clear()`)).toBe(true);
  }
  // The stamp sheet is written and then very hidden; the workbook properties carry the marker.
  expect(log.some((l) => l.startsWith(`set sheet[${META_SHEET}].visibility="VeryHidden"`))).toBe(true);
  expect(log).toContain('set context.workbook.properties.category="fazhi-indicators"');
});

it('sets up printing (A4 landscape, one page wide, header row repeated) where ExcelApi 1.9 exists', async () => {
  const log = await insertWith(1.9);
  const layout = log.filter((l) => l.includes('pageLayout'));
  expect(layout).toEqual([
    `set sheet[${INPUT_SHEET}].pageLayout.orientation="Landscape"`,
    `set sheet[${INPUT_SHEET}].pageLayout.paperSize="A4"`,
    `set sheet[${INPUT_SHEET}].pageLayout.zoom=${JSON.stringify({ horizontalFitToPages: 1, verticalFitToPages: 0 }).slice(0, 40)}`,
    `set sheet[${INPUT_SHEET}].pageLayout.centerHorizontally=true`,
    `call sheet[${INPUT_SHEET}].pageLayout.setPrintTitleRows("$3:$3")`,
  ]);
});
