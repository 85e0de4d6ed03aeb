// Derived indicators (rates and totals), always recomputed from their parts and never read from a
// sheet. The rollup reuses this on summed values, which is why rates are rebuilt from numerator and
// denominator rather than averaged.
import type { Catalogue, Indicator } from './catalogue';
import type { UnitType } from './catalogue';
import type { CellValue } from './model';

/**
 * What a sheet or a submission says, as the rest of the system reads it: normalised inputs, and the
 * derived values computed from them once (at check time, by computeDerived) and stored with them.
 */
export interface Figures {
  values: Record<string, CellValue | null>;
  derived: Record<string, number | null>;
}

/** An indicator's figure: its derived value for a derived field, its input otherwise; null when blank. */
export function figureOf(figures: Figures, field: Pick<Indicator, 'code' | 'derived'>): CellValue | null {
  return (field.derived ? figures.derived[field.code] : figures.values[field.code]) ?? null;
}

/**
 * Figures of values never checked as a sheet (last year's, confirmed from its annual report): the
 * derived values computed as a check computes them, except a derived figure the values state
 * themselves (a rate the report gives), which is kept as stated.
 */
export function figuresOfValues(catalogue: Catalogue, unitType: UnitType, values: Record<string, CellValue | null>): Figures {
  const derived = computeDerived(catalogue, unitType, values);
  for (const code of Object.keys(derived)) {
    const stated = values[code];
    if (typeof stated === 'number') derived[code] = stated;
  }
  return { values, derived };
}

const asNumber = (v: CellValue | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Values of the derived fields that apply to `unitType`, from the given (input) values.
 * ratio: numerator / denominator × 100; blank when the numerator is blank or the denominator is
 * blank or 0. sum_of: the sum; blank when any part is blank (a total of a blank is not complete).
 * A derived field may use another derived field (recon.correction_rate uses recon.corrected).
 */
export function computeDerived(
  catalogue: Catalogue,
  unitType: UnitType,
  values: Record<string, CellValue | null>,
): Record<string, number | null> {
  const derived: Record<string, number | null> = {};
  const inProgress = new Set<string>();

  const valueOf = (code: string): number | null => {
    const field = catalogue.field(code);
    if (field?.derived) return compute(field);
    return asNumber(values[code]);
  };

  const compute = (field: Indicator): number | null => {
    if (field.code in derived) return derived[field.code];
    // The catalogue check forbids cycles; this only keeps a broken catalogue from looping forever.
    if (inProgress.has(field.code)) return null;
    inProgress.add(field.code);
    let result: number | null = null;
    if (field.sum_of) {
      let total = 0;
      for (const part of field.sum_of) {
        const v = valueOf(part);
        if (v === null) {
          total = NaN;
          break;
        }
        total += v;
      }
      result = Number.isNaN(total) ? null : total;
    } else if (field.numerator && field.denominator) {
      const numerator = valueOf(field.numerator);
      const denominator = valueOf(field.denominator);
      result = numerator === null || denominator === null || denominator === 0 ? null : (numerator / denominator) * 100;
    }
    inProgress.delete(field.code);
    derived[field.code] = result;
    return result;
  };

  const out: Record<string, number | null> = {};
  for (const field of catalogue.fields) {
    if (field.derived && catalogue.appliesTo(field, unitType)) out[field.code] = compute(field);
  }
  return out;
}
