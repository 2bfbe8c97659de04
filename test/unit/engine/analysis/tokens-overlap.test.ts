// Golden tests for the forking-token table (Fig. 2b/c) and the entropy-pattern overlap
// (Table 1, Fig. 4) on hand-made inputs.
import { describe, expect, it } from 'vitest';
import {
  entropyChangeByPercentile,
  flatten,
  overlapRatio,
  tokenEntropyTable,
  tokenStats,
  topRhoMask,
} from '../../../../src-main/engine/analysis';

describe('tokenEntropyTable', () => {
  const seqs = [
    { tokens: [10, 11, 12, 10], entropies: [1.0, 0.0, 0.5, 2.0] },
    { tokens: [10, 12, 13, 11], entropies: [1.5, 0.25, 3.0, 0.1] },
  ];

  it('averages entropy per token id', () => {
    expect(tokenStats(seqs)).toEqual([
      { token: 10, count: 3, meanEntropy: 1.5 },
      { token: 11, count: 2, meanEntropy: 0.05 },
      { token: 12, count: 2, meanEntropy: 0.375 },
      { token: 13, count: 1, meanEntropy: 3.0 },
    ]);
  });

  it('ranks tokens seen MORE than minCount times', () => {
    const t = tokenEntropyTable(seqs, { minCount: 1, topN: 2 });
    expect(t.highest.map((r) => r.token)).toEqual([10, 12]); // 13 is seen once: excluded
    expect(t.lowest.map((r) => r.token)).toEqual([11, 12]);
    expect(t.distinct).toBe(4);
    expect(t.eligible).toBe(3);
    expect(tokenEntropyTable(seqs, { minCount: 0, topN: 1 }).highest[0]?.token).toBe(13);
  });

  it('breaks ties by count then id', () => {
    const t = tokenEntropyTable([{ tokens: [5, 4, 4, 6], entropies: [1, 1, 1, 1] }], {
      minCount: 0,
    });
    expect(t.highest.map((r) => r.token)).toEqual([4, 5, 6]);
  });
});

describe('topRhoMask / overlapRatio (Table 1)', () => {
  const a = [
    [0.1, 2.0, 0.0, 0.5],
    [1.0, 0.2, 3.0, 0.3, 0.05],
  ];

  it('selects ceil(rho·n) positions over the pool', () => {
    // 9 positions, rho 0.2 → 2: the 3.0 (pos 6) and 2.0 (pos 1).
    expect(Array.from(topRhoMask(a, 0.2, 'pool'))).toEqual([0, 1, 0, 0, 0, 0, 1, 0, 0]);
    // rho 0.5 → 5 positions: 3.0, 2.0, 1.0, 0.5, 0.3
    expect(Array.from(topRhoMask(a, 0.5, 'pool'))).toEqual([0, 1, 0, 1, 1, 0, 1, 1, 0]);
  });

  it('selects per response when asked', () => {
    // ceil(0.2·4) = 1 and ceil(0.2·5) = 1
    expect(Array.from(topRhoMask(a, 0.2, 'response'))).toEqual([0, 1, 0, 0, 0, 0, 1, 0, 0]);
    // ceil(0.5·4) = 2 (2.0, 0.5) and ceil(0.5·5) = 3 (3.0, 1.0, 0.3)
    expect(Array.from(topRhoMask(a, 0.5, 'response'))).toEqual([0, 1, 0, 1, 1, 0, 1, 1, 0]);
  });

  it('breaks ties by position', () => {
    expect(Array.from(topRhoMask([[1, 1, 1, 1]], 0.5))).toEqual([1, 1, 0, 0]);
  });

  it('measures |A ∩ B| / |A|', () => {
    const base = topRhoMask(a, 0.5);
    const after = topRhoMask(
      [
        [0.1, 2.0, 0.9, 0.5],
        [1.0, 0.2, 3.0, 0.0, 0.05],
      ],
      0.5,
    );
    // base {1,3,4,6,7}; after: 3.0,2.0,1.0,0.9,0.5 → {6,1,4,2,3}; shared {1,3,4,6} = 4/5
    expect(overlapRatio(base, after)).toBeCloseTo(0.8, 12);
    expect(overlapRatio(base, base)).toBe(1);
    expect(overlapRatio([0, 0], [1, 1])).toBe(1);
    expect(() => overlapRatio([1], [1, 0])).toThrow(RangeError);
  });
});

describe('entropyChangeByPercentile (Fig. 4)', () => {
  it('bins by base-entropy rank and averages the change', () => {
    const base = flatten([
      [0.4, 0.1],
      [0.3, 0.2],
    ]); // ranks: 0.1, 0.2, 0.3, 0.4
    const after = flatten([
      [0.8, 0.1],
      [0.35, 0.19],
    ]);
    const bins = entropyChangeByPercentile(base, after, 2);
    expect(bins).toHaveLength(2);
    expect(bins[0]).toMatchObject({ fromPct: 0, toPct: 50, count: 2 });
    expect(bins[0]!.baseMean).toBeCloseTo(0.15, 12);
    expect(bins[0]!.meanChange).toBeCloseTo(-0.005, 12); // (0 + -0.01) / 2
    expect(bins[0]!.meanAbsChange).toBeCloseTo(0.005, 12);
    expect(bins[1]).toMatchObject({ fromPct: 50, toPct: 100, count: 2 });
    expect(bins[1]!.meanChange).toBeCloseTo(0.225, 12); // (0.05 + 0.4) / 2
  });

  it('splits uneven counts and leaves empty bins NaN', () => {
    const bins = entropyChangeByPercentile([1, 2, 3], [1, 2, 3], 4);
    expect(bins.map((b) => b.count)).toEqual([0, 1, 1, 1]);
    expect(bins[0]!.meanChange).toBeNaN();
    expect(() => entropyChangeByPercentile([1], [1, 2])).toThrow(RangeError);
  });
});
