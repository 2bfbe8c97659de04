// Which response tokens receive the policy gradient.
//   all:    every response token.
//   top:    exactly k = ceil(ρN) highest-entropy tokens (authors' code: top-k, not a quantile).
//   bottom: the complement of `top` — the N − ceil(ρN) lowest (ρ = 0.2 → bottom 80%).
//   random: k = ceil(ρN) tokens drawn uniformly with the seeded RNG (the critics' control).
// N counts response tokens only; callers pass per-sequence response entropies, so prompt and
// padding never enter. The caller picks the scope by what it passes: one micro-batch (authors'
// code) or the whole batch.
// Ties: sorting is by entropy descending, then by position (sequence, then token) ascending, so
// among equal entropies the earliest positions are kept. The count is always exactly k.
import type { Rng } from '../rng';

export type MaskMode = 'all' | 'top' | 'bottom' | 'random';

export interface TokenMask {
  /** 1 = selected, per sequence, aligned with the input entropies. */
  mask: Uint8Array[];
  /** τ: the lowest selected entropy (top), the highest selected (bottom); NaN for all/random/empty. */
  threshold: number;
  selected: number;
  total: number;
  /** selected / total; 0 for an empty batch. */
  selectedFrac: number;
}

/** k = ceil(ρN), guarded against float noise (0.1 × 30 = 3.0000000000000004 must give 3). */
export function topCount(rho: number, total: number): number {
  return Math.min(total, Math.ceil(rho * total - 1e-9));
}

export function selectTokens(
  entropies: readonly ArrayLike<number>[],
  mode: MaskMode,
  rho: number,
  rng?: Rng,
): TokenMask {
  if (!(rho > 0 && rho <= 1)) throw new Error(`rho must be in (0, 1], got ${rho}`);
  const mask = entropies.map((e) => new Uint8Array(e.length));
  const flat: { seq: number; pos: number; h: number }[] = [];
  entropies.forEach((e, seq) => {
    for (let pos = 0; pos < e.length; pos++) flat.push({ seq, pos, h: e[pos] as number });
  });
  const total = flat.length;
  const result = (threshold: number, selected: number): TokenMask => ({
    mask,
    threshold,
    selected,
    total,
    selectedFrac: total === 0 ? 0 : selected / total,
  });
  if (total === 0) return result(NaN, 0);

  if (mode === 'all') {
    mask.forEach((m) => m.fill(1));
    return result(NaN, total);
  }

  const k = topCount(rho, total);
  if (mode === 'random') {
    if (!rng) throw new Error('random mask needs an rng');
    const order = rng.shuffle(flat.map((_, i) => i));
    for (let i = 0; i < k; i++) {
      const t = flat[order[i] as number] as (typeof flat)[number];
      (mask[t.seq] as Uint8Array)[t.pos] = 1;
    }
    return result(NaN, k);
  }

  // flat is already in (seq, pos) order, and Array.prototype.sort is stable.
  const ranked = [...flat].sort((a, b) => b.h - a.h);
  const top = ranked.slice(0, k);
  const bottom = ranked.slice(k);
  const chosen = mode === 'top' ? top : bottom;
  for (const t of chosen) (mask[t.seq] as Uint8Array)[t.pos] = 1;
  const threshold = (top[top.length - 1] as (typeof flat)[number]).h;
  return result(threshold, chosen.length);
}
