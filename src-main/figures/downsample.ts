// Min/max bucket downsampling of [x, y] pairs (the charts' rule, see
// src-renderer/src/charts/downsample.ts): each bucket keeps its lowest and highest point in x
// order; the first and last points are always kept, nothing is random.

export function downsamplePairs(points: readonly [number, number][], maxPoints: number) {
  const n = points.length;
  const budget = Math.max(4, Math.floor(maxPoints));
  if (n <= budget) return points.map((p): [number, number] => [p[0], p[1]]);
  const out: [number, number][] = [points[0] as [number, number]];
  const inner = n - 2;
  const buckets = Math.max(1, Math.floor((budget - 2) / 2));
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (end <= start) continue;
    let minI = -1;
    let maxI = -1;
    for (let i = start; i < end; i++) {
      const y = (points[i] as [number, number])[1];
      if (!Number.isFinite(y)) continue;
      if (minI < 0 || y < (points[minI] as [number, number])[1]) minI = i;
      if (maxI < 0 || y > (points[maxI] as [number, number])[1]) maxI = i;
    }
    if (minI < 0) out.push(points[start] as [number, number]);
    else if (minI === maxI) out.push(points[minI] as [number, number]);
    else
      out.push(
        points[Math.min(minI, maxI)] as [number, number],
        points[Math.max(minI, maxI)] as [number, number],
      );
  }
  out.push(points[n - 1] as [number, number]);
  return out.map((p): [number, number] => [p[0], p[1]]);
}
