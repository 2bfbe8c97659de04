// An MLflow-style run filter: `params.mask.rho = 0.2 AND metrics.accuracy > 0.5`, with OR, NOT
// and parentheses (MLflow itself has AND only). Pure: parse once (query-parse.ts, where the
// grammar is), evaluate per run (here).
import type { Run } from '@contract';
import { getPath } from '@contract/config/paths';
import type { Op, QueryNode, Scope, Value } from './query-parse';

export { ATTRIBUTES, MAX_QUERY_DEPTH, parseQuery } from './query-parse';
export type { Op, ParseResult, QueryNode, Scope, Value } from './query-parse';

export { getPath } from '@contract/config/paths';

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

/**
 * SQL LIKE (% any run, _ one character) by the greedy wildcard walk: it backtracks only to the
 * last %, so it takes O(text × pattern) at worst, never exponential like a `.*.*…` regex.
 */
export function likeMatches(text: string, pattern: string): boolean {
  const t = [...text];
  const p = [...pattern];
  let ti = 0;
  let pi = 0;
  let star = -1; // pattern index after the last %
  let mark = 0; // text index that % is matched up to
  while (ti < t.length) {
    if (pi < p.length && p[pi] !== '%' && (p[pi] === '_' || p[pi] === t[ti])) {
      ti++;
      pi++;
    } else if (pi < p.length && p[pi] === '%') {
      star = ++pi;
      mark = ti;
    } else if (star >= 0) {
      pi = star;
      ti = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '%') pi++;
  return pi === p.length;
}

function compareOne(actual: unknown, op: Op, expected: Value): boolean {
  if (actual === undefined) return false;
  if (op === 'LIKE' || op === 'ILIKE') {
    if (actual === null || typeof actual === 'object') return false;
    const fold = (x: string) => (op === 'ILIKE' ? x.toLowerCase() : x);
    return likeMatches(fold(String(actual)), fold(String(expected)));
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
