// Golden tests for the distribution statistics (Fig. 2a, Fig. 5) on hand-made inputs.
import { describe, expect, it } from 'vitest';
import {
  logHistogram,
  mean,
  percentileSorted,
  percentiles,
  shareBelow,
  sortedValues,
} from '../../../../src-main/engine/analysis';

describe('percentiles', () => {
  it('interpolates linearly between closest ranks (numpy default)', () => {
    const v = [4, 1, 3, 2, 5]; // sorted 1..5
    expect(percentiles(v, [0, 25, 50, 80, 100])).toEqual({ 0: 1, 25: 2, 50: 3, 80: 4.2, 100: 5 });
    // numpy.percentile([0, 10], 95) == 9.5
    expect(percentileSorted([0, 10], 95)).toBeCloseTo(9.5, 12);
  });

  it('is NaN for no values and ignores NaN', () => {
    expect(percentileSorted([], 50)).toBeNaN();
    expect(Array.from(sortedValues([3, NaN, 1]))).toEqual([1, 3]);
    expect(percentiles([7], [50, 99])).toEqual({ 50: 7, 99: 7 });
  });

  it('reproduces the paper-style skew: p80 of a mostly-near-zero pool', () => {
    // 8 near-deterministic tokens and 2 forks: the 80th percentile falls between them.
    const v = [0.001, 0.002, 0.001, 0.003, 0.0, 0.004, 0.001, 0.002, 0.9, 1.5];
    expect(percentiles(v, [80])[80]).toBeCloseTo(0.004 + (0.9 - 0.004) * 0.2, 12);
    expect(shareBelow(v, 0.01)).toBe(0.8);
  });
});

describe('shareBelow / mean', () => {
  it('counts strictly below the threshold', () => {
    expect(shareBelow([0.01, 0.009, 0.5, 0], 0.01)).toBe(0.5);
    expect(shareBelow([], 0.01)).toBe(0);
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(mean([])).toBeNaN();
  });
});

describe('logHistogram', () => {
  it('puts [0, min) in the first bin and log-spaces the rest', () => {
    const h = logHistogram([0, 0.00005, 0.0001, 0.001, 0.005, 0.01, 0.5, 1, 99], {
      min: 1e-4,
      max: 1,
      bins: 4,
    });
    expect(h.edges.map((e) => Number(e.toPrecision(6)))).toEqual([0, 1e-4, 1e-3, 1e-2, 1e-1, 1]);
    // [0,1e-4): 0, 5e-5 | [1e-4,1e-3): 1e-4 | [1e-3,1e-2): 1e-3, 5e-3 | [1e-2,1e-1): 1e-2 |
    // [1e-1, 1]+overflow: 0.5, 1, 99
    expect(h.counts).toEqual([2, 1, 2, 1, 3]);
    expect(h.total).toBe(9);
  });

  it('defaults max to the data maximum and sends negatives to the first bin', () => {
    const h = logHistogram([-0.0001, 2, 0.02], { min: 0.01, bins: 2 });
    expect(h.edges[h.edges.length - 1]).toBe(2);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(h.counts[0]).toBe(1);
    expect(h.counts[2]).toBe(1); // 2 is the max: last bin
  });
});
