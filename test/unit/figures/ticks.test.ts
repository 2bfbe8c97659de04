import { describe, expect, it } from 'vitest';
import { formatTick, logTicks, niceTicks } from '../../../src-main/figures';

describe('nice ticks', () => {
  it('covers the range with steps of 1, 2 or 5 × 10ⁿ', () => {
    const t = niceTicks(0, 119, 7);
    expect(t.step).toBe(20);
    expect(t.values).toEqual([0, 20, 40, 60, 80, 100, 120]);
    const r = niceTicks(0.08, 0.62, 5);
    expect(r.step).toBe(0.1);
    expect(r.values).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    for (const [lo, hi, n] of [
      [-3.7, 12.2, 6],
      [1e-4, 3e-4, 4],
      [1234, 98765, 8],
      [-1, -0.5, 5],
    ] as const) {
      const x = niceTicks(lo, hi, n);
      expect(x.min).toBeLessThanOrEqual(lo);
      expect(x.max).toBeGreaterThanOrEqual(hi);
      const mantissa = x.step / Math.pow(10, Math.floor(Math.log10(x.step)));
      expect([1, 2, 5, 10]).toContain(Math.round(mantissa * 1e6) / 1e6);
      expect(x.values.length).toBeGreaterThanOrEqual(2);
      expect(x.values.length).toBeLessThanOrEqual(n * 2 + 1);
    }
  });

  it('has no floating-point noise and handles flat or reversed ranges', () => {
    expect(niceTicks(0, 0.7, 8).values).toContain(0.3);
    expect(niceTicks(0, 0.7, 8).values.every((v) => String(v).length <= 4)).toBe(true);
    const flat = niceTicks(5, 5);
    expect(flat.min).toBeLessThan(5);
    expect(flat.max).toBeGreaterThan(5);
    expect(niceTicks(10, 0).values[0]).toBe(0);
    expect(niceTicks(NaN, 1).values.length).toBeGreaterThan(1);
  });

  it('log ticks sit on powers of ten (and 2, 5 within one or two decades)', () => {
    expect(logTicks(0.001, 1000, 8).values).toEqual([0.001, 0.01, 0.1, 1, 10, 100, 1000]);
    expect(logTicks(0.15, 3).values).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10]);
    expect(logTicks(1, 1e12, 5).values.length).toBeLessThanOrEqual(7);
  });

  it('labels show the digits the step needs', () => {
    expect(formatTick(0.2, 0.2)).toBe('0.2');
    expect(formatTick(0.25, 0.05)).toBe('0.25');
    expect(formatTick(40, 20)).toBe('40');
    expect(formatTick(20000, 5000)).toBe('20k');
    expect(formatTick(1500000, 500000)).toBe('1.5M');
    expect(formatTick(0, 0.1)).toBe('0');
    expect(formatTick(1e-5, 0)).toBe('1e-5');
    expect(formatTick(0.01, 0)).toBe('0.01');
  });
});
