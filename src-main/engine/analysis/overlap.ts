// RLVR keeps the base model's entropy pattern (paper Table 1, Fig. 4). Given entropies of the SAME
// fixed responses under two checkpoints (teacher-forced), compare which positions are in the top ρ
// and how much entropy moved per base-entropy percentile bin. Pure functions, no I/O.
import type { ChangeBinView } from '../../contract/api-analysis';

export type TopScope = 'pool' | 'response';

/**
 * Top-ρ positions by entropy as one flat 0/1 mask over every position of every response (in
 * order). 'pool': the threshold is the (1−ρ) quantile of all positions together; 'response': each
 * response keeps its own top ⌈ρ·len⌉. Exactly k = ⌈ρ·n⌉ positions are selected (ties broken by
 * position, earlier first) so two masks always have the same size.
 */
export function topRhoMask(
  entropies: readonly ArrayLike<number>[],
  rho: number,
  scope: TopScope = 'pool',
): Uint8Array {
  const sizes = entropies.map((e) => e.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  const mask = new Uint8Array(total);
  const pick = (offset: number, values: ArrayLike<number>, n: number) => {
    const k = Math.min(n, Math.ceil(rho * n - 1e-9));
    if (k <= 0) return;
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
    for (let j = 0; j < k; j++) mask[offset + (order[j] as number)] = 1;
  };
  if (scope === 'pool') {
    const flat = new Float64Array(total);
    let o = 0;
    for (const e of entropies) for (let i = 0; i < e.length; i++) flat[o++] = e[i] as number;
    pick(0, flat, total);
  } else {
    let o = 0;
    for (const e of entropies) {
      pick(o, e, e.length);
      o += e.length;
    }
  }
  return mask;
}

/** |A ∩ B| / |A| for two 0/1 masks of equal length (Table 1's overlap ratio). 1 when A is empty. */
export function overlapRatio(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length)
    throw new RangeError(`masks differ in length: ${a.length} vs ${b.length}`);
  let inA = 0;
  let both = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i]) {
      inA++;
      if (b[i]) both++;
    }
  }
  return inA === 0 ? 1 : both / inA;
}

/** One percentile bin of the base entropy: the contract's shape (contract/api-analysis.ts). */
export type ChangeBin = ChangeBinView;

/**
 * Tokens binned by the percentile rank of their BASE entropy into `bins` equal-count bins (5%
 * bins when 20), with the mean entropy change after training per bin (Fig. 4). Ranks by sort
 * order, ties by position, so every bin gets ⌊n/bins⌋ or ⌈n/bins⌉ tokens.
 */
export function entropyChangeByPercentile(
  base: ArrayLike<number>,
  after: ArrayLike<number>,
  bins = 20,
): ChangeBin[] {
  if (base.length !== after.length)
    throw new RangeError(`arrays differ in length: ${base.length} vs ${after.length}`);
  const n = base.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (base[a] as number) - (base[b] as number) || a - b);
  const out: ChangeBin[] = [];
  for (let b = 0; b < bins; b++) {
    const lo = Math.floor((b * n) / bins);
    const hi = Math.floor(((b + 1) * n) / bins);
    let sBase = 0;
    let sChange = 0;
    let sAbs = 0;
    for (let r = lo; r < hi; r++) {
      const i = order[r] as number;
      const d = (after[i] as number) - (base[i] as number);
      sBase += base[i] as number;
      sChange += d;
      sAbs += Math.abs(d);
    }
    const count = hi - lo;
    out.push({
      fromPct: (100 * b) / bins,
      toPct: (100 * (b + 1)) / bins,
      count,
      baseMean: count ? sBase / count : NaN,
      meanChange: count ? sChange / count : NaN,
      meanAbsChange: count ? sAbs / count : NaN,
    });
  }
  return out;
}

/** Concatenates per-response arrays into one Float64Array (flat position order). */
export function flatten(arrays: readonly ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) out[o++] = a[i] as number;
  return out;
}

export interface OverlapTableRow {
  meanEntropy: number;
  overlapWithBase: number;
  overlapWithFinal: number;
}

/**
 * Table 1 and Fig. 4 from the teacher-forced entropies of the same responses under every model
 * (models[0] = the reference/base, the last = the final checkpoint): per model, the mean entropy
 * and the overlap of its top-ρ positions with the reference's and the final's; and the entropy
 * change final − reference per `bins` percentile bins of the reference's entropy.
 */
export function overlapTable(
  models: readonly (readonly ArrayLike<number>[])[],
  rho: number,
  scope: TopScope = 'pool',
  bins = 20,
): { rows: OverlapTableRow[]; bins: ChangeBin[]; tokens: number } {
  if (models.length === 0) throw new RangeError('no models');
  const masks = models.map((e) => topRhoMask(e, rho, scope));
  const flat = models.map((e) => flatten(e));
  const base = masks[0] as Uint8Array;
  const final = masks[masks.length - 1] as Uint8Array;
  const rows = flat.map((e, i) => {
    let s = 0;
    let n = 0;
    for (const v of e)
      if (!Number.isNaN(v)) {
        s += v;
        n++;
      }
    return {
      meanEntropy: n ? s / n : NaN,
      overlapWithBase: overlapRatio(base, masks[i] as Uint8Array),
      overlapWithFinal: overlapRatio(final, masks[i] as Uint8Array),
    };
  });
  return {
    rows,
    bins: entropyChangeByPercentile(
      flat[0] as Float64Array,
      flat[flat.length - 1] as Float64Array,
      bins,
    ),
    tokens: (flat[0] as Float64Array).length,
  };
}
