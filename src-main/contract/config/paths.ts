// Dotted config paths ("mask.rho"): read, write, flatten and merge plain config objects. The one
// implementation for the services, the CLI and the renderer's forms. Segments that would reach
// an object's prototype are refused, so a request cannot pollute Object.prototype.
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

type Dict = Record<string, unknown>;

const isDict = (x: unknown): x is Dict => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The segments of `path`, or an Error naming the first that is empty or unsafe. */
export function pathSegments(path: string): string[] {
  const parts = path.split('.');
  for (const p of parts) {
    if (p === '') throw new Error(`config path "${path}": empty segment`);
    if (UNSAFE.has(p)) throw new Error(`config path "${path}": "${p}" is not allowed`);
  }
  return parts;
}

/** The value at `path`, or undefined when any step on the way is missing or not an object. */
export function getPath(source: unknown, path: string): unknown {
  let node = source;
  for (const part of path.split('.')) {
    if (UNSAFE.has(part) || !isDict(node) || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

/** Sets `path`, creating (or replacing non-objects with) objects on the way. */
export function setPath(target: Dict, path: string, value: unknown): void {
  const parts = pathSegments(path);
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (!isDict(next)) node[part] = {};
    node = node[part] as Dict;
  }
  node[parts[parts.length - 1] as string] = value;
}

/** {mask: {mode: 'top'}} → {'mask.mode': 'top'}; arrays and other values stay whole. */
export function flattenConfig(source: unknown, prefix = '', out: Dict = {}): Dict {
  if (!isDict(source)) return out;
  for (const [k, v] of Object.entries(source)) {
    if (UNSAFE.has(k)) continue;
    const key = prefix ? `${prefix}.${k}` : k;
    if (isDict(v)) flattenConfig(v, key, out);
    else out[key] = v;
  }
  return out;
}

/** A deep copy of plain config data (objects, arrays, scalars); contract/ has no structuredClone. */
export function cloneConfig<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneConfig) as T;
  if (isDict(value)) {
    const out: Dict = {};
    for (const [k, v] of Object.entries(value)) {
      if (UNSAFE.has(k)) throw new Error(`config key "${k}" is not allowed`);
      out[k] = cloneConfig(v);
    }
    return out as T;
  }
  return value;
}

/** Objects merge key by key; anything else in `over` replaces. Neither input is changed. */
export function mergeDeep(base: Dict, over: Dict): Dict {
  const out: Dict = cloneConfig(base);
  for (const [k, v] of Object.entries(over)) {
    if (UNSAFE.has(k)) throw new Error(`config key "${k}" is not allowed`);
    const b = out[k];
    out[k] = isDict(v) && isDict(b) ? mergeDeep(b, v) : cloneConfig(v);
  }
  return out;
}
