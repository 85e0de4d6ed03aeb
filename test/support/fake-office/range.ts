// Excel.Range of the Office.js surface over a box of one fake sheet. Properties are live getters and
// setters, not loaded snapshots: the fake's sync() does nothing, so what the add-in sets is what the
// next read sees. Value writes fire onChanged like Excel does for the add-in's own edits.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { columnLetter } from '../../../templates/src/core/cell-address';
import { boxAddress, parseBox, type Box } from './addresses';
import type { Val } from './formula';
import { HostError } from './host-error';
import type { FakeExcelHost } from './host';
import { makeDataValidation, makeRangeFormat } from './range-format';
import type { FakeCell, FakeSheet } from './sheet';

export function makeRange(host: FakeExcelHost, sheet: FakeSheet, box: Box): any {
  const each = (fn: (address: string, r: number, c: number) => void) => {
    for (let r = box.r1; r <= box.r2; r++) for (let c = box.c1; c <= box.c2; c++) fn(`${columnLetter(c)}${r}`, r - box.r1, c - box.c1);
  };
  const grid = <T>(fn: (address: string) => T): T[][] => {
    const out: T[][] = [];
    for (let r = box.r1; r <= box.r2; r++) {
      const row: T[] = [];
      for (let c = box.c1; c <= box.c2; c++) row.push(fn(`${columnLetter(c)}${r}`));
      out.push(row);
    }
    return out;
  };
  // A grid smaller than the range is stretched by repeating its last row and column, so [[v]] fills a block.
  const setGrid = (rows: unknown[][], apply: (cell: FakeCell, v: unknown) => void, what: 'edit' | 'format') => {
    sheet.assertEditable(box, what);
    each((a, i, j) => apply(sheet.cell(a), rows[Math.min(i, rows.length - 1)][Math.min(j, rows[0].length - 1)]));
  };
  const setEach = (apply: (cell: FakeCell) => void) => {
    sheet.assertEditable(box, 'format');
    each((a) => apply(sheet.cell(a)));
  };
  const range: any = {
    isNullObject: false,
    load: () => range,
    get address() {
      return `${sheet.name}!${boxAddress(box)}`;
    },
    get rowIndex() {
      return box.r1 - 1;
    },
    get columnIndex() {
      return box.c1 - 1;
    },
    get values() {
      return grid((a) => sheet.valueOf(a));
    },
    set values(rows: unknown[][]) {
      setGrid(rows, (cell, v) => {
        cell.value = v as Val;
        delete cell.formula;
      }, 'edit');
      void sheet.fire(boxAddress(box));
    },
    get formulas() {
      return grid((a) => sheet.peek(a)?.formula ?? sheet.peek(a)?.value ?? '');
    },
    set formulas(rows: unknown[][]) {
      setGrid(rows, (cell, v) => {
        if (typeof v === 'string' && v.startsWith('=')) {
          cell.formula = v;
          cell.value = '';
        } else {
          cell.value = v as Val;
          delete cell.formula;
        }
      }, 'edit');
      void sheet.fire(boxAddress(box));
    },
    get valueTypes() {
      return grid((a) => {
        const v = sheet.valueOf(a);
        if (v === '') return 'Empty';
        if (typeof v === 'boolean') return 'Boolean';
        if (typeof v === 'number') return Number.isInteger(v) ? 'Integer' : 'Double';
        return /^#/.test(v) && sheet.peek(a)?.formula ? 'Error' : 'String';
      });
    },
    set numberFormat(rows: unknown[][]) {
      setGrid(rows, (cell, v) => (cell.numberFormat = String(v)), 'format');
    },
    get numberFormat() {
      return grid((a) => sheet.peek(a)?.numberFormat ?? 'General');
    },
    set columnHidden(hidden: boolean) {
      sheet.assertEditable(box, 'format');
      for (let c = box.c1; c <= box.c2; c++) {
        if (hidden) sheet.hiddenColumns.add(c);
        else sheet.hiddenColumns.delete(c);
      }
    },
    format: makeRangeFormat(sheet, box, setEach),
    dataValidation: makeDataValidation(sheet, box, setEach),
    merge() {
      sheet.merges.push(boxAddress(box));
    },
    select() {
      if (host.activeSheet !== sheet.name) throw new HostError('InvalidSelection', 'The selection can only be on the active sheet.');
      host.selection = { sheet: sheet.name, address: boxAddress(box) };
    },
    clear() {
      if (sheet.protectedWith) sheet.assertEditable(box, 'edit');
      for (const a of [...sheet.cells.keys()]) {
        const { r1, c1 } = parseBox(a);
        if (r1 >= box.r1 && r1 <= box.r2 && c1 >= box.c1 && c1 <= box.c2) sheet.cells.delete(a);
      }
    },
  };
  return range;
}

