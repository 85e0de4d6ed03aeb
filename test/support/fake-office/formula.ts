// A tiny formula evaluator, enough for what the sheet plan writes (IF, OR, IFERROR, N, comparisons,
// arithmetic), so the fake shows computed totals and error texts the way Excel would.

/** An Excel error value (#DIV/0!, #VALUE!, ...): thrown while evaluating, shown as its code. */
export class FormulaError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export type Val = number | string | boolean;

/** `formula` comes without its leading '='; `get` reads another cell's shown value. */
export function evaluate(formula: string, get: (address: string) => Val): Val {
  const tokens = formula.match(/"[^"]*"|[A-Z]+\d+|\d+(?:\.\d+)?|[A-Z]+(?=\()|<>|<=|>=|[-+*/(),=<>&]/gi) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const num = (v: Val): number => {
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (v === '') return 0;
    const n = Number(v);
    if (Number.isNaN(n)) throw new FormulaError('#VALUE!');
    return n;
  };
  const compare = (): Val => {
    let left = additive();
    while (['=', '<>', '<', '>', '<=', '>='].includes(peek())) {
      const op = next();
      const right = additive();
      const cmp = typeof left === 'string' || typeof right === 'string' ? String(left).localeCompare(String(right)) : num(left) - num(right);
      left = op === '=' ? cmp === 0 : op === '<>' ? cmp !== 0 : op === '<' ? cmp < 0 : op === '>' ? cmp > 0 : op === '<=' ? cmp <= 0 : cmp >= 0;
    }
    return left;
  };
  const additive = (): Val => {
    let left = term();
    while (peek() === '+' || peek() === '-') left = next() === '+' ? num(left) + num(term()) : num(left) - num(term());
    return left;
  };
  const term = (): Val => {
    let left = unary();
    while (peek() === '*' || peek() === '/') {
      const op = next();
      const right = num(unary());
      if (op === '/' && right === 0) throw new FormulaError('#DIV/0!');
      left = op === '*' ? num(left) * right : num(left) / right;
    }
    return left;
  };
  const unary = (): Val => (peek() === '-' ? (next(), -num(unary())) : primary());
  const args = (): (() => Val)[] => {
    // Arguments are evaluated lazily, so IF and IFERROR only run the branch they take.
    const list: (() => Val)[] = [];
    next(); // (
    while (peek() !== ')') {
      const start = i;
      let depth = 0;
      while (i < tokens.length && !(depth === 0 && (peek() === ',' || peek() === ')'))) {
        if (peek() === '(') depth++;
        if (peek() === ')') depth--;
        i++;
      }
      const slice = tokens.slice(start, i).join(' ');
      list.push(() => evaluate(slice, get));
      if (peek() === ',') next();
    }
    next(); // )
    return list;
  };
  const primary = (): Val => {
    const t = next();
    if (t === undefined) throw new FormulaError('#VALUE!');
    if (t === '(') {
      const v = compare();
      next();
      return v;
    }
    if (t.startsWith('"')) return t.slice(1, -1);
    if (/^\d/.test(t)) return Number(t);
    if (peek() === '(') {
      const a = args();
      switch (t.toUpperCase()) {
        case 'IF':
          return num(a[0]()) !== 0 ? a[1]() : a[2] ? a[2]() : false;
        case 'OR':
          return a.some((f) => num(f()) !== 0);
        case 'IFERROR':
          try {
            return a[0]();
          } catch (e) {
            if (e instanceof FormulaError) return a[1]();
            throw e;
          }
        case 'N': {
          const v = a[0]();
          return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : 0;
        }
        default:
          throw new FormulaError('#NAME?');
      }
    }
    if (/^[A-Z]+\d+$/i.test(t)) return get(t.toUpperCase());
    throw new FormulaError('#NAME?');
  };
  return compare();
}
