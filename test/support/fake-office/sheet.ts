// One worksheet of the fake workbook: its cells and the Excel rules the add-in depends on (locked
// cells refuse edits while the sheet is protected; formulas show their computed value). Change
// handlers live here because both the user's actions and the add-in's writes fire them.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { columnLetter } from '../../../templates/src/core/cell-address';
import { boxAddress, parseBox, type Box } from './addresses';
import { evaluate, FormulaError, type Val } from './formula';
import { HostError } from './host-error';

export interface FakeCell {
  value: string | number | boolean;
  formula?: string;
  numberFormat?: string;
  fill?: string;
  locked: boolean;
  validation?: any;
  font?: Record<string, unknown>;
}

export class FakeSheet {
  readonly cells = new Map<string, FakeCell>();
  readonly columnWidths = new Map<number, number>();
  readonly rowHeights = new Map<number, number>();
  readonly hiddenColumns = new Set<number>();
  readonly merges: string[] = [];
  visibility = 'Visible';
  protectedWith: any = null;
  frozenRows = 0;
  readonly handlers: ((e: any) => Promise<void> | void)[] = [];
  readonly id: string;
  constructor(public name: string, readonly host: object) {
    this.id = `{sheet-${Math.random().toString(36).slice(2)}}`;
  }
  /** The cell, created on first touch: Excel's cells start empty and locked. */
  cell(address: string): FakeCell {
    let c = this.cells.get(address);
    if (!c) this.cells.set(address, (c = { value: '', locked: true }));
    return c;
  }
  /** The cell if anything was ever written to it; reading must not create cells (usedBox). */
  peek(address: string): FakeCell | undefined {
    return this.cells.get(address);
  }
  /** The cell's value as Excel shows it: formulas computed, errors as '#DIV/0!' text. */
  valueOf(address: string, depth = 0): Val {
    const c = this.cells.get(address);
    if (!c) return '';
    if (!c.formula) return c.value;
    if (depth > 50) return '#REF!';
    try {
      return evaluate(c.formula.slice(1), (a) => {
        const v = this.valueOf(a, depth + 1);
        if (typeof v === 'string' && /^#/.test(v) && this.cells.get(a)?.formula) throw new FormulaError(v);
        return v;
      });
    } catch (e) {
      if (e instanceof FormulaError) return e.code;
      throw e;
    }
  }
  /** getUsedRange's box: with valuesOnly only cells holding values count, otherwise formatted ones too. */
  usedBox(valuesOnly: boolean): Box | null {
    let box: Box | null = null;
    for (const [address, c] of this.cells) {
      if (valuesOnly && c.value === '' && !c.formula) continue;
      if (!valuesOnly && c.value === '' && !c.formula && !c.fill && c.locked && !c.validation && !c.numberFormat) continue;
      const { r1, c1 } = parseBox(address);
      box = box ? { r1: Math.min(box.r1, r1), c1: Math.min(box.c1, c1), r2: Math.max(box.r2, r1), c2: Math.max(box.c2, c1) } : { r1, c1, r2: r1, c2: c1 };
    }
    return box;
  }
  /** Throws as Excel does on a protected sheet: edits need unlocked cells, formats need allowFormatCells. */
  assertEditable(box: Box, what: 'edit' | 'format'): void {
    if (!this.protectedWith) return;
    if (what === 'format' && !this.protectedWith.allowFormatCells) {
      throw new HostError('AccessDenied', `The cell or chart you're trying to change is on a protected sheet (${this.name}!${boxAddress(box)}).`);
    }
    if (what === 'edit') {
      for (let r = box.r1; r <= box.r2; r++) {
        for (let c = box.c1; c <= box.c2; c++) {
          if (this.peek(`${columnLetter(c)}${r}`)?.locked ?? true) {
            throw new HostError('AccessDenied', `The cell ${this.name}!${columnLetter(c)}${r} is locked on a protected sheet.`);
          }
        }
      }
    }
  }
  /** Runs the onChanged handlers with a WorksheetChanged event, awaiting each, so a user action settles only after the add-in reacted. */
  async fire(address: string, source: 'Local' | 'Remote' = 'Local'): Promise<void> {
    for (const h of this.handlers) await h({ address, changeType: 'RangeEdited', source, worksheetId: this.id, type: 'WorksheetChanged' });
  }
}
