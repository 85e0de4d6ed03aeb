// Excel.Workbook of the Office.js surface: the worksheet collection, document properties and the
// selected range. A new wrapper is made per call, like Office.js proxies, over the shared host state.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { parseBox } from './addresses';
import { HostError } from './host-error';
import type { FakeExcelHost } from './host';
import { makeRange } from './range';
import { FakeSheet } from './sheet';
import { makeWorksheet } from './worksheet';

export function makeWorkbook(host: FakeExcelHost): any {
  const nullSheet = { isNullObject: true, load: () => undefined };
  return {
    worksheets: {
      getItem(name: string) {
        const s = host.sheet(name);
        if (!s) throw new HostError('ItemNotFound', `The requested resource doesn't exist (${name}).`);
        return makeWorksheet(host, s);
      },
      getItemOrNullObject(name: string) {
        const s = host.sheet(name);
        return s ? makeWorksheet(host, s) : nullSheet;
      },
      add(name: string) {
        if (host.sheet(name)) throw new HostError('ItemAlreadyExists', `A sheet named ${name} exists.`);
        const s = new FakeSheet(name, host);
        host.sheets.push(s);
        return makeWorksheet(host, s);
      },
      getActiveWorksheet: () => makeWorksheet(host, host.sheet(host.activeSheet!)!),
    },
    properties: new Proxy(host.properties, {
      get: (t, key) => (key === 'load' ? () => undefined : t[key as string]),
      set: (t, key, value) => {
        t[key as string] = String(value);
        return true;
      },
    }),
    getSelectedRange: () => makeRange(host, host.sheet(host.selection?.sheet ?? host.activeSheet!)!, parseBox(host.selection?.address ?? 'A1')),
  };
}
