// An MLflow-style run filter: `params.mask.rho = 0.2 AND metrics.accuracy > 0.5`, with OR, NOT
// and parentheses (MLflow itself has AND only). Pure: parse once, evaluate per run.
//
//   expr    := or
//   or      := and ('OR' and)*
//   and     := unary ('AND' unary)*
//   unary   := 'NOT' unary | '(' or ')' | compare
//   compare := field op value
//   field   := params.<dotted config path> | metrics.<key>[.min|.max|.last] | tags.<tag>
//              | attributes.<name> | <name>          (name: status, name, task, mask, seed, …)
//   op      := = | == | != | < | <= | > | >= | LIKE | ILIKE
//   value   := number | 'string' | "string" | bare word | true | false | null
import type { Run } from '@contract';

export type Scope = 'params' | 'metrics' | 'tags' | 'attributes';
export type Op = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE';
export type Value = string | number | boolean | null;

export type QueryNode =
  | { type: 'and' | 'or'; left: QueryNode; right: QueryNode }
  | { type: 'not'; expr: QueryNode }
  | { type: 'cmp'; scope: Scope; key: string; op: Op; value: Value };

export type ParseResult =
  { ok: true; node: QueryNode | null } | { ok: false; message: string; position: number };

interface Token {
  kind: 'ident' | 'number' | 'string' | 'op' | 'lparen' | 'rparen' | 'end';
  text: string;
  value?: Value;
  pos: number;
}

export const ATTRIBUTES = [
  'id',
  'name',
  'status',
  'task',
  'mask',
  'seed',
  'step',
  'backend',
  'experiment',
  'tag',
] as const;

class QueryError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ kind: c === '(' ? 'lparen' : 'rparen', text: c, pos: i });
      i++;
      continue;
    }
    const op = /^(==|!=|<>|<=|>=|=|<|>)/.exec(src.slice(i));
    if (op) {
      const text = op[1] === '==' ? '=' : op[1] === '<>' ? '!=' : (op[1] as string);
      out.push({ kind: 'op', text, pos: i });
      i += (op[1] as string).length;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      let text = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        text += src[j];
        j++;
      }
      if (j >= src.length) throw new QueryError(`unterminated ${c}…${c} string`, i);
      // Backticks quote names (metrics.`reward/mean`): they join the identifier before them.
      const prev = out[out.length - 1];
      if (c === '`' && prev?.kind === 'ident' && prev.text.endsWith('.')) {
        prev.text += text;
      } else if (c === '`') {
        out.push({ kind: 'ident', text, pos: i });
      } else {
        out.push({ kind: 'string', text, value: text, pos: i });
      }
      i = j + 1;
      continue;
    }
    const num = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?(?![\w.])/i.exec(src.slice(i));
    if (num) {
      out.push({ kind: 'number', text: num[0], value: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_%][\w.%/@:+-]*/.exec(src.slice(i));
    if (word) {
      out.push({ kind: 'ident', text: word[0], pos: i });
      i += word[0].length;
      continue;
    }
    throw new QueryError(`unexpected character “${c}”`, i);
  }
  out.push({ kind: 'end', text: '', pos: src.length });
  return out;
}

