import { columnLetter, columnNumber, parseCellAddress } from './cell-address';

describe('cell addresses', () => {
  it.each([
    [1, 'A'],
    [7, 'G'],
    [26, 'Z'],
    [27, 'AA'],
    [33, 'AG'],
    [702, 'ZZ'],
    [703, 'AAA'],
    [16384, 'XFD'],
  ])('column %i is %s and back', (n, letters) => {
    expect(columnLetter(n)).toBe(letters);
    expect(columnNumber(letters)).toBe(n);
    expect(columnNumber(letters.toLowerCase())).toBe(n);
  });

  it('reads a cell reference leniently, as the readers place cells', () => {
    expect(parseCellAddress('E12')).toEqual({ col: 5, row: 12 });
    expect(parseCellAddress('ag7')).toEqual({ col: 33, row: 7 });
    expect(parseCellAddress('E')).toEqual({ col: 5, row: 0 });
    expect(parseCellAddress('12')).toBeNull();
    expect(columnNumber('')).toBe(0);
  });
});
