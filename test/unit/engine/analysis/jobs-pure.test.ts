// Golden tests for the pure pieces of the analysis jobs: Table 1 / Fig. 4 from per-model
// entropies (overlapTable) and the Fig. 3 sweep plan (temperatureSweep).
import { describe, expect, it } from 'vitest';
import {
  overlapTable,
  temperatureSweep,
  TEMPERATURE_GRID,
} from '../../../../src-main/engine/analysis';

describe('overlapTable', () => {
  // 10 positions over two responses; ρ = 0.2 keeps 2 positions per model (pool).
  const base = [
    [0.9, 0.1, 0.8, 0.0, 0.2],
    [0.3, 0.05, 0.01, 0.4, 0.02],
  ];
  // Middle: keeps base's top (0.9) but swaps 0.8 for a new high at position 4 of response 1.
  const middle = [
    [0.9, 0.1, 0.3, 0.0, 0.85],
    [0.3, 0.05, 0.01, 0.4, 0.02],
  ];
  // Final: top-2 are two positions base did not pick.
  const final = [
    [0.1, 0.1, 0.3, 0.0, 0.85],
    [0.3, 0.95, 0.01, 0.4, 0.02],
  ];

  it('gives the Table-1 overlaps with the reference and the final model', () => {
    const t = overlapTable([base, middle, final], 0.2);
    expect(t.tokens).toBe(10);
    expect(t.rows.map((r) => [r.overlapWithBase, r.overlapWithFinal])).toEqual([
      [1, 0],
      [0.5, 0.5],
      [0, 1],
    ]);
    expect(t.rows[0]!.meanEntropy).toBeCloseTo(2.78 / 10, 12);
  });

  it('bins the change final − reference by the reference entropy percentile', () => {
    const t = overlapTable([base, middle, final], 0.2, 'pool', 5);
    expect(t.bins.map((b) => b.count)).toEqual([2, 2, 2, 2, 2]);
    // Top bin (base 0.8, 0.9): 0.3 − 0.8 and 0.1 − 0.9.
    const top = t.bins[4]!;
    expect(top.baseMean).toBeCloseTo(0.85, 12);
    expect(top.meanChange).toBeCloseTo((-0.5 - 0.8) / 2, 12);
    expect(top.meanAbsChange).toBeCloseTo(0.65, 12);
  });

  it('one model is its own reference and final', () => {
    const t = overlapTable([base], 0.3, 'response');
    expect(t.rows).toEqual([
      { meanEntropy: expect.closeTo(0.278, 12), overlapWithBase: 1, overlapWithFinal: 1 },
    ]);
    expect(t.bins.every((b) => b.meanChange === 0 || Number.isNaN(b.meanChange))).toBe(true);
  });

  it('ignores NaN positions in the mean entropy', () => {
    const t = overlapTable([[Float32Array.from([1, NaN, 3])]], 0.2);
    expect(t.rows[0]!.meanEntropy).toBe(2);
  });
});

describe('temperatureSweep', () => {
  it('plans each (T_high, T_low) once, the shared (1, 1) point included once', () => {
    expect(temperatureSweep([0, 1, 3])).toEqual([
      { tHigh: 0, tLow: 1 },
      { tHigh: 1, tLow: 1 },
      { tHigh: 3, tLow: 1 },
      { tHigh: 1, tLow: 0 },
      { tHigh: 1, tLow: 3 },
    ]);
  });

  it('the paper grid needs 15 decodings', () => {
    expect(TEMPERATURE_GRID).toEqual([0, 0.05, 0.3, 0.6, 1, 2, 3, 5]);
    expect(temperatureSweep(TEMPERATURE_GRID)).toHaveLength(15);
  });

  it('a grid without 1 still pairs every value with 1', () => {
    expect(temperatureSweep([2, 2])).toEqual([
      { tHigh: 2, tLow: 1 },
      { tHigh: 1, tLow: 2 },
    ]);
  });
});
