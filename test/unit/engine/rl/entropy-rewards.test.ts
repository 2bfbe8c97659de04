// GTPO / GRPO-S shaped rewards, the random-reward control and the entropy-bin gradient share,
// on values worked out by hand.
import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../../../src-main/contract/run-config';
import {
  grpoSAdvantages,
  grpoSRewards,
  gtpoAdvantages,
  gtpoTokenRewards,
} from '../../../../src-main/engine/rl/entropy-rewards';
import type { Rollout } from '../../../../src-main/engine/rl/rollout';
import { randomRewards } from '../../../../src-main/engine/rl/rollout';
import { entropyBinShares } from '../../../../src-main/engine/rl/rule-stats';
import { createRng } from '../../../../src-main/engine/rng';

const rollout = (correct: boolean, entropies: number[]): Rollout =>
  ({
    correct,
    reward: correct ? 1 : 0,
    responseIds: entropies.map(() => 5),
    entropies: Float32Array.from(entropies),
  }) as unknown as Rollout;

// Two correct responses H (1, 3) and (3, 1); two wrong ones H (0.5, 2) and (2).
const group = () => [
  rollout(true, [1, 3]),
  rollout(true, [3, 1]),
  rollout(false, [0.5, 2]),
  rollout(false, [2]),
];
const S = { alpha1: 1, alpha2: 0.1 };

describe('GTPO', () => {
  it('shapes token rewards by the entropy share among the responses still running', () => {
    const r = gtpoTokenRewards(group(), S).map((row) => Array.from(row));
    // t = 0: correct H 1 and 3 (Σ 4, d 2): 1 + 0.1·(1/4)·2 = 1.05, 1 + 0.1·(3/4)·2 = 1.15.
    //        wrong 1/H = 2 and 0.5 (Σ 2.5, h 2): −1 − 0.1·(2/2.5)·2 = −1.16, −1 − 0.1·0.4 = −1.04.
    // t = 1: correct H 3 and 1 → 1.15, 1.05; only response 2 is still wrong: −1 − 0.1 = −1.1.
    const expected = [[1.05, 1.15], [1.15, 1.05], [-1.16, -1.1], [-1.04]];
    r.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 6)));
  });
  it('normalises over the group’s tokens, and gives 0 to a group with no signal', () => {
    const g = group();
    const adv = gtpoAdvantages(g, 4, S);
    const all = g.flatMap((r) => Array.from(adv.get(r)!));
    expect(all.reduce((a, v) => a + v, 0)).toBeCloseTo(0, 5);
    expect(Math.sqrt(all.reduce((a, v) => a + v * v, 0) / all.length)).toBeCloseTo(1, 4);
    // Correct tokens stay above wrong ones; within a correct response, higher H gets more.
    const a0 = adv.get(g[0]!)!;
    expect(a0[1]!).toBeGreaterThan(a0[0]!);
    expect(Math.min(...all.slice(0, 4))).toBeGreaterThan(Math.max(...all.slice(4)));
    const allRight = [rollout(true, [1]), rollout(true, [2])];
    const none = gtpoAdvantages(allRight, 2, S);
    expect(Array.from(none.get(allRight[0]!)!)).toEqual([0]);
  });
});

describe('GRPO-S', () => {
  it('shapes sequence rewards by mean entropy, then group-normalises', () => {
    // mean H: 2, 2, 1.25, 2 → correct: 1 + 0.1·(2/4)·2 = 1.1 each; wrong: 1/Ĥ = 0.8, 0.5 (Σ 1.3):
    // −1 − 0.1·(0.8/1.3)·2 = −1.1230769, −1 − 0.1·(0.5/1.3)·2 = −1.0769231.
    const r = grpoSRewards(group(), S);
    [1.1, 1.1, -1.1230769, -1.0769231].forEach((v, i) => expect(r[i]).toBeCloseTo(v, 6));
    const g = group();
    const adv = grpoSAdvantages(g, 4, S);
    const seq = g.map((x) => adv.get(x)![0]!);
    expect(seq[0]).toBeCloseTo(seq[1]!, 6);
    expect(seq[3]!).toBeGreaterThan(seq[2]!); // the more confident wrong answer is pushed harder
    expect(Array.from(adv.get(g[0]!)!)).toEqual([seq[0], seq[0]]);
  });
});

describe('random reward', () => {
  it('replaces the verifier with a coin of probability p, keeping the overlong penalty', () => {
    const config = defaultRunConfig();
    const batch = Array.from({ length: 2000 }, (_, i) => {
      const r = rollout(i % 2 === 0, [1]);
      r.reward += i % 4 === 0 ? -0.25 : 0; // an overlong penalty on some
      return r;
    });
    randomRewards(batch, config, createRng(9));
    const ones = batch.filter((r) => r.credited).length;
    expect(ones / batch.length).toBeGreaterThan(0.46);
    expect(ones / batch.length).toBeLessThan(0.54);
    batch.forEach((r, i) =>
      expect(r.reward).toBeCloseTo((r.credited ? 1 : 0) - (i % 4 === 0 ? 0.25 : 0), 12),
    );
    const sure = [rollout(false, [1])];
    randomRewards(
      sure,
      { ...config, tokenRule: { ...config.tokenRule, randomRewardP: 1 } },
      createRng(1),
    );
    expect(sure[0]!.reward).toBe(1);
  });
});

describe('gradient share per entropy bin', () => {
  it('splits Σ g over equal-count entropy bins, lowest first', () => {
    const tokens = [0.9, 0.1, 0.5, 0.3, 0.7].map((h, i) => ({ h, g: i + 1 }));
    // ranks by h: 0.1(g2) 0.3(g4) 0.5(g3) 0.7(g5) 0.9(g1), total 15
    expect(entropyBinShares(tokens, 5)).toEqual([2, 4, 3, 5, 1].map((g) => g / 15));
    expect(entropyBinShares(tokens, 2)).toEqual([
      expect.closeTo(9 / 15, 12),
      expect.closeTo(6 / 15, 12),
    ]);
    expect(entropyBinShares([{ h: 1, g: 0 }], 5)).toEqual([0, 0, 0, 0, 0]);
  });
});
