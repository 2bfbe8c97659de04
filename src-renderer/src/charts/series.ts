// Turns stored metric points into what a chart draws: the raw line (faint) and the smoothed line,
// each smoothed at full resolution first and only then downsampled (TensorBoard #1518).
import type { MetricPoint } from '@contract';
import { minMaxDownsample } from './downsample';
import type { XY } from './downsample';
import { debiasedEma } from './smoothing';

export interface PreparedSeries {
  raw: XY[];
  smoothed: XY[];
  last: MetricPoint | undefined;
}

/** Points per drawn line: within the 300–1500 budget the anchors use (TensorBoard keeps 1000). */
export const DEFAULT_MAX_POINTS = 1000;

export function prepareSeries(
  points: readonly MetricPoint[],
  smoothing: number,
  maxPoints = DEFAULT_MAX_POINTS,
): PreparedSeries {
  const ys = points.map((p) => p.value);
  const smoothedYs = debiasedEma(ys, smoothing);
  const raw: XY[] = points.map((p) => ({ x: p.step, y: p.value }));
  const smoothed: XY[] = points.map((p, i) => ({ x: p.step, y: smoothedYs[i] as number }));
  return {
    raw: minMaxDownsample(raw, maxPoints),
    smoothed: minMaxDownsample(smoothed, maxPoints),
    last: points[points.length - 1],
  };
}
