// Cutting a micro-batch by sequence length: the cut must be the one with the fewest padded
// positions (checked against every possible cut), keep every sequence exactly once, and pad each
// part only to its own longest sequence.
import { describe, expect, it } from 'vitest';
import type { MicroJob } from '../../../../src-main/engine/rl/micro-batch';
import { paddedSize, splitJob } from '../../../../src-main/engine/rl/micro-split';
import { createRng } from '../../../../src-main/engine/rng';

/** A job whose rows have these lengths (prompt 3 + response), padded to the longest. */
function jobOf(lengths: number[]): MicroJob {
  const width = Math.max(...lengths);
  const row = (i: number) => Array.from({ length: width }, (_, t) => (t < lengths[i]! ? i : 0));
  return {
    inputs: lengths.map((_, i) => row(i)),
    targets: lengths.map((_, i) => row(i)),
    offsets: lengths.map(() => 3),
    responseLengths: lengths.map((n) => n - 3),
    oldLogProbs: lengths.map((n) => new Float32Array(n - 3)),
    advantages: lengths.map((_, i) => i / 10),
    tokenAdvantages: null,
    ruleSeed: 1,
    fixed: { mask: lengths.map((n) => new Uint8Array(n - 3).fill(1)), denom: 10 },
    weight: 0.5,
  };
}

/** The least Σ rows × longest over every way to cut the sorted lengths into `parts` runs. */
function bruteForce(lengths: number[], parts: number): number {
  const sorted = [...lengths].sort((a, b) => a - b);
  const best = (from: number, left: number): number => {
    if (left === 1) return (sorted.length - from) * sorted.at(-1)!;
    let least = Infinity;
    for (let k = from + 1; k <= sorted.length - left + 1; k++)
      least = Math.min(least, (k - from) * sorted[k - 1]! + best(k, left - 1));
    return least;
  };
  return best(0, parts);
}

describe('splitJob', () => {
  it('finds the cut with the fewest padded positions (against every cut)', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 40; trial++) {
      const n = 2 + rng.int(10);
      // Mostly short rows with a long tail, as sampled responses are.
      const lengths = Array.from({ length: n }, () =>
        rng.next() < 0.7 ? 22 + rng.int(3) : 30 + rng.int(40),
      );
      const parts = 1 + rng.int(Math.min(4, n));
      const split = splitJob(jobOf(lengths), parts);
      expect(split).toHaveLength(parts);
      expect(split.reduce((a, p) => a + paddedSize(p.job), 0)).toBe(bruteForce(lengths, parts));
    }
  });

  it('keeps each sequence once, with its own fields, padded to its part’s longest', () => {
    const lengths = [22, 57, 31, 40, 23, 23, 22, 22, 33, 24, 24, 69];
    const whole = jobOf(lengths);
    const split = splitJob(whole, 4);
    expect(split.flatMap((p) => p.rows).sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
    for (const { job, rows } of split) {
      expect(job.inputs[0]!.length).toBe(Math.max(...rows.map((i) => lengths[i]!)));
      rows.forEach((i, j) => {
        expect(job.inputs[j]).toEqual(whole.inputs[i]!.slice(0, job.inputs[0]!.length));
        expect(job.advantages[j]).toBe(whole.advantages[i]);
        expect(job.fixed!.mask[j]).toBe(whole.fixed!.mask[i]);
      });
      expect(job.fixed!.denom).toBe(10);
      expect(job.weight).toBe(0.5);
    }
    // The 12 rows padded to 69 are 828 positions; the best four parts: 7 rows of ≤ 24, 2 of
    // ≤ 33, the 40, the 57 and 69 (7·24 + 2·33 + 40 + 2·69 = 412).
    expect(paddedSize(whole)).toBe(828);
    expect(split.map((p) => paddedSize(p.job))).toEqual([168, 66, 40, 138]);
  });

  it('never makes more parts than sequences', () => {
    expect(splitJob(jobOf([30, 25]), 4)).toHaveLength(2);
  });
});
