import { describe, expect, it } from 'vitest';
import { selectTokens, topCount } from '../../../src-main/engine/rl/mask';
import { createRng } from '../../../src-main/engine/rng';

const rows = (m: Uint8Array[]) => m.map((r) => Array.from(r));

describe('entropy masks', () => {
  // 4 response tokens over 3 sequences (the last has an empty response).
  const H = [[0.5, 0.1, 0.9], [0.3], []];

  it('top ρ keeps exactly ceil(ρN) highest and reports τ', () => {
    const m = selectTokens(H, 'top', 0.5);
    expect(rows(m.mask)).toEqual([[1, 0, 1], [0], []]);
    expect(m.threshold).toBe(0.5);
    expect(m.selected).toBe(2);
    expect(m.selectedFrac).toBe(0.5);
    // ceil(0.2 × 4) = 1
    expect(rows(selectTokens(H, 'top', 0.2).mask)).toEqual([[0, 0, 1], [0], []]);
  });

  it('bottom is the exact complement of top', () => {
    for (const rho of [0.1, 0.2, 0.5, 0.8]) {
      const top = selectTokens(H, 'top', rho);
      const bottom = selectTokens(H, 'bottom', rho);
      top.mask.forEach((r, i) => r.forEach((v, j) => expect(v + bottom.mask[i]![j]!).toBe(1)));
      expect(bottom.selected).toBe(4 - top.selected);
    }
    expect(rows(selectTokens(H, 'bottom', 0.2).mask)).toEqual([[1, 1, 0], [1], []]);
  });

  it('ties keep the earliest positions, and the count stays exactly k', () => {
    const m = selectTokens(
      [
        [1, 1],
        [1, 0],
      ],
      'top',
      0.5,
    );
    expect(rows(m.mask)).toEqual([
      [1, 1],
      [0, 0],
    ]);
    expect(m.threshold).toBe(1);
  });

  it('ρ = 1 selects everything; all mode selects everything', () => {
    expect(selectTokens(H, 'top', 1).selected).toBe(4);
    expect(selectTokens(H, 'bottom', 1).selected).toBe(0);
    const all = selectTokens(H, 'all', 0.2);
    expect(rows(all.mask)).toEqual([[1, 1, 1], [1], []]);
    expect(all.selectedFrac).toBe(1);
  });

  it('empty batch: nothing selected, no NaN fraction', () => {
    for (const mode of ['all', 'top', 'bottom', 'random'] as const) {
      const m = selectTokens([[], []], mode, 0.2, createRng(1));
      expect(m.selected).toBe(0);
      expect(m.selectedFrac).toBe(0);
      expect(m.threshold).toBeNaN();
    }
  });

  it('random ρ picks k tokens, reproducibly from the seed', () => {
    const big = [Array.from({ length: 50 }, (_, i) => i / 50), Array.from({ length: 30 }, () => 0)];
    const a = selectTokens(big, 'random', 0.2, createRng(7));
    const b = selectTokens(big, 'random', 0.2, createRng(7));
    const c = selectTokens(big, 'random', 0.2, createRng(8));
    expect(a.selected).toBe(16);
    expect(rows(a.mask)).toEqual(rows(b.mask));
    expect(rows(a.mask)).not.toEqual(rows(c.mask));
    expect(() => selectTokens(big, 'random', 0.2)).toThrow();
  });

  it('scope is what the caller passes: per micro-batch thresholds differ from the batch one', () => {
    const mb1 = [[0.9, 0.8]];
    const mb2 = [[0.2, 0.1]];
    expect(selectTokens(mb1, 'top', 0.5).threshold).toBe(0.9);
    expect(selectTokens(mb2, 'top', 0.5).threshold).toBe(0.2);
    const whole = selectTokens([...mb1, ...mb2], 'top', 0.5);
    expect(rows(whole.mask)).toEqual([
      [1, 1],
      [0, 0],
    ]);
    expect(whole.threshold).toBe(0.8);
  });

  it('k = ceil(ρN) without float noise; ρ outside (0, 1] refused', () => {
    expect(topCount(0.1, 30)).toBe(3);
    expect(topCount(0.2, 7)).toBe(2);
    expect(() => selectTokens(H, 'top', 0)).toThrow();
    expect(() => selectTokens(H, 'top', 1.5)).toThrow();
  });
});
