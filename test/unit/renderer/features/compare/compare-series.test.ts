// The compare view's table values and chart series (pure parts in lib/compare.ts).
import { describe, expect, it } from 'vitest';
import type { MetricPoint, MetricSummary } from '../../../../../src-main/contract/entities';
import { runColor } from '../../../../../src-renderer/src/charts/palette';
import {
  compareSeries,
  groupColor,
  groupTableStats,
  legendEntries,
  runColors,
  tableKeys,
  tableStats,
} from '../../../../../src-renderer/src/features/compare/compare-series';
import { groupBy } from '../../../../../src-renderer/src/features/compare/group';
import { foldSummaries } from '../../../../../src-renderer/src/lib/live';

const pt = (step: number, value: number): MetricPoint => ({ step, wallTime: step, value });

/** 1,000 steps thinned to every 16th (as metrics.getMany with maxPoints 100 does) + the last. */
function thinned(values: (step: number) => number): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (let s = 16; s <= 1000; s += 16) out.push(pt(s, values(s)));
  out.push(pt(1000, values(1000)));
  return out;
}

describe('tableStats', () => {
  const spike = (s: number) => (s === 333 ? 0.97 : 0.4 + s / 10_000);
  const summary: MetricSummary = {
    key: 'reward/mean',
    lastStep: 1000,
    last: spike(1000),
    min: spike(1),
    max: 0.97,
  };

  it('takes best from the full-resolution summary when thinning dropped the best point', () => {
    const points = thinned(spike);
    expect(points.some((p) => p.value === 0.97)).toBe(false);
    expect(tableStats('reward/mean', summary, points)).toEqual({
      final: 0.5,
      best: 0.97,
      bestStep: null, // its step is not among the loaded points
    });
    // Without a summary it falls back to the loaded points (and misses the spike).
    expect(tableStats('reward/mean', undefined, points).best).toBeCloseTo(0.5, 12);
  });

  it('uses min for loss / entropy keys and names the step when a loaded point holds it', () => {
    const points = [pt(0, 1.2), pt(5, 0.3), pt(9, 0.6)];
    const s: MetricSummary = { key: 'entropy/mean', lastStep: 9, last: 0.6, min: 0.3, max: 1.2 };
    expect(tableStats('entropy/mean', s, points)).toEqual({ final: 0.6, best: 0.3, bestStep: 5 });
  });

  it('falls back to the last finite point when the summary has no number (NaN as null)', () => {
    const s = {
      key: 'accuracy',
      lastStep: 3,
      last: null,
      min: null,
      max: null,
    } as unknown as MetricSummary;
    const points = [pt(1, 0.2), pt(2, 0.4), pt(3, NaN)];
    expect(tableStats('accuracy', s, points)).toEqual({ final: 0.4, best: 0.4, bestStep: 2 });
    expect(tableStats('accuracy', undefined, [])).toEqual({
      final: null,
      best: null,
      bestStep: null,
    });
  });
});

describe('foldSummaries', () => {
  it('folds live points into existing and new keys, skipping NaN', () => {
    const before = { a: { key: 'a', lastStep: 2, last: 0.5, min: 0.1, max: 0.5 } };
    const next = foldSummaries(before, { a: [pt(3, 0.9), pt(4, NaN)], b: [pt(3, 2), pt(4, 1)] });
    expect(next).toEqual({
      a: { key: 'a', lastStep: 3, last: 0.9, min: 0.1, max: 0.9 },
      b: { key: 'b', lastStep: 4, last: 1, min: 1, max: 2 },
    });
    expect(before.a.max).toBe(0.5); // input untouched
  });
});

describe('compare series and legend', () => {
  const runs = [
    { id: 1, name: 'a', config: { mask: { mode: 'top' } } },
    { id: 2, name: 'b', config: { mask: { mode: 'top' } } },
    { id: 3, name: 'c', config: { mask: { mode: 'all' } } },
  ];
  const series = {
    1: { k: [pt(1, 1), pt(2, 3)] },
    2: { k: [pt(1, 3), pt(2, 5)] },
    3: { k: [pt(1, 0)] },
  };

  it('draws a line per run, or a mean per group with a band where n ≥ 2', () => {
    const lines = compareSeries('k', runs, [], series, { smoothing: 0, band: 'std' });
    expect(lines.map((l) => l.label)).toEqual(['#1 a', '#2 b', '#3 c']);
    const groups = groupBy(runs, ['mask.mode']);
    const grouped = compareSeries('k', runs, groups, series, { smoothing: 0, band: 'minmax' });
    // Runs a and b differ in name: their group goes by its keys; run c's group goes by c.
    expect(grouped.map((l) => l.label)).toEqual(['mask.mode=top (n=2)', 'c (mask.mode=all) (n=1)']);
    expect(grouped[0]!.points.map((p) => p.value)).toEqual([2, 4]);
    expect(grouped[0]!.band?.lo.map((p) => p.value)).toEqual([1, 3]);
    expect(grouped[1]!.band).toBeUndefined();
    expect(legendEntries(runs, groups).map((e) => [e.label, e.n])).toEqual([
      ['mask.mode=top', 2],
      ['c (mask.mode=all)', 1],
    ]);
    expect(legendEntries(runs, []).map((e) => e.label)).toEqual(['#1 a', '#2 b', '#3 c']);
  });

  it('shows at most six headline keys in the table', () => {
    expect(
      tableKeys(['loss', 'reward/mean', 'accuracy', 'eval/x/avg@8', 'eval/x/pass@8', 'eval/y/acc']),
    ).toEqual(['reward/mean', 'accuracy', 'eval/x/avg@8', 'eval/y/acc']);
  });
});

describe('grouped table', () => {
  const mk = (id: number, mode: string) => ({ id, name: `r${id}`, config: { mask: { mode } } });
  it('colours every run by its group when grouped, by itself otherwise', () => {
    const runs = [mk(1, 'top'), mk(2, 'all'), mk(3, 'top')];
    const groups = groupBy(runs, ['mask.mode']);
    const grouped = runColors(runs, groups);
    expect(grouped.get(1)).toBe(groupColor(0));
    expect(grouped.get(3)).toBe(groupColor(0));
    expect(grouped.get(2)).toBe(groupColor(1));
    expect(runColors(runs, []).get(2)).toBe(runColor(2));
  });

  it('mean ± sample std of final and best over the group, n counting runs with a value', () => {
    const summary = (last: number, max: number) => ({
      'reward/mean': { key: 'reward/mean', lastStep: 9, last, min: 0, max },
    });
    const summaries = { 1: summary(0.6, 0.7), 2: summary(0.4, 0.5) };
    const g = groupTableStats('reward/mean', [{ id: 1 }, { id: 2 }, { id: 3 }], summaries, {});
    expect(g.final.mean).toBeCloseTo(0.5);
    expect(g.final.std).toBeCloseTo(Math.sqrt(0.02));
    expect(g.final.n).toBe(2);
    expect(g.best.mean).toBeCloseTo(0.6);
    const one = groupTableStats('reward/mean', [{ id: 1 }], summaries, {});
    expect(one.final).toEqual({ mean: 0.6, std: 0, n: 1 });
    expect(groupTableStats('reward/mean', [{ id: 3 }], summaries, {}).final.mean).toBeNull();
  });
});
