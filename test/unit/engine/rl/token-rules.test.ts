// Each token rule on tensors worked out by hand (numbers in the comments), through the plan
// (token-rules.ts) and the loss built from it (rule-loss.ts).
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TokenRuleConfig } from '../../../../src-main/contract/run-config';
import { defaultRunConfig } from '../../../../src-main/contract/run-config';
import type { ClipSettings } from '../../../../src-main/engine/rl/loss';
import { clippedSurrogateLoss } from '../../../../src-main/engine/rl/loss';
import {
  ruleKlLoss,
  ruleSurrogateLoss,
  tokenGradWeights,
} from '../../../../src-main/engine/rl/rule-loss';
import type { RuleTokens } from '../../../../src-main/engine/rl/token-rules';
import {
  covCount,
  planRule,
  quantile,
  tokenCovariance,
} from '../../../../src-main/engine/rl/token-rules';
import { createRng } from '../../../../src-main/engine/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CLIP: ClipSettings = { epsLow: 0.2, epsHigh: 0.28, dualClipC: 10 };
const rule = (over: Partial<TokenRuleConfig>): TokenRuleConfig => ({
  ...defaultRunConfig().tokenRule,
  ...over,
});
const u8 = (...v: number[]) => Uint8Array.from(v);

/** Rows padded to the longest with 0, as a [b, L] tensor (the test's placeResponse). */
function place(rows: readonly ArrayLike<number>[]): tf.Tensor2D {
  const width = Math.max(...rows.map((r) => r.length));
  return tf.tensor2d(
    rows.map((r) => Array.from({ length: width }, (_, j) => (r[j] as number) ?? 0)),
  );
}
const value = (t: tf.Scalar) => t.dataSync()[0] as number;

// Two responses: A = (1, 1) and (−1); log π = (−1, −2) and (−3).
// mean A = 1/3, mean log π = −2 → cov = (2/3·1, 2/3·0) and (−4/3·−1) = (0.667, 0, 1.333).
const base = (old: number[][] = [[-1, -2], [-3]]): RuleTokens => ({
  entropies: [[0.5, 1.5], [1]],
  logProbs: [[-1, -2], [-3]],
  oldLogProbs: old,
  advantages: [[1, 1], [-1]],
  mask: [u8(1, 1), u8(1)],
});

describe('covariance and counts', () => {
  it('cov = (A − mean A)(log π − mean log π) over the selected tokens only', () => {
    const cov = tokenCovariance(base());
    expect(cov[0]![0]).toBeCloseTo(2 / 3, 6);
    expect(cov[0]![1]).toBeCloseTo(0, 6);
    expect(cov[1]![0]).toBeCloseTo(4 / 3, 6);
    // Dropping token (0, 1): mean A = 0, mean log π = −2 → (1·1, NaN) and (−1·−1).
    const masked = tokenCovariance({ ...base(), mask: [u8(1, 0), u8(1)] });
    expect(masked[0]![0]).toBeCloseTo(1, 6);
    expect(masked[0]![1]).toBeNaN();
    expect(masked[1]![0]).toBeCloseTo(1, 6);
  });
  it('k = max(1, ⌊ratio·N⌋), at most N', () => {
    expect(covCount(2e-4, 3)).toBe(1);
    expect(covCount(0.5, 10)).toBe(5);
    expect(covCount(0.1, 30)).toBe(3);
    expect(covCount(1, 3)).toBe(3);
    expect(covCount(0.5, 0)).toBe(0);
  });
  it('quantile is linear like torch.quantile', () => {
    // sorted (0.1, 0.5, 0.9, 1.3, 2.0), q 0.8 → position 3.2 → 1.3 + 0.2·0.7 = 1.44
    expect(quantile([2, 0.1, 1.3, 0.5, 0.9], 0.8)).toBeCloseTo(1.44, 12);
  });
});

