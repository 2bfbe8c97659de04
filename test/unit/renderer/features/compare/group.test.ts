import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../../../../src-main/contract/entities';
import {
  aggregateSeries,
  differingKeys,
  groupBy,
  groupLabel,
} from '../../../../../src-renderer/src/features/compare/group';

const pts = (values: [number, number][]): MetricPoint[] =>
  values.map(([step, value]) => ({ step, value, wallTime: 1000 + step }));

describe('aggregateSeries', () => {
  it('gives mean, sample std, min, max and n at exact steps', () => {
    const agg = aggregateSeries([
      pts([
        [1, 1],
        [2, 2],
      ]),
      pts([
        [1, 2],
        [2, 4],
      ]),
      pts([
        [1, 3],
        [2, 6],
        [3, 10],
      ]),
    ]);
    expect(agg.map((a) => a.step)).toEqual([1, 2, 3]);
    expect(agg[0]).toMatchObject({ mean: 2, min: 1, max: 3, n: 3 });
    expect(agg[0]?.std).toBeCloseTo(1, 12);
    expect(agg[1]?.mean).toBe(4);
    expect(agg[1]?.std).toBeCloseTo(2, 12);
    // Only one run reached step 3: no interpolation, n = 1, std 0.
    expect(agg[2]).toMatchObject({ mean: 10, std: 0, n: 1, min: 10, max: 10 });
  });

  it('skips non-finite values and does not align nearby steps', () => {
    const agg = aggregateSeries([
      pts([
        [1, NaN],
        [2, 5],
      ]),
      pts([
        [1, 4],
        [3, 7],
      ]),
    ]);
    expect(agg).toHaveLength(3);
    expect(agg.map((a) => [a.step, a.n])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
  });
});

describe('groupBy', () => {
  const runs = [
    { id: 1, config: { mask: { mode: 'top', rho: 0.2 }, seed: 0 } },
    { id: 2, config: { mask: { mode: 'top', rho: 0.2 }, seed: 1 } },
    { id: 3, config: { mask: { mode: 'all', rho: 0.2 }, seed: 0 } },
  ];

  it('groups by several keys, over seeds', () => {
    const groups = groupBy(runs, ['mask.mode', 'mask.rho']);
    expect(groups.map((g) => g.members.map((r) => r.id))).toEqual([[1, 2], [3]]);
    expect(groups[0]?.label).toBe('mask.mode=top · mask.rho=0.2');
  });

  it('labels a group by the sweep arm its runs share, then by its keys', () => {
    const named = [
      { name: 'Clip-Cov · seed 0', config: { tokenRule: { kind: 'clip-cov' }, seed: 0 } },
      { name: 'Clip-Cov · seed 1', config: { tokenRule: { kind: 'clip-cov' }, seed: 1 } },
      { name: 'all tokens · seed 0', config: { tokenRule: { kind: 'none' }, seed: 0 } },
      { name: 'renamed by hand', config: { tokenRule: { kind: 'none' }, seed: 1 } },
    ];
    expect(groupBy(named, ['tokenRule.kind']).map((g) => g.label)).toEqual([
      'Clip-Cov (tokenRule.kind=clip-cov)',
      'tokenRule.kind=none',
    ]);
  });

  it('no keys means one group', () => {
    expect(groupBy(runs, [])).toHaveLength(1);
    expect(groupLabel({}, [])).toBe('all runs');
  });

  it('finds the differing config keys', () => {
    expect(differingKeys(runs.map((r) => r.config))).toEqual(['mask.mode', 'seed']);
  });
});
