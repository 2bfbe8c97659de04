// Exact arithmetic on small expressions, for the Countdown verifier and demonstrations.
// A hand-written recursive-descent parser: completions are never passed to eval().

export interface Rational {
  n: number;
  d: number;
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a || 1;
}

function rat(n: number, d = 1): Rational {
  if (d === 0) throw new Error('division by zero');
  const g = gcd(n, d) * Math.sign(d);
  return { n: n / g, d: d / g };
}

export type Op = '+' | '-' | '*' | '/';

export function applyOp(a: Rational, op: Op, b: Rational): Rational {
  switch (op) {
    case '+':
      return rat(a.n * b.d + b.n * a.d, a.d * b.d);
    case '-':
      return rat(a.n * b.d - b.n * a.d, a.d * b.d);
    case '*':
      return rat(a.n * b.n, a.d * b.d);
    case '/':
      return rat(a.n * b.d, a.d * b.n);
  }
}

export interface Parsed {
  value: Rational;
  /** Integer literals in the order they appear. */
  literals: number[];
}

const MAX_EXPRESSION_CHARS = 64;

/** Parses `+ - * / ( )` over non-negative integers; returns null on anything malformed. */
export function parseExpression(text: string): Parsed | null {
  const src = text.replace(/\s+/g, '');
  if (src.length === 0 || src.length > MAX_EXPRESSION_CHARS) return null;
  let pos = 0;
  const literals: number[] = [];

  const primary = (): Rational => {
    const ch = src[pos];
    if (ch === '(') {
      pos++;
      const v = sum();
      if (src[pos] !== ')') throw new Error('expected )');
      pos++;
      return v;
    }
    const start = pos;
    while (pos < src.length && /[0-9]/.test(src[pos] as string)) pos++;
    if (pos === start || pos - start > 4) throw new Error('expected a number');
    const value = Number(src.slice(start, pos));
    literals.push(value);
    return rat(value);
  };
  const product = (): Rational => {
    let v = primary();
    while (src[pos] === '*' || src[pos] === '/') {
      const op = src[pos++] as Op;
      v = applyOp(v, op, primary());
    }
    return v;
  };
  const sum = (): Rational => {
    let v = product();
    while (src[pos] === '+' || src[pos] === '-') {
      const op = src[pos++] as Op;
      v = applyOp(v, op, product());
    }
    return v;
  };

  try {
    const value = sum();
    if (pos !== src.length) return null;
    return { value, literals };
  } catch {
    return null;
  }
}

/** Expression tree for printing with the fewest parentheses. */
export type Expr =
  { kind: 'num'; value: number } | { kind: 'bin'; op: Op; left: Expr; right: Expr };

const PRECEDENCE: Record<Op, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

export function formatExpr(e: Expr): string {
  if (e.kind === 'num') return String(e.value);
  const p = PRECEDENCE[e.op];
  const wrap = (child: Expr, isRight: boolean): string => {
    const s = formatExpr(child);
    if (child.kind === 'num') return s;
    const cp = PRECEDENCE[child.op];
    // a-(b+c) and a/(b*c) keep their parentheses; a+(b+c) does not need them.
    const needs = cp < p || (isRight && cp === p && (e.op === '-' || e.op === '/'));
    return needs ? `(${s})` : s;
  };
  return `${wrap(e.left, false)}${e.op}${wrap(e.right, true)}`;
}
