// Puts the fake on a global object (globalThis under jest, window in Chromium) as `Office` and
// `Excel`, in place of office.js, so the add-in's unchanged code runs against it.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { makeDocument } from './document';
import { FakeExcelHost, type FakeHostOptions } from './host';
import { makeWorkbook } from './workbook';

/** The Excel enums the add-in reads, with Office.js's string values. */
export const EXCEL_ENUMS = {
  PageOrientation: { landscape: 'Landscape', portrait: 'Portrait' },
  PaperType: { a4: 'A4' },
  ProtectionSelectionMode: { normal: 'Normal', unlocked: 'Unlocked', none: 'None' },
  DataValidationAlertStyle: { stop: 'Stop', warning: 'Warning', information: 'Information' },
  SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
};

/** Installs `Office` and `Excel` on the global object and returns the host to drive and inspect. */
export function installFakeOffice(target: any = globalThis, options: FakeHostOptions = {}): FakeExcelHost {
  const host = new FakeExcelHost(options);
  const supported = options.excelApi ?? 1.8;
  target.Excel = {
    ...EXCEL_ENUMS,
    async run(batch: (context: any) => Promise<unknown>) {
      const context = { workbook: makeWorkbook(host), sync: async () => undefined };
      host.calls.push('Excel.run');
      return batch(context);
    },
  };
  // Ribbon commands register here (Office.actions.associate); tests call them by name.
  const associations: Record<string, (event: any) => unknown> = {};
  target.Office = {
    HostType: { Excel: 'Excel' },
    FileType: { Compressed: 'compressed' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    onReady: (cb?: (info: unknown) => void) => {
      const info = { host: 'Excel', platform: 'OfficeOnline' };
      cb?.(info);
      return Promise.resolve(info);
    },
    context: {
      document: makeDocument(host, options),
      requirements: {
        isSetSupported: (name: string, version = '1.1') => (name === 'ExcelApi' ? Number(version) <= supported : name === 'File' ? !!options.serialize : false),
      },
    },
    actions: { associate: (name: string, fn: (event: any) => unknown) => (associations[name] = fn) },
  };
  (host as any).associations = associations;
  return host;
}
