// The adapter against office-addin-mock: which Office.js calls it makes, that it loads what it reads
// before reading it (the mock throws on unloaded properties, as Office.js does), and how it turns
// host answers into grids, stamps and bytes.
import { OfficeMockObject } from 'office-addin-mock';
import { INPUT_SHEET, META_SHEET } from '../../../templates/src/core/contract';
import { canExportFile, officeHost, paintCells, readInputSheet, selectCell, toOfficeRule, widthInPoints, workbookBytes } from './adapter';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const g = globalThis as any;

function installExcel(workbook: Record<string, unknown>) {
  const mock = new OfficeMockObject({
    context: { workbook },
    run: async function (this: { context: unknown }, callback: (context: unknown) => Promise<unknown>) {
      return callback(this.context);
    },
  });
  g.Excel = mock;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return mock as any;
}

afterEach(() => {
  delete g.Excel;
  delete g.Office;
});

describe('readInputSheet', () => {
  it('reads values, formulas and value types of the used range, and the stamp rows', async () => {
    // Ranges are mock objects (values must be loaded before they are read); sheets are plain objects
    // because Office.js answers isNullObject after a sync without any load, which the mock cannot express.
    // Ranges are mock objects inside the context (values must be loaded and synced before they are
    // read); sheets are plain objects because Office.js answers isNullObject after a sync without
    // any load, which the mock cannot express.
    const mock = installExcel({
      ranges: {
        used: {
          values: [['指标代码', '填报值'], ['meta.unit_name', '天津市和平区司法局'], ['recon.corrected', '#DIV/0!']],
          formulas: [['指标代码', '填报值'], ['meta.unit_name', '天津市和平区司法局'], ['recon.corrected', '=E1/0']],
          valueTypes: [['String', 'String'], ['String', 'String'], ['String', 'Error']],
          rowIndex: 2,
          columnIndex: 1,
        },
        stamp: { values: [['template', 'fazhi-indicators'], ['unit_type', 'department'], ['unknown', 'x']] },
      },
      worksheets: {
        getItemOrNullObject(name: string) {
          const ranges = mock.context.workbook.ranges;
          if (name === INPUT_SHEET) return { isNullObject: false, getUsedRange: (valuesOnly: boolean) => (valuesOnly ? null : ranges.used) };
          if (name === META_SHEET) return { isNullObject: false, getUsedRangeOrNullObject: () => Object.assign(ranges.stamp, { isNullObject: false }) };
          return { isNullObject: true };
        },
      },
    });
    const read = await readInputSheet();
    expect(read).not.toBeNull();
    expect(read!.sheetName).toBe(INPUT_SHEET);
    expect(read!.grid).toMatchObject({ top: 3, left: 2 });
    expect(read!.grid.valueTypes![2][1]).toBe('Error');
    expect(read!.grid.formulas[2][1]).toBe('=E1/0');
    expect(read!.stamp).toEqual({ template: 'fazhi-indicators', unit_type: 'department' });
  });

  it('answers null when the workbook has no input sheet', async () => {
    installExcel({
      worksheets: {
        getItemOrNullObject() {
          return { isNullObject: true };
        },
      },
    });
    expect(await readInputSheet()).toBeNull();
  });
});

describe('selectCell and paintCells', () => {
  it('activates the sheet before selecting the cell', async () => {
    const calls: string[] = [];
    installExcel({
      worksheets: {
        getItem(name: string) {
          return {
            activate: () => calls.push(`activate ${name}`),
            getRange: (address: string) => ({ select: () => calls.push(`select ${address}`) }),
          };
        },
      },
    });
    await selectCell(INPUT_SHEET, 'E20');
    expect(calls).toEqual([`activate ${INPUT_SHEET}`, 'select E20']);
  });

  it('unprotects a protected sheet for the fills, clears where asked, and protects it again with the given options', async () => {
    const calls: string[] = [];
    const mock = installExcel({
      worksheets: {
        sheet: {
          protection: {
            protected: true,
            unprotect: () => calls.push('unprotect'),
            protect: (options: unknown) => calls.push(`protect ${JSON.stringify(options)}`),
          },
          ranges: {} as Record<string, unknown>,
          getRange(address: string) {
            calls.push(`range ${address}`);
            const fill = { clear: () => calls.push(`clear ${address}`) };
            (this.ranges as Record<string, unknown>)[address] = fill;
            return { format: { fill } };
          },
        },
        getItem(this: { sheet: unknown }) {
          return this.sheet;
        },
      },
    });
    await paintCells(INPUT_SHEET, [{ address: 'E10', fill: 'FFC7CE' }, { address: 'E11', fill: null }], { allowFormatRows: true });
    expect(calls).toEqual(['unprotect', 'range E10', 'range E11', 'clear E11', 'protect {"allowFormatRows":true}']);
    expect(mock.context.workbook.worksheets.sheet.ranges.E10.color).toBe('#FFC7CE');
  });

  it('does not touch protection on an unprotected sheet', async () => {
    const calls: string[] = [];
    installExcel({
      worksheets: {
        sheet: {
          protection: { protected: false, unprotect: () => calls.push('unprotect'), protect: () => calls.push('protect') },
          getRange: () => ({ format: { fill: {} } }),
        },
        getItem(this: { sheet: unknown }) {
          return this.sheet;
        },
      },
    });
    await paintCells(INPUT_SHEET, [{ address: 'E10', fill: 'FFC7CE' }], {});
    expect(calls).toEqual([]);
  });
});

