import { describe, expect, it } from 'vitest';
import { clampWeight, debiasedEma } from '../../../../src-renderer/src/charts/smoothing';

describe('debiasedEma (TensorBoard)', () => {
  it('matches hand-computed values for weight 0.5', () => {
    // last: 0.5, 1.25, 2.125; debias: 0.5, 0.75, 0.875
    const out = debiasedEma([1, 2, 3], 0.5);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeCloseTo(1.25 / 0.75, 12);
    expect(out[2]).toBeCloseTo(2.125 / 0.875, 12);
  });

  it('matches TensorBoard at the default weight 0.6', () => {
    // last = 0.4·10 = 4 → 4/0.4 = 10; last = 2.4 + 0 = 2.4 → 2.4/0.64 = 3.75;
    // last = 1.44 + 4 = 5.44 → 5.44/0.784 = 6.9387755…
    const out = debiasedEma([10, 0, 10], 0.6);
    expect(out).toHaveLength(3);
    expect(out[0]).toBeCloseTo(10, 12);
    expect(out[1]).toBeCloseTo(3.75, 12);
    expect(out[2]).toBeCloseTo(6.938775510204, 10);
  });

  it('the first point is always the raw value (debiasing)', () => {
    expect(debiasedEma([0.37, 1, 1], 0.99)[0]).toBeCloseTo(0.37, 12);
  });

  it('weight 0 returns the series unchanged', () => {
    expect(debiasedEma([3, 1, 2], 0)).toEqual([3, 1, 2]);
  });

  it('leaves a constant series alone', () => {
    expect(debiasedEma([0.25, 0.25, 0.25], 0.9)).toEqual([0.25, 0.25, 0.25]);
  });

  it('passes NaN and Infinity through without advancing the average', () => {
    const out = debiasedEma([1, Number.NaN, 3, Infinity], 0.5);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(Number.isNaN(out[1])).toBe(true);
    // Second finite point: last = 0.25 + 1.5 = 1.75, debias 0.75.
    expect(out[2]).toBeCloseTo(1.75 / 0.75, 12);
    expect(out[3]).toBe(Infinity);
  });

  it('returns a new array and handles empty input', () => {
    const input = [1, 2];
    expect(debiasedEma(input, 0)).not.toBe(input);
    expect(debiasedEma([], 0.6)).toEqual([]);
  });

  it('clamps the weight to [0, 0.999]', () => {
    expect(clampWeight(-1)).toBe(0);
    expect(clampWeight(Number.NaN)).toBe(0);
    expect(clampWeight(1)).toBe(0.999);
    expect(clampWeight(0.6)).toBe(0.6);
  });
});
