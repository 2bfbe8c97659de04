// What the query box knows about the runs it filters: which params, metrics and tags exist, so
// an unknown one is named ("no metric 'acuracy'; did you mean 'accuracy'?") instead of silently
// matching nothing, and so keys complete as you type.
import type { Run } from '@contract';
import { flattenConfig as flatten } from '@contract/config/paths';
import { ATTRIBUTES } from '../../lib/query';
import type { QueryNode } from '../../lib/query';

export interface KnownKeys {
  params: string[];
  metrics: string[];
  tags: string[];
}

export function knownKeys(runs: readonly Run[]): KnownKeys {
  const params = new Set<string>();
  const metrics = new Set<string>();
  const tags = new Set<string>();
  for (const r of runs) {
    for (const k of Object.keys(flatten(r.config))) params.add(k);
    for (const k of Object.keys((r as Partial<{ params: object }>).params ?? {})) params.add(k);
    for (const s of r.summary) metrics.add(s.key);
    for (const t of r.tags) tags.add(t);
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return { params: sorted(params), metrics: sorted(metrics), tags: sorted(tags) };
}

/** Levenshtein distance (small strings: keys and tags). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = row;
  }
  return prev[b.length] as number;
}

/** The closest known key, when it is close enough to be what was meant. */
export function nearest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

const SCOPE_NOUN = { params: 'param', metrics: 'metric', tags: 'tag' } as const;

/** One message per key the query names that no run has (params, metrics, tags). */
export function unknownKeys(node: QueryNode | null, known: KnownKeys): string[] {
  const out: string[] = [];
  const walk = (n: QueryNode | null): void => {
    if (!n) return;
    if (n.type === 'not') return walk(n.expr);
    if (n.type !== 'cmp') {
      walk(n.left);
      walk(n.right);
      return;
    }
    const scope = n.scope;
    if (scope === 'attributes') return;
    const list = known[scope];
    const key = scope === 'metrics' ? n.key.replace(/\.(min|max|last)$/, '') : n.key;
    if (list.includes(key) || list.includes(n.key)) return;
    const guess = nearest(key, list);
    const msg = `no ${SCOPE_NOUN[scope]} '${key}'${guess ? `; did you mean '${guess}'?` : ''}`;
    if (!out.includes(msg)) out.push(msg);
  };
  walk(node);
  return out;
}

/** The word under the cursor (a field like `metrics.acc`), with where it starts. */
export function wordAt(text: string, cursor: number): { word: string; start: number } {
  let start = cursor;
  while (start > 0 && /[\w.@/-]/.test(text[start - 1] as string)) start--;
  return { word: text.slice(start, cursor), start };
}

/** Completions for the word being typed: fields first by scope, at most `limit`. */
export function completions(word: string, known: KnownKeys, limit = 8): string[] {
  if (!word) return [];
  const m = /^(params|metrics|tags)\.(.*)$/.exec(word);
  let all: string[];
  if (m) {
    const scope = m[1] as keyof KnownKeys;
    const part = (m[2] as string).toLowerCase();
    const keys = known[scope];
    const starts = keys.filter((k) => k.toLowerCase().startsWith(part));
    const inside = keys.filter((k) => !starts.includes(k) && k.toLowerCase().includes(part));
    all = [...starts, ...inside].map((k) => `${scope}.${k}`);
  } else {
    const w = word.toLowerCase();
    all = [...['params.', 'metrics.', 'tags.'], ...ATTRIBUTES].filter((f) => f.startsWith(w));
  }
  return all.filter((c) => c !== word).slice(0, limit);
}
