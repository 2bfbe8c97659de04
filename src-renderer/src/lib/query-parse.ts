// Parsing of the MLflow-style run filter (query.ts evaluates the tree and re-exports these):
// a recursive-descent parser over a small tokenizer; errors carry the character position.
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

/** Parentheses and NOTs nest at most this deep: deeper is refused with a message, not a stack overflow. */
export const MAX_QUERY_DEPTH = 32;
/** Longer queries are refused (a real one is a line). */
export const MAX_QUERY_LENGTH = 4000;
/** Never a config field; refused so a query cannot reach an object's prototype. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

class Parser {
  private i = 0;
  private depth = 0;
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
    if (!KEYWORD(t, 'NOT') && t.kind !== 'lparen') return this.compare();
    if (++this.depth > MAX_QUERY_DEPTH)
      throw new QueryError(`nested deeper than ${MAX_QUERY_DEPTH} levels of ( ) or NOT`, t.pos);
    this.next();
    let node: QueryNode;
    if (t.kind === 'lparen') {
      node = this.or();
      const close = this.next();
      if (close.kind !== 'rparen') throw new QueryError('missing “)”', close.pos);
    } else node = { type: 'not', expr: this.unary() };
    this.depth--;
    return node;
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
  const bad = rest.split('.').find((p) => FORBIDDEN_SEGMENTS.has(p));
  if (scope && bad) throw new QueryError(`“${bad}” is not a field name`, t.pos);
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
  if (src.length > MAX_QUERY_LENGTH)
    return {
      ok: false,
      message: `query longer than ${MAX_QUERY_LENGTH} characters`,
      position: MAX_QUERY_LENGTH,
    };
  if (src.includes('\u0000'))
    return {
      ok: false,
      message: 'query contains a NUL character',
      position: src.indexOf('\u0000'),
    };
  try {
    return { ok: true, node: new Parser(tokenize(src)).parse() };
  } catch (err) {
    if (err instanceof QueryError)
      return { ok: false, message: err.message, position: err.position };
    throw err;
  }
}
