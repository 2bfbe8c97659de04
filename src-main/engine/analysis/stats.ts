// Distribution statistics over per-token entropies (paper Fig. 2a, Fig. 5): percentiles, the
// share below a threshold, and a histogram on log-spaced bins. Pure functions, no I/O.

/** Sorted copy (ascending) as a Float64Array; NaN values are dropped. */
export function sortedValues(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) out[n++] = v;
  }
  return out.subarray(0, n).sort();
}

/**
 * The q-th percentile (0..100) of ascending `sorted`, linear interpolation between closest ranks
 * (numpy's default). NaN for an empty input.
 */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (Math.min(100, Math.max(0, q)) / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/** Several percentiles at once: { 50: …, 80: … }. */
export function percentiles(
  values: ArrayLike<number>,
  qs: readonly number[],
): Record<number, number> {
  const sorted = sortedValues(values);
  const out: Record<number, number> = {};
  for (const q of qs) out[q] = percentileSorted(sorted, q);
  return out;
}

/** Fraction of values strictly below `threshold` (paper: 50.64% below 1e-2 nats). 0 when empty. */
export function shareBelow(values: ArrayLike<number>, threshold: number): number {
  if (values.length === 0) return 0;
  let k = 0;
  for (let i = 0; i < values.length; i++) if ((values[i] as number) < threshold) k++;
  return k / values.length;
}

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] as number;
  return s / values.length;
}

export interface Histogram {
  /** Bin edges, length bins + 1, ascending. edges[0] is 0: the first bin holds [0, min). */
  edges: number[];
  counts: number[];
  /** Values above the last edge (counted in the last bin too). */
  total: number;
}

export interface LogHistogramOptions {
  /** Smallest positive edge (default 1e-4 nats). Values below it land in the first bin [0, min). */
  min?: number;
  /** Largest edge (default: max(value), at least min·10). */
  max?: number;
  /** Log-spaced bins between min and max (default 40). */
  bins?: number;
}

/**
 * Histogram on log-spaced bins: [0, min) then `bins` bins from min to max with equal ratios.
 * Entropies are ≥ 0 and mostly tiny (Fig. 2a), so a log x axis shows both ends. Values above
 * max go to the last bin, negative values (float16 rounding) to the first.
 */
export function logHistogram(
  values: ArrayLike<number>,
  options: LogHistogramOptions = {},
): Histogram {
  const min = options.min ?? 1e-4;
  const bins = Math.max(1, Math.floor(options.bins ?? 40));
  let max = options.max ?? 0;
  if (options.max === undefined)
    for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] as number);
  max = Math.max(max, min * 10);
  const edges = [0, min];
  const ratio = Math.log(max / min) / bins;
  for (let b = 1; b <= bins; b++) edges.push(b === bins ? max : min * Math.exp(ratio * b));
  const counts = new Array<number>(bins + 1).fill(0);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    total++;
    let b: number;
    if (v < min) b = 0;
    else if (v >= max) b = bins;
    else b = Math.min(bins, 1 + Math.floor(Math.log(v / min) / ratio));
    counts[b]!++;
  }
  return { edges, counts, total };
}
