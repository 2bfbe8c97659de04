import { expect, test } from 'vitest';
import {
  decadeTicks,
  logScale,
} from '../../../../../../src-renderer/src/features/lens/components/log-axis';

test('a log scale puts hi at the top, lo at the bottom and each decade evenly between', () => {
  const y = logScale(1e-3, 10, 14, 200);
  expect(y(10)).toBe(14);
  expect(y(1e-3)).toBe(214);
  expect(y(1)).toBeCloseTo(14 + 50, 9);
  expect(y(0.01)).toBeCloseTo(14 + 150, 9);
  // Zero and values under lo sit on the axis instead of running off the chart.
  expect(y(0)).toBe(214);
  expect(y(1e-9)).toBe(214);
});

test('ticks fall on every power of ten from lo to hi', () => {
  const decades = (ticks: number[]) => ticks.map((t) => Math.round(Math.log10(t)));
  expect(decades(decadeTicks(1e-3, 10))).toEqual([-3, -2, -1, 0, 1]);
  expect(decades(decadeTicks(1e-4, 1e-4))).toEqual([-4]);
  expect(decadeTicks(0.1, 1)).toEqual([0.1, 1]);
});