describe('workbookBytes', () => {
  function installOffice(bytes: number[], sliceSize: number, fail?: number) {
    const closed: boolean[] = [];
    // Enums are plain values in office.js (the mock would demand a load() for them).
    g.Office = {
      FileType: { Compressed: 'compressed' },
      AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
      context: new OfficeMockObject({
        requirements: { isSetSupported: (name: string) => name === 'File' },
        document: {
          getFileAsync(type: string, options: { sliceSize: number }, callback: (r: unknown) => void) {
            expect(type).toBe('compressed');
            const size = Math.min(options.sliceSize, sliceSize);
            const count = Math.ceil(bytes.length / size);
            callback({
              status: 'succeeded',
              value: {
                sliceCount: count,
                getSliceAsync: (i: number, cb: (r: unknown) => void) =>
                  cb(i === fail ? { status: 'failed', error: { message: 'network' } } : { status: 'succeeded', value: { data: bytes.slice(i * size, (i + 1) * size) } }),
                closeAsync: (cb: () => void) => {
                  closed.push(true);
                  cb();
                },
              },
            });
          },
        },
      }),
    };
    return closed;
  }

  it('gathers all slices in order and closes the file', async () => {
    const bytes = Array.from({ length: 1000 }, (_, i) => i % 251);
    const closed = installOffice(bytes, 64);
    expect(canExportFile()).toBe(true);
    expect(Array.from(await workbookBytes())).toEqual(bytes);
    expect(closed).toEqual([true]);
  });

  it('fails in Chinese naming the slice, and still closes the file', async () => {
    const closed = installOffice(Array.from({ length: 300 }, () => 1), 100, 1);
    await expect(workbookBytes()).rejects.toThrow('读取工作簿第 2 段失败');
    expect(closed).toEqual([true]);
  });

  it('reports no file export where the host lacks getFileAsync', () => {
    g.Office = { context: new OfficeMockObject({ document: {}, requirements: { isSetSupported: () => false } }) };
    expect(canExportFile()).toBe(false);
  });
});

describe('officeHost', () => {
  it('tells a plain browser (no office.js) and another Office host from Excel', async () => {
    expect(await officeHost()).toBe('none');
    const office = (host: string) => ({ HostType: { Excel: 'Excel' }, onReady: async () => ({ host, platform: 'PC' }) });
    g.Office = office('Word');
    expect(await officeHost()).toBe('other');
    g.Office = office('Excel');
    expect(await officeHost()).toBe('excel');
  });
});

describe('translations of the plan', () => {
  it('maps validations to Office.js rules', () => {
    const common = { allowBlank: true, promptTitle: 't', prompt: 'p', errorTitle: 'e', error: 'x' };
    expect(toOfficeRule({ ...common, type: 'whole', operator: 'between', formulae: [0, 366] })).toEqual({ wholeNumber: { formula1: 0, formula2: 366, operator: 'Between' } });
    expect(toOfficeRule({ ...common, type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0] })).toEqual({ decimal: { formula1: 0, formula2: undefined, operator: 'GreaterThanOrEqualTo' } });
    expect(toOfficeRule({ ...common, type: 'list', formulae: ['"是,否"'], listItems: ['是', '否'] })).toEqual({ list: { inCellDropDown: true, source: '是,否' } });
    expect(toOfficeRule({ ...common, type: 'date', operator: 'between', formulae: ['2000-01-01', '2100-12-31'] })).toEqual({ date: { formula1: '2000-01-01', formula2: '2100-12-31', operator: 'Between' } });
    expect(toOfficeRule({ ...common, type: 'textLength', operator: 'lessThanOrEqual', formulae: [32767] })).toEqual({ textLength: { formula1: 32767, formula2: undefined, operator: 'LessThanOrEqualTo' } });
  });

  it('converts character widths to points as Excel does for Calibri 11 (8.43 chars = 48 pt)', () => {
    expect(widthInPoints(8.43)).toBeCloseTo(48, 0);
  });
});