describe('clip-cov', () => {
  const r = rule({ kind: 'clip-cov', clipCovLb: 0.5, clipCovUb: 5, clipCovRatio: 0.01 });
  it('zeroes max(1, ⌊ratio·N⌋) random tokens among the in-band ones', () => {
    // In band (0.5, 5): tokens (0,0) cov 0.667 and (1,0) cov 1.333; k = max(1, ⌊0.03⌋) = 1.
    const plan = planRule(r, CLIP, base(), createRng(3));
    expect(plan.stats.inBand).toBe(2);
    expect(plan.stats.changed).toBe(1);
    const w = [plan.weight![0]![0], plan.weight![0]![1], plan.weight![1]![0]];
    expect(w[1]).toBe(1); // cov 0 is outside the band
    expect(w.filter((x) => x === 0)).toHaveLength(1);
    // Another seed may pick the other one, never the out-of-band token.
    const picks = new Set(
      [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => {
        const p = planRule(r, CLIP, base(), createRng(seed));
        return p.weight![0]![0] === 0 ? 'a' : 'b';
      }),
    );
    expect(picks).toEqual(new Set(['a', 'b']));
  });
  it('leaves tokens the PPO clip already cut, and gives their loss zero weight in the gradient', () => {
    // Response 1: log r = −0.5, r = 0.607 < 0.8 with A = −1 → the clipped branch (0.8) wins.
    const t = base([[-1, -2], [-2.5]]);
    const plan = planRule({ ...r, clipCovRatio: 1 }, CLIP, t, createRng(1));
    expect(plan.stats.inBand).toBe(1);
    expect(Array.from(plan.weight![0]!)).toEqual([0, 1]);
    expect(plan.weight![1]![0]).toBe(1);
    // Loss: token (0,0) zeroed; (0,1): −1·1; (1,0): max(1·0.607, 1·0.8) = 0.8 → (−1 + 0.8)/3.
    const loss = ruleSurrogateLoss(
      plan,
      place,
      place(t.logProbs),
      place(t.oldLogProbs),
      place(t.mask),
      3,
      CLIP,
    );
    expect(value(loss)).toBeCloseTo(-0.2 / 3, 6);
    const g = tokenGradWeights(plan, t.logProbs, t.oldLogProbs, t.mask, 3, CLIP, null);
    expect(Array.from(g[0]!)).toEqual([0, expect.closeTo(1 / 3, 6)]);
    expect(g[1]![0]).toBe(0);
  });
});

describe('kl-cov', () => {
  const r = rule({ kind: 'kl-cov', klCovRatio: 0.34, klCovCoef: 1 });
  it('penalises the top-cov token with coef·|log r| and clips nothing', () => {
    // k = max(1, ⌊1.02⌋) = 1 → token (1,0), cov 1.333; log r = −3 − (−3.2) = 0.2.
    const t = base([[-1, -2], [-3.2]]);
    const plan = planRule(r, CLIP, t, undefined);
    expect(plan.stats.changed).toBe(1);
    expect(plan.changed[1]![0]).toBe(1);
    expect(plan.stats.absLogRatio).toBeCloseTo(0.2, 6);
    // (−1 − 1 + (1·e^0.2 + 1·0.2)) / 3 = (−2 + 1.42140) / 3; e^0.2 = 1.2214 > 1.28? no, but
    // unclipped anyway: KL-Cov has no clip.
    const loss = ruleSurrogateLoss(
      plan,
      place,
      place(t.logProbs),
      place(t.oldLogProbs),
      place(t.mask),
      3,
      CLIP,
    );
    expect(value(loss)).toBeCloseTo((-2 + Math.exp(0.2) + 0.2) / 3, 5);
  });
  it('has no ratio clip: a token far above 1 + ε_high keeps its full −A·r', () => {
    const t = { ...base([[-1.5, -2], [-3]]) }; // token (0,0): r = e^0.5 = 1.6487 > 1.28, A = 1
    const plan = planRule({ ...r, klCovCoef: 0 }, CLIP, t, undefined);
    const loss = ruleSurrogateLoss(
      plan,
      place,
      place(t.logProbs),
      place(t.oldLogProbs),
      place(t.mask),
      3,
      CLIP,
    );
    expect(value(loss)).toBeCloseTo((-Math.exp(0.5) - 1 + 1) / 3, 5);
  });
  it('is inert on-policy: log r within float rounding changes neither the plan nor the loss', () => {
    const t = base([[-1 + 3e-7, -2], [-3 - 4e-7]]);
    const plan = planRule(r, CLIP, t, undefined);
    expect(plan.stats.changed).toBe(0);
    expect(Array.from(plan.signedLogRatioCoef!.flatMap((row) => Array.from(row)))).toEqual([
      0, 0, 0,
    ]);
    const rl = ruleSurrogateLoss(
      plan,
      place,
      place(t.logProbs),
      place(t.oldLogProbs),
      place(t.mask),
      3,
      CLIP,
    );
    const vanilla = clippedSurrogateLoss(
      place(t.logProbs),
      place(t.oldLogProbs),
      place(t.advantages),
      place(t.mask),
      3,
      CLIP,
    );
    expect(value(rl)).toBeCloseTo(value(vanilla), 6);
  });
});

