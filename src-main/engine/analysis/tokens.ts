// Which tokens fork (paper Fig. 2b/c): average entropy per token id over every occurrence, keeping
// tokens seen more than `minCount` times, ranked highest and lowest. Pure functions, no I/O.

export interface TokenSequence {
  tokens: ArrayLike<number>;
  entropies: ArrayLike<number>;
}

export interface TokenStat {
  token: number;
  count: number;
  meanEntropy: number;
}

export interface TokenTable {
  highest: TokenStat[];
  lowest: TokenStat[];
  /** Distinct tokens seen at all / seen more than minCount times. */
  distinct: number;
  eligible: number;
}

/** Count and mean entropy per token id, in order of first appearance. */
export function tokenStats(sequences: Iterable<TokenSequence>): TokenStat[] {
  const sum = new Map<number, { count: number; total: number }>();
  for (const s of sequences) {
    const n = Math.min(s.tokens.length, s.entropies.length);
    for (let i = 0; i < n; i++) {
      const t = s.tokens[i] as number;
      const e = s.entropies[i] as number;
      if (Number.isNaN(e)) continue;
      const acc = sum.get(t);
      if (acc) {
        acc.count++;
        acc.total += e;
      } else sum.set(t, { count: 1, total: e });
    }
  }
  return [...sum].map(([token, { count, total }]) => ({
    token,
    count,
    meanEntropy: total / count,
  }));
}

/**
 * The `topN` tokens with the highest and the lowest mean entropy among those seen MORE than
 * `minCount` times (the paper keeps tokens occurring more than 100 times). Ties: higher count
 * first, then smaller id, so results are deterministic.
 */
export function tokenEntropyTable(
  sequences: Iterable<TokenSequence>,
  { minCount = 0, topN = 20 }: { minCount?: number; topN?: number } = {},
): TokenTable {
  const all = tokenStats(sequences);
  const eligible = all.filter((s) => s.count > minCount);
  const tie = (a: TokenStat, b: TokenStat) => b.count - a.count || a.token - b.token;
  const highest = [...eligible].sort((a, b) => b.meanEntropy - a.meanEntropy || tie(a, b));
  const lowest = [...eligible].sort((a, b) => a.meanEntropy - b.meanEntropy || tie(a, b));
  return {
    highest: highest.slice(0, topN),
    lowest: lowest.slice(0, topN),
    distinct: all.length,
    eligible: eligible.length,
  };
}
