// Min/max bucket downsampling (W&B "full fidelity", trackio): the series is cut into buckets of
// consecutive points and each bucket keeps its lowest and highest point, in x order. Spikes
// survive, nothing is random, and the first and last points are always kept.

export interface XY {
  x: number;
  y: number;
}

/**
 * Reduce `points` (sorted by x) to at most `maxPoints` points (at least 4 are always allowed).
 * Non-finite y values are ignored when choosing a bucket's extremes; a bucket with none keeps its
 * first point so gaps stay visible.
 */
export function minMaxDownsample(points: readonly XY[], maxPoints: number): XY[] {
  const n = points.length;
  const budget = Math.max(4, Math.floor(maxPoints));
  if (n <= budget) return points.slice();
  const first = points[0] as XY;
  const last = points[n - 1] as XY;
  // Inner points (all but the first and the last) go into buckets of two output points each.
  const inner = n - 2;
  const buckets = Math.max(1, Math.floor((budget - 2) / 2));
  const out: XY[] = [first];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets); // exclusive
    if (end <= start) continue;
    let minI = -1;
    let maxI = -1;
    for (let i = start; i < end; i++) {
      const y = (points[i] as XY).y;
      if (!Number.isFinite(y)) continue;
      if (minI < 0 || y < (points[minI] as XY).y) minI = i;
      if (maxI < 0 || y > (points[maxI] as XY).y) maxI = i;
    }
    if (minI < 0) {
      out.push(points[start] as XY);
    } else if (minI === maxI) {
      out.push(points[minI] as XY);
    } else {
      const a = Math.min(minI, maxI);
      const c = Math.max(minI, maxI);
      out.push(points[a] as XY, points[c] as XY);
    }
  }
  out.push(last);
  return out;
}