describe('archer', () => {
  // One response, H = (0.1, 0.5, 0.9, 1.3, 2.0): the 0.8-quantile is 1.44, so the last token is
  // high-entropy. A = 1; log r = ln 1.4 at tokens 2 (low band) and 4 (high band).
  const lr = Math.log(1.4);
  const t: RuleTokens = {
    entropies: [[0.1, 0.5, 0.9, 1.3, 2.0]],
    logProbs: [[-1, -1, -1 + lr, -1, -1 + lr]],
    oldLogProbs: [[-1, -1, -1, -1, -1]],
    advantages: [[1, 1, 1, 1, 1]],
    mask: [u8(1, 1, 1, 1, 1)],
  };
  const r = rule({ kind: 'archer' });
  it('splits each response at its own quantile and clips the bands at 0.2 and 0.5', () => {
    const plan = planRule(r, CLIP, t, undefined);
    expect(Array.from(plan.changed[0]!)).toEqual([0, 0, 0, 0, 1]);
    expect(Array.from(plan.epsHigh![0]!)).toEqual([0.2, 0.2, 0.2, 0.2, 0.5].map(Math.fround));
    // Low band caps r = 1.4 at 1.2, the high band does not (1.4 < 1.5): (−1·3 − 1.2 − 1.4)/5.
    const loss = ruleSurrogateLoss(
      plan,
      place,
      place(t.logProbs),
      place(t.oldLogProbs),
      place(t.mask),
      5,
      CLIP,
    );
    expect(value(loss)).toBeCloseTo(-5.6 / 5, 5);
    // The run's clip (0.2/0.28) would give (−3 − 1.28 − 1.28)/5 instead.
    const vanilla = clippedSurrogateLoss(
      place(t.logProbs),
      place(t.oldLogProbs),
      place(t.advantages),
      place(t.mask),
      5,
      CLIP,
    );
    expect(value(vanilla)).toBeCloseTo(-5.56 / 5, 5);
  });
  it('puts KL coef low / N_low on low tokens and coef high / N_high on high ones', () => {
    const plan = planRule({ ...r, archerLowKl: 0.004, archerHighKl: 0.5 }, CLIP, t, undefined);
    expect(Array.from(plan.klWeight![0]!)).toEqual(
      [0.001, 0.001, 0.001, 0.001, 0.5].map(Math.fround),
    );
    // k3 with ref = log π + 0.1 everywhere: e^0.1 − 0.1 − 1 per token → Σ w · k3.
    const ref = place([Array.from(t.logProbs[0]!, (x) => x + 0.1)]);
    const kl = ruleKlLoss(plan, place, place(t.logProbs), ref)!;
    expect(value(kl)).toBeCloseTo((0.004 + 0.5) * (Math.exp(0.1) - 1.1), 6);
  });
  it('gives a clipped low-band token zero gradient weight', () => {
    const plan = planRule(r, CLIP, t, undefined);
    const g = tokenGradWeights(plan, t.logProbs, t.oldLogProbs, t.mask, 5, CLIP, null);
    expect(g[0]![2]).toBe(0);
    expect(g[0]![4]).toBeCloseTo(1.4 / 5, 5);
  });
});

describe('entropy-adv', () => {
  it('A + min(α·H, |A|/κ): never flips the sign, leaves A = 0 alone', () => {
    const t: RuleTokens = {
      entropies: [
        [0.5, 3],
        [3, 3],
      ],
      logProbs: [
        [-1, -1],
        [-1, -1],
      ],
      oldLogProbs: [
        [-1, -1],
        [-1, -1],
      ],
      advantages: [
        [1, 1],
        [-1, 0],
      ],
      mask: [u8(1, 1), u8(1, 1)],
    };
    const plan = planRule(rule({ kind: 'entropy-adv', entAdvAlpha: 0.4, entAdvKappa: 2 }), CLIP, t);
    // (1 + min(0.2, 0.5), 1 + min(1.2, 0.5)), (−1 + min(1.2, 0.5), 0)
    expect(Array.from(plan.advantages[0]!)).toEqual([1.2, 1.5].map(Math.fround));
    expect(Array.from(plan.advantages[1]!)).toEqual([-0.5, 0]);
    expect(plan.stats.changed).toBe(3);
  });
});

describe('none', () => {
  it('keeps the advantages and the DAPO surrogate as they are', () => {
    const t = base([[-1.2, -2], [-2.9]]);
    const plan = planRule(rule({ kind: 'none' }), CLIP, t);
    expect(plan.stats.changed).toBe(0);
    const a = ruleSurrogateLoss(
      plan,
      place,
      place(t.logProbs),
      place(t.oldLogProbs),
      place(t.mask),
      3,
      CLIP,
    );
    const b = clippedSurrogateLoss(
      place(t.logProbs),
      place(t.oldLogProbs),
      place(t.advantages),
      place(t.mask),
      3,
      CLIP,
    );
    expect(value(a)).toBe(value(b));
  });
});
