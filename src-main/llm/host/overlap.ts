// Table 1 between two models on the same responses: the share of model A's top-ρ entropy
// positions (pooled over all responses) that are also among model B's. Only defined when both
// hold the same token ids per response (same tokenizer); otherwise null.
import { selectTokens } from '../../engine/rl/mask';

interface Scored {
  idx: number;
  tokens: ArrayLike<number>;
  entropies: ArrayLike<number>;
}

export function topShareOverlap(
  a: readonly Scored[],
  b: readonly Scored[],
  rho: number,
): number | null {
  if (a.length === 0 || a.length !== b.length) return null;
  const ea: number[] = [];
  const eb: number[] = [];
  const byIdx = new Map(b.map((s, i) => [i, s]));
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Scored;
    const y = byIdx.get(i) as Scored;
    if (x.tokens.length !== y.tokens.length) return null;
    for (let t = 0; t < x.tokens.length; t++) {
      if (x.tokens[t] !== y.tokens[t]) return null;
      ea.push(x.entropies[t] as number);
      eb.push(y.entropies[t] as number);
    }
  }
  if (ea.length === 0) return null;
  const ma = selectTokens([ea], 'top', rho).mask[0] as Uint8Array;
  const mb = selectTokens([eb], 'top', rho).mask[0] as Uint8Array;
  let both = 0;
  let inA = 0;
  for (let i = 0; i < ea.length; i++) {
    if (ma[i]) {
      inA++;
      if (mb[i]) both++;
    }
  }
  return inA ? both / inA : null;
}
