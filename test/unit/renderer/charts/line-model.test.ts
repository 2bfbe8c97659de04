// What a chart draws for sparse series: markers, no smoothing by default, distinct tick labels.
import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../../../src-main/contract/entities';
import {
  SPARSE_POINTS,
  chartLines,
  distinctTicks,
  lineDatasets,
} from '../../../../src-renderer/src/charts/line-model';
import type { ChartPalette } from '../../../../src-renderer/src/charts/palette';
import { formatX } from '../../../../src-renderer/src/charts/xaxis';

const palette = { series: ['#123456'] } as unknown as ChartPalette;
const pts = (n: number): MetricPoint[] =>
  Array.from({ length: n }, (_, i) => ({ step: i * 10, wallTime: i, value: i % 2 }));

describe('sparse series', () => {
  it('a single point and a few evals: markers, the logged values unsmoothed', () => {
    const [one, evals] = chartLines(
      [
        { label: 'once', points: pts(1) },
        { label: 'eval', points: pts(5) },
      ],
      'step',
      0.6,
      palette,
    );
    expect(one!.sparse && evals!.sparse).toBe(true);
    expect(evals!.smoothed).toBeNull();
    const ds = lineDatasets([one!, evals!], null, 1000);
    expect(ds.map((d) => d.pointRadius)).toEqual([2.5, 2.5]);
    expect(ds[1]!.data.map((p) => p.y)).toEqual([0, 1, 0, 1, 0]);
  });

  it('dense series stay smoothed and without markers; a series may still opt in', () => {
    const [dense] = chartLines(
      [{ label: 'r', points: pts(SPARSE_POINTS + 1) }],
      'step',
      0.6,
      palette,
    );
    expect(dense!.sparse).toBe(false);
    expect(dense!.smoothed).not.toBeNull();
    expect(lineDatasets([dense!], null, 1000).every((d) => d.pointRadius === undefined)).toBe(true);
    const [forced] = chartLines(
      [{ label: 'e', points: pts(5), smooth: true }],
      'step',
      0.6,
      palette,
    );
    expect(forced!.smoothed).not.toBeNull();
  });
});

describe('distinctTicks', () => {
  it('blanks a tick whose label repeats its neighbour’s ("-1 0 0 1 1" → "-1 0 1")', () => {
    const ticks = [-1, -0.5, 0, 0.5, 1].map((value) => ({ value }));
    const f = distinctTicks((v) => formatX('step', v));
    const labels = ticks.map((t, i) => f(t.value, i, ticks));
    expect(labels.filter(Boolean)).toEqual([...new Set(labels.filter(Boolean))]);
    expect(labels.filter(Boolean).length).toBeGreaterThanOrEqual(3);
  });
});
