// How far past the template a sheet's merges, validations and conditional formats may reach: the
// limits the reader enforces and the messages name (pure data; the scanner is in xlsx/sheet-tail).
export type TailKind = 'merge' | 'validation' | 'conditionalFormat';

export interface TailLimits {
  /** Last row and column (1-based) any range may reach. */
  maxRow: number;
  maxCol: number;
  /** Most `<mergeCell>` elements. */
  maxMerges: number;
  /** Most cells all ranges together may cover (overlaps counted again, as a consumer expands them). */
  maxCells: number;
}

export type TailFault =
  /** The first range reaching past maxRow/maxCol, as written (one reference of a list). */
  | { fault: 'range'; kind: TailKind; range: string }
  | { fault: 'merges'; count: number }
  | { fault: 'cells'; cells: number };

/** The standard input sheet's extent: its last row and column, and how many merges it has. */
export interface TemplateArea {
  lastRow: number;
  lastCol: number;
  merges: number;
}

/**
 * Room past the template's area for what units really do (a few helper columns, notes below the
 * table, rows inserted above the header), while a whole row (16,384 columns) or column (1,048,576
 * rows) stays far out of reach. One range then covers at most (138 + 1000) × (7 + 26) ≈ 37,500 cells
 * for today's template: exceljs loads a validation that size in about 40 ms.
 */
export const ROW_MARGIN = 1000;
export const COL_MARGIN = 26;
/** The template has 2 merges; 1,000 leaves room for any hand-made layout. */
export const MAX_MERGES = 1000;
/**
 * Cells all ranges may cover together: about 130 ms and 30 MB for exceljs to load, where a single
 * whole-column validation (about a million cells) takes it most of a second and over 100 MB.
 */
export const MAX_CELLS = 200_000;

export function tailLimits(area: TemplateArea): TailLimits {
  return { maxRow: area.lastRow + ROW_MARGIN, maxCol: area.lastCol + COL_MARGIN, maxMerges: MAX_MERGES, maxCells: MAX_CELLS };
}

/** Excel's sheet size: a reference past it is as bad as one reaching its edge. */
export const EXCEL_MAX_ROW = 1048576;
export const EXCEL_MAX_COL = 16384;

