// Excel.Worksheet of the Office.js surface, with the host-side refusals the add-in must handle:
// duplicate names, activating a hidden sheet, deleting the last visible sheet, protecting twice.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { MAX_COL, MAX_ROW, parseBox } from './addresses';
import { HostError } from './host-error';
import type { FakeExcelHost } from './host';
import { makeRange } from './range';
import type { FakeSheet } from './sheet';

export function makeWorksheet(host: FakeExcelHost, sheet: FakeSheet): any {
  const api: any = {
    isNullObject: false,
    load: () => api,
    get name() {
      return sheet.name;
    },
    set name(v: string) {
      if (host.sheet(v)) throw new HostError('ItemAlreadyExists', `A sheet named ${v} exists.`);
      sheet.name = v;
    },
    get id() {
      return sheet.id;
    },
    get visibility() {
      return sheet.visibility;
    },
    set visibility(v: string) {
      sheet.visibility = v;
    },
    getRange: (address?: string) => makeRange(host, sheet, address ? parseBox(address) : { r1: 1, c1: 1, r2: MAX_ROW, c2: MAX_COL }),
    // An empty sheet's used range is A1 in Excel; the OrNullObject variant says "nothing" instead.
    getUsedRange: (valuesOnly?: boolean) => {
      const box = sheet.usedBox(!!valuesOnly) ?? { r1: 1, c1: 1, r2: 1, c2: 1 };
      return makeRange(host, sheet, box);
    },
    getUsedRangeOrNullObject: (valuesOnly?: boolean) => {
      const box = sheet.usedBox(!!valuesOnly);
      return box ? makeRange(host, sheet, box) : { isNullObject: true, load: () => undefined };
    },
    activate() {
      if (sheet.visibility !== 'Visible') throw new HostError('InvalidOperation', 'A hidden sheet cannot be activated.');
      host.activeSheet = sheet.name;
    },
    delete() {
      if (host.sheets.filter((s) => s.visibility === 'Visible' && s !== sheet).length === 0) {
        throw new HostError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
      }
      host.sheets.splice(host.sheets.indexOf(sheet), 1);
      if (host.activeSheet === sheet.name) host.activeSheet = host.sheets.find((s) => s.visibility === 'Visible')!.name;
    },
    freezePanes: {
      freezeRows: (n: number) => {
        sheet.frozenRows = n;
      },
    },
    protection: {
      load: () => undefined,
      get protected() {
        return sheet.protectedWith !== null;
      },
      protect(options: any = {}) {
        if (sheet.protectedWith) throw new HostError('InvalidOperationInCellEditMode', 'The sheet is already protected.');
        sheet.protectedWith = options;
      },
      unprotect() {
        sheet.protectedWith = null;
      },
    },
    onChanged: {
      add(handler: (e: any) => void) {
        sheet.handlers.push(handler);
        return { remove: () => sheet.handlers.splice(sheet.handlers.indexOf(handler), 1) };
      },
    },
  };
  return api;
}
