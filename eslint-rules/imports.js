// Reading the import graph for the architecture rules: every import, export-from and dynamic
// import of a .ts / .svelte file (type-only ones included: a type cycle is still a cycle),
// resolved like the bundlers do (relative paths, @contract and @figures aliases).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const ALIASES = [
  ['@contract/', join(ROOT, 'src-main/contract/')],
  ['@figures/', join(ROOT, 'src-main/figures/')],
];
const SUFFIXES = ['', '.ts', '.svelte.ts', '.js', '/index.ts'];
const SPECIFIER =
  /(?:^|[\s;}])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

const isFile = (p) => existsSync(p) && statSync(p).isFile();

/** The absolute file an import specifier names, or null for packages and unknown files. */
export function resolveImport(fromFile, spec) {
  let base = null;
  if (spec === '@contract') base = join(ROOT, 'src-main/contract/index.ts');
  else if (spec.startsWith('.')) base = resolve(dirname(fromFile), spec);
  else {
    const alias = ALIASES.find(([prefix]) => spec.startsWith(prefix));
    if (alias) base = alias[1] + spec.slice(alias[0].length);
  }
  if (base === null) return null;
  for (const s of SUFFIXES) if (isFile(base + s)) return base + s;
  return null;
}

const cache = new Map();

/** Resolved local imports of `file` (read from disk, cached for the lint run). */
export function importsOf(file) {
  let out = cache.get(file);
  if (out) return out;
  out = [];
  if (/\.(ts|svelte|js|mjs)$/.test(file) && isFile(file)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(SPECIFIER)) {
      const target = resolveImport(file, m[1] ?? m[2] ?? m[3]);
      if (target && !target.endsWith('.css')) out.push(target);
    }
  }
  cache.set(file, out);
  return out;
}

export { ROOT };
