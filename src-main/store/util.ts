// Small helpers shared by the repositories.
export const nowIso = (): string => new Date().toISOString();

/** A LIKE pattern matching `text` anywhere, with % _ and \ escaped (use ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Numbers as a JSON array, for `IN (SELECT value FROM json_each(?))` without variable limits. */
export const idList = (ids: readonly number[]): string => JSON.stringify(ids);

/** SQLite stores NaN as NULL; give it back as NaN. */
export const realOrNaN = (v: number | null): number => (v === null ? NaN : v);

export function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}
