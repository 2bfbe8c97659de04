// Guards for untrusted keys and payload shapes, shared by every entry point (API requests,
// sweep grid keys, --set, config files, the query box). A key segment `__proto__`,
// `constructor` or `prototype` could reach Object.prototype through a dotted-path setter or a
// deep merge, so it is refused wherever a key or path comes from outside; a payload nested
// deeper than any real request is refused before a recursive validator can overflow the stack.

/** Key segments that are never a config field and could reach an object's prototype. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Deeper than any request the API defines (configs nest 3 levels); refused before parsing. */
export const MAX_PAYLOAD_DEPTH = 32;

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.includes(key);
}

/** The first forbidden segment of a dotted path ("mask.__proto__.x" → "__proto__"). */
export function forbiddenSegment(path: string): string | undefined {
  return path.split('.').find(isForbiddenKey);
}

/** Why a dotted path cannot be used, or undefined when it can. */
export function dottedPathProblem(path: string): string | undefined {
  if (path === '' || path.split('.').some((p) => p === ''))
    return `"${path}" is not a dotted path (empty segment)`;
  const bad = forbiddenSegment(path);
  return bad === undefined ? undefined : `"${bad}" is not allowed in a path`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string from outside cannot be stored or matched faithfully, or undefined. */
export function stringProblem(text: string): string | undefined {
  // SQLite ends text at NUL (a search for "\0" would match everything); a lone surrogate has
  // no UTF-8 encoding and would be stored as invalid bytes.
  if (text.includes('\u0000')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (not valid Unicode)';
  return undefined;
}

export interface PayloadProblem {
  /** Dotted path of the offending key or value ("config.__proto__"), "request" at the top. */
  field: string;
  message: string;
}

/**
 * Walks a parsed JSON value without recursion: the first forbidden key, bad string (NUL, lone
 * surrogate) or place nested deeper than `maxDepth`, or undefined when the payload is clean.
 */
export function payloadProblem(
  value: unknown,
  maxDepth: number = MAX_PAYLOAD_DEPTH,
): PayloadProblem | undefined {
  const stack: { node: unknown; path: string[] }[] = [{ node: value, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: unknown; path: string[] };
    const where = path.length === 0 ? 'request' : path.join('.');
    if (typeof node === 'string') {
      const bad = stringProblem(node);
      if (bad) return { field: where, message: `${where}: ${bad}` };
    }
    if (typeof node !== 'object' || node === null) continue;
    if (path.length >= maxDepth)
      return { field: where, message: `${where}: nested deeper than ${maxDepth} levels` };
    const keys = Array.isArray(node) ? node.map((_, i) => String(i)) : Object.keys(node);
    for (const key of keys) {
      const child = [...path, key];
      if (!Array.isArray(node) && isForbiddenKey(key))
        return {
          field: child.join('.'),
          message: `${child.join('.')}: key "${key}" is not allowed`,
        };
      const badKey = stringProblem(key);
      if (badKey) return { field: where, message: `${where}: a key ${badKey}` };
      stack.push({ node: (node as Record<string, unknown>)[key], path: child });
    }
  }
  return undefined;
}

/**
 * Sets a dotted path, creating plain objects on the way ("mask.rho" = 0.2). Only own
 * properties are followed, and a forbidden segment throws, so the prototype is never reached.
 */
export function setDottedPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const problem = dottedPathProblem(path);
  if (problem) throw new Error(problem);
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = Object.hasOwn(node, part) ? node[part] : undefined;
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

/** The value at a dotted path, following own properties only; undefined when absent. */
export function getDottedPath(source: unknown, path: string): unknown {
  let node: unknown = source;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