const KEYWORD = (t: Token, word: string) => t.kind === 'ident' && t.text.toUpperCase() === word;

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i] as Token;
  }
  private next(): Token {
    return this.tokens[this.i++] as Token;
  }

  parse(): QueryNode {
    const node = this.or();
    const t = this.peek();
    if (t.kind !== 'end') {
      throw new QueryError(
        t.kind === 'rparen' ? 'unmatched “)”' : `expected AND, OR or the end, found “${t.text}”`,
        t.pos,
      );
    }
    return node;
  }

  private or(): QueryNode {
    let left = this.and();
    while (KEYWORD(this.peek(), 'OR')) {
      this.next();
      left = { type: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): QueryNode {
    let left = this.unary();
    while (KEYWORD(this.peek(), 'AND')) {
      this.next();
      left = { type: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): QueryNode {
    const t = this.peek();
    if (KEYWORD(t, 'NOT')) {
      this.next();
      return { type: 'not', expr: this.unary() };
    }
    if (t.kind === 'lparen') {
      this.next();
      const inner = this.or();
      const close = this.next();
      if (close.kind !== 'rparen') throw new QueryError('missing “)”', close.pos);
      return inner;
    }
    return this.compare();
  }

  private compare(): QueryNode {
    const f = this.next();
    if (f.kind === 'end')
      throw new QueryError('expected a condition, e.g. params.mask.rho = 0.2', f.pos);
    if (f.kind !== 'ident') throw new QueryError(`expected a field name, found “${f.text}”`, f.pos);
    const { scope, key } = splitField(f);
    const o = this.next();
    let op: Op;
    if (o.kind === 'op') op = o.text as Op;
    else if (KEYWORD(o, 'LIKE') || KEYWORD(o, 'ILIKE')) op = o.text.toUpperCase() as Op;
    else throw new QueryError(`expected an operator (= != < <= > >= LIKE) after ${f.text}`, o.pos);
    const v = this.next();
    let value: Value;
    if (v.kind === 'number' || v.kind === 'string') value = v.value as Value;
    else if (v.kind === 'ident') {
      const low = v.text.toLowerCase();
      value = low === 'true' ? true : low === 'false' ? false : low === 'null' ? null : v.text;
    } else throw new QueryError(`expected a value after ${f.text} ${op}`, v.pos);
    return { type: 'cmp', scope, key, op, value };
  }
}

function splitField(t: Token): { scope: Scope; key: string } {
  const dot = t.text.indexOf('.');
  const head = (dot < 0 ? t.text : t.text.slice(0, dot)).toLowerCase();
  const rest = dot < 0 ? '' : t.text.slice(dot + 1);
  const scopes: Record<string, Scope> = {
    params: 'params',
    param: 'params',
    config: 'params',
    metrics: 'metrics',
    metric: 'metrics',
    tags: 'tags',
    attributes: 'attributes',
    attribute: 'attributes',
    attr: 'attributes',
  };
  const scope = scopes[head];
  if (scope && rest) return { scope, key: rest };
  if (scope) throw new QueryError(`“${t.text}” needs a name after the dot`, t.pos);
  const key = t.text.toLowerCase();
  if ((ATTRIBUTES as readonly string[]).includes(key)) return { scope: 'attributes', key };
  throw new QueryError(
    `unknown field “${t.text}”: use params.…, metrics.…, tags.… or one of ${ATTRIBUTES.join(', ')}`,
    t.pos,
  );
}

/** Parses a query; an empty one matches everything (`node: null`). */
export function parseQuery(src: string): ParseResult {
  if (src.trim() === '') return { ok: true, node: null };
  try {
    return { ok: true, node: new Parser(tokenize(src)).parse() };
  } catch (err) {
    if (err instanceof QueryError)
      return { ok: false, message: err.message, position: err.position };
    throw err;
  }
}

function getPath(obj: unknown, path: string): unknown {
  let node = obj;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Extra context a run's row may carry (the experiment's name). */
export interface QueryContext {
  experimentName?: string;
}

function resolve(run: Run, scope: Scope, key: string, ctx: QueryContext): unknown {
  switch (scope) {
    case 'params': {
      const v = getPath(run.config, key);
      if (v !== undefined) return v;
      return (run as Partial<{ params: Record<string, unknown> }>).params?.[key];
    }
    case 'metrics': {
      const exact = run.summary.find((s) => s.key === key);
      if (exact) return exact.last;
      const m = /^(.*)\.(min|max|last)$/.exec(key);
      if (m) {
        const s = run.summary.find((x) => x.key === m[1]);
        if (s) return s[m[2] as 'min' | 'max' | 'last'];
      }
      return undefined;
    }
    case 'tags':
      return run.tags.includes(key);
    case 'attributes':
      switch (key) {
        case 'mask':
          return run.maskMode;
        case 'experiment':
          return ctx.experimentName;
        case 'tag':
          return run.tags;
        default:
          return (run as unknown as Record<string, unknown>)[key];
      }
  }
}

function likeToRegex(pattern: string, flags: string): RegExp {
  const esc = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${esc.replace(/%/g, '.*').replace(/_/g, '.')}$`, flags);
}

function compareOne(actual: unknown, op: Op, expected: Value): boolean {
  if (actual === undefined) return false;
  if (op === 'LIKE' || op === 'ILIKE') {
    if (actual === null || typeof actual === 'object') return false;
    return likeToRegex(String(expected), op === 'ILIKE' ? 'i' : '').test(String(actual));
  }
  const numA =
    typeof actual === 'number'
      ? actual
      : typeof actual === 'string' && actual.trim() !== ''
        ? Number(actual)
        : NaN;
  const numE =
    typeof expected === 'number'
      ? expected
      : typeof expected === 'string' && expected.trim() !== ''
        ? Number(expected)
        : NaN;
  let c: number;
  if (Number.isFinite(numA) && Number.isFinite(numE)) {
    // Floats from configs (0.2) compare equal within rounding.
    c = Math.abs(numA - numE) <= 1e-12 * Math.max(1, Math.abs(numE)) ? 0 : numA - numE;
  } else if (
    typeof actual === 'boolean' ||
    typeof expected === 'boolean' ||
    actual === null ||
    expected === null
  ) {
    const eq = String(actual) === String(expected);
    if (op === '=') return eq;
    if (op === '!=') return !eq;
    return false;
  } else {
    c = String(actual).localeCompare(String(expected));
  }
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

/** True when `run` satisfies `node` (null matches every run). Missing values never match. */
export function evaluateQuery(node: QueryNode | null, run: Run, ctx: QueryContext = {}): boolean {
  if (!node) return true;
  switch (node.type) {
    case 'and':
      return evaluateQuery(node.left, run, ctx) && evaluateQuery(node.right, run, ctx);
    case 'or':
      return evaluateQuery(node.left, run, ctx) || evaluateQuery(node.right, run, ctx);
    case 'not':
      return !evaluateQuery(node.expr, run, ctx);
    case 'cmp': {
      const actual = resolve(run, node.scope, node.key, ctx);
      if (node.scope === 'tags') {
        // tags.paper = true / tags.paper != true
        const want = node.value === true || node.value === 'true' || node.value === 1;
        return node.op === '!=' ? actual !== want : actual === want;
      }
      if (Array.isArray(actual)) {
        // tag = x: any tag matches; tag != x: no tag matches.
        if (node.op === '!=') return !actual.some((a) => compareOne(a, '=', node.value));
        return actual.some((a) => compareOne(a, node.op, node.value));
      }
      return compareOne(actual, node.op, node.value);
    }
  }
}
