import { describe, expect, it } from 'vitest';
import { minMaxDownsample } from '../../../../src-renderer/src/charts/downsample';
import type { XY } from '../../../../src-renderer/src/charts/downsample';
import { prepareSeries } from '../../../../src-renderer/src/charts/series';

const line = (ys: number[]): XY[] => ys.map((y, x) => ({ x, y }));

describe('minMaxDownsample', () => {
  it('returns short series unchanged (as a copy)', () => {
    const pts = line([1, 2, 3]);
    const out = minMaxDownsample(pts, 10);
    expect(out).toEqual(pts);
    expect(out).not.toBe(pts);
  });

  it('keeps first, last, and each bucket’s min and max in x order', () => {
    // 10 points, budget 6 → first + last + 2 buckets over the 8 inner points (1..4, 5..8).
    const pts = line([5, 9, 1, 4, 3, 2, 8, 0, 6, 7]);
    const out = minMaxDownsample(pts, 6);
    // bucket x=1..4 (9,1,4,3): max at x=1, min at x=2; bucket x=5..8 (2,8,0,6): max x=6, min x=7
    expect(out.map((p) => p.x)).toEqual([0, 1, 2, 6, 7, 9]);
    expect(out.map((p) => p.y)).toEqual([5, 9, 1, 8, 0, 7]);
  });

  it('never drops a spike', () => {
    const ys = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 100));
    ys[4321] = 50;
    ys[7777] = -50;
    const out = minMaxDownsample(line(ys), 500);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out.some((p) => p.x === 4321 && p.y === 50)).toBe(true);
    expect(out.some((p) => p.x === 7777 && p.y === -50)).toBe(true);
    expect(out[0]?.x).toBe(0);
    expect(out[out.length - 1]?.x).toBe(9999);
    for (let i = 1; i < out.length; i++) expect(out[i]!.x).toBeGreaterThan(out[i - 1]!.x);
  });

  it('emits a flat bucket once and ignores non-finite values', () => {
    const pts = line([0, 1, 1, 1, 1, Number.NaN, Number.NaN, 2, 9]);
    const out = minMaxDownsample(pts, 4);
    // One bucket over x=1..7: min 1 at x=1, max 2 at x=7.
    expect(out.map((p) => p.x)).toEqual([0, 1, 7, 8]);
    const flat = minMaxDownsample(line([0, 3, 3, 3, 3, 3, 3, 0]), 4);
    expect(flat.map((p) => p.x)).toEqual([0, 1, 7]);
  });

  it('keeps a bucket of only NaN visible as a gap', () => {
    const out = minMaxDownsample(line([0, Number.NaN, Number.NaN, Number.NaN, 1]), 4);
    expect(out.map((p) => p.x)).toEqual([0, 1, 4]);
    expect(Number.isNaN(out[1]!.y)).toBe(true);
  });
});

describe('prepareSeries', () => {
  it('smooths at full resolution, then downsamples', () => {
    const points = Array.from({ length: 3000 }, (_, i) => ({
      step: i,
      wallTime: i,
      value: i % 2,
    }));
    const s = prepareSeries(points, 0.6, 300);
    expect(s.raw.length).toBeLessThanOrEqual(300);
    expect(s.smoothed.length).toBeLessThanOrEqual(300);
    expect(s.last?.step).toBe(2999);
    // Smoothed values of a 0/1 alternation stay strictly inside (0, 1) after the first points.
    expect(s.smoothed.slice(2).every((p) => p.y > 0.2 && p.y < 0.8)).toBe(true);
    expect(s.raw.some((p) => p.y === 1) && s.raw.some((p) => p.y === 0)).toBe(true);
  });
});
