// The hover card's rows: the x snapped to a logged point, one row per line that was logged there
// (its smoothed value, the raw one beside it), ranked highest first, capped with "+N more".
import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../../../src-main/contract/entities';
import {
  capRows,
  cardModel,
  hoverRows,
  nearestIndex,
  nearestPoint,
  sortRows,
} from '../../../../src-renderer/src/charts/hover-model';
import type { HoverRow } from '../../../../src-renderer/src/charts/hover-model';
import { chartLines } from '../../../../src-renderer/src/charts/line-model';
import type { ChartPalette } from '../../../../src-renderer/src/charts/palette';

const palette = { series: ['#111111', '#222222', '#333333'] } as unknown as ChartPalette;
const line = (steps: number[], value: (s: number) => number): MetricPoint[] =>
  steps.map((step) => ({ step, wallTime: step, value: value(step) }));
const range = (a: number, b: number, by = 1) =>
  Array.from({ length: Math.floor((b - a) / by) + 1 }, (_, i) => a + i * by);
const row = (label: string, value: number): HoverRow => ({
  label,
  color: '#000',
  value,
  raw: null,
  at: { x: 1, y: value, s: 1 },
});

describe('nearestIndex / nearestPoint', () => {
  it('finds the nearest x, the earlier one on a tie, -1 for no points', () => {
    const pts = [{ x: 0 }, { x: 10 }, { x: 20 }];
    expect([-5, 4, 5, 6, 19, 99].map((x) => nearestIndex(pts, x))).toEqual([0, 0, 0, 1, 2, 2]);
    expect(nearestIndex([], 3)).toBe(-1);
  });
  it('snaps to the logged point nearest x over all lines', () => {
    const lines = chartLines(
      [
        { label: 'a', points: line([0, 10, 20], () => 1) },
        { label: 'b', points: line([13], () => 2) },
      ],
      'step',
      0,
      palette,
    );
    expect(nearestPoint(lines, 12)?.s).toBe(13);
    expect(nearestPoint(lines, 7)?.s).toBe(10);
    expect(nearestPoint([], 7)).toBeNull();
  });
});

describe('hoverRows', () => {
  const lines = chartLines(
    [
      { label: 'long', points: line(range(0, 100), (s) => s / 100) },
      { label: 'short', points: line(range(0, 40), () => 5) },
      { label: 'eval', points: line([50], () => 7) },
    ],
    'step',
    0.6,
    palette,
  );

  it('gives each line logged at x its smoothed value with the raw one', () => {
    const rows = hoverRows(lines, 30, 0.5);
    expect(rows.map((r) => r.label)).toEqual(['long', 'short']);
    const long = rows[0]!;
    expect(long.raw).toBeCloseTo(0.3, 12);
    // The debiased EMA of a rising line lags it: below the raw value, above zero.
    expect(long.value).toBeLessThan(0.3);
    expect(long.value).toBeGreaterThan(0.2);
    expect(long.at).toEqual({ x: 30, y: long.value, s: 30 });
  });

  it('leaves out a line that ended before x; a single point counts within the slack', () => {
    expect(hoverRows(lines, 60, 0.5).map((r) => r.label)).toEqual(['long']);
    expect(hoverRows(lines, 50.4, 0.5).map((r) => r.label)).toEqual(['long', 'eval']);
    const evalRow = hoverRows(lines, 50, 0.5).find((r) => r.label === 'eval')!;
    expect(evalRow).toMatchObject({ value: 7, raw: null }); // sparse: not smoothed
  });
});

describe('sortRows / capRows', () => {
  it('ranks highest first, NaN last, ties in line order', () => {
    const rows = [row('a', 1), row('b', NaN), row('c', 3), row('d', 1), row('e', -2)];
    expect(sortRows(rows).map((r) => r.label)).toEqual(['c', 'a', 'd', 'e', 'b']);
  });
  it('shows at most 12 rows and counts the rest', () => {
    const rows = range(1, 20).map((i) => row(`r${i}`, i));
    const { shown, more } = capRows(sortRows(rows));
    expect(shown.map((r) => r.value)).toEqual(range(9, 20).reverse());
    expect(more).toBe(8);
    expect(capRows(rows.slice(0, 3)).more).toBe(0);
  });
});

describe('cardModel', () => {
  it('anchors on the cursor, crosshair and markers in window pixels; titles by step', () => {
    const rows = [row('a', 2), row('b', 1)];
    const m = cardModel({
      column: {
        rows,
        px: {
          x: 100,
          points: [
            { x: 100, y: 40, color: '#000' },
            { x: 103, y: 90, color: '#000' },
          ],
        },
        top: 0,
        bottom: 150,
      },
      cursor: { x: 310, y: 260 },
      origin: { left: 200, top: 180 },
      hoveredX: 1,
      xAxis: 'step',
      series: [{ label: 'b', points: [], note: (s) => `n=${s + 2}` }],
    });
    expect(m.title).toBe('step 1');
    expect(m.rows.map((r) => [r.label, r.note])).toEqual([
      ['a', ''],
      ['b', 'n=3'],
    ]);
    expect(m.anchor).toEqual({
      column: { left: 300, right: 310 },
      points: { top: 220, bottom: 270 },
      cursorY: 260,
    });
  });
});
