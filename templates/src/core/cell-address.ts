// A1 addresses: column letters ↔ numbers. No imports, so the add-in bundle, messages and the XML
// reader can all share it.

/** 7 → G, 33 → AG. */
export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** G → 7, ag → 33; 0 for no letters. */
export function columnNumber(letters: string): number {
  return parseCellAddress(letters)?.col ?? 0;
}

/**
 * A cell's `r` as readers take it: leading letters (any case) as the column, then the row, 0 when
 * missing or unreadable. Null without letters. Lenient on purpose: readers place such cells by order.
 */
export function parseCellAddress(ref: string): { col: number; row: number } | null {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i) & ~0x20; // upper-case letters
    if (code < 65 || code > 90) break;
    col = col * 26 + (code - 64);
  }
  if (i === 0) return null;
  return { col, row: parseInt(ref.slice(i), 10) || 0 };
}
