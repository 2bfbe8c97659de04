import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { groupAdvantages } from '../../../src-main/engine/rl/advantages';
import {
  entropyFromLogits,
  entropyFromLogitsTensor,
  percentile,
} from '../../../src-main/engine/rl/entropy';
import type { ClipSettings } from '../../../src-main/engine/rl/loss';
import {
  aggregateClippedLoss,
  clippedSurrogateLoss,
  clippedTokenLoss,
} from '../../../src-main/engine/rl/loss';
import { informativeGroups, klK3, overlongPenalty } from '../../../src-main/engine/rl/shaping';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('entropy', () => {
  it('uniform logits give ln V', () => {
    expect(entropyFromLogits([0, 0, 0, 0])).toBeCloseTo(Math.log(4), 12);
    expect(entropyFromLogits(new Array(79).fill(3.7))).toBeCloseTo(Math.log(79), 10);
  });
  it('matches −Σ p log p for p = (0.25, 0.75), and divides logits by T', () => {
    const h = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)); // 0.5623351446
    expect(entropyFromLogits([0, Math.log(3)])).toBeCloseTo(h, 12);
    expect(entropyFromLogits([0, 2 * Math.log(3)], 2)).toBeCloseTo(h, 12);
    expect(entropyFromLogits([1000, 0])).toBeCloseTo(0, 12); // stable with large logits
  });
  it('tensor version agrees', () => {
    const logits = [
      [0, Math.log(3), -1],
      [2, 2, 2],
    ];
    const t = entropyFromLogitsTensor(tf.tensor2d(logits), 0.7);
    const got = t.arraySync() as number[];
    t.dispose();
    logits.forEach((row, i) => expect(got[i]).toBeCloseTo(entropyFromLogits(row, 0.7), 5));
  });
  it('percentile interpolates linearly', () => {
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4], 80)).toBeCloseTo(3.4, 12);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('GRPO advantages', () => {
  it('normalises within each group with unbiased std', () => {
    const a = groupAdvantages([1, 0, 0, 0], 4);
    // mean 0.25, unbiased var 0.25, std 0.5
    expect(a[0]).toBeCloseTo(0.75 / (0.5 + 1e-6), 10);
    expect(a[1]).toBeCloseTo(-0.25 / (0.5 + 1e-6), 10);
  });
  it('zero-variance groups get exactly 0', () => {
    const a = groupAdvantages([1, 1, 0, 0, 0, 1], 2);
    expect(a.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(a[4]).toBeCloseTo(-0.5 / (Math.SQRT1_2 + 1e-6), 10);
    expect(a[5]).toBeCloseTo(0.5 / (Math.SQRT1_2 + 1e-6), 10);
    expect(groupAdvantages([0.3, 0.3, 0.3], 3)).toEqual([0, 0, 0]);
  });
  it('refuses G < 2 and partial groups', () => {
    expect(() => groupAdvantages([1], 1)).toThrow();
    expect(() => groupAdvantages([1, 0, 1], 2)).toThrow();
  });
});

describe('clipped surrogate (ε_low 0.2, ε_high 0.28, dual-clip c = 3)', () => {
  const clip: ClipSettings = { epsLow: 0.2, epsHigh: 0.28, dualClipC: 3 };
  // ratios 1.5, 0.5, 1.0, 5.0 with advantages +1, −1, +2, −1
  const ratios = [1.5, 0.5, 1.0, 5.0];
  const adv = [1, -1, 2, -1];
  const logProbs = ratios.map(Math.log);
  const old = [0, 0, 0, 0];

  it('per-token values by hand', () => {
    const t = ratios.map((_, i) => clippedTokenLoss(logProbs[i]!, 0, adv[i]!, clip));
    expect(t[0]!.loss).toBeCloseTo(-1.28, 12); // clip-higher caps the gain at 1.28
    expect(t[0]!.highClipped).toBe(true);
    expect(t[1]!.loss).toBeCloseTo(0.8, 12); // pessimistic: max(0.5, 0.8)
    expect(t[1]!.lowClipped).toBe(true);
    expect(t[2]!.loss).toBeCloseTo(-2, 12);
    expect(t[3]!.loss).toBeCloseTo(3, 12); // dual-clip: min(5, 3)
    expect(clippedTokenLoss(Math.log(5), 0, -1, { ...clip, dualClipC: null }).loss).toBeCloseTo(
      5,
      12,
    );
  });

  it("normaliser 'selected' (paper Eq. 6) vs 'all' (TRL)", () => {
    const mask = [1, 1, 1, 0];
    const sel = aggregateClippedLoss(
      { logProbs, oldLogProbs: old, advantages: adv, mask },
      clip,
      'selected',
    );
    const all = aggregateClippedLoss(
      { logProbs, oldLogProbs: old, advantages: adv, mask },
      clip,
      'all',
    );
    expect(sel.loss).toBeCloseTo(-2.48 / 3, 12);
    expect(all.loss).toBeCloseTo(-2.48 / 4, 12);
    expect(sel.lowClipFrac).toBeCloseTo(1 / 3, 12);
    expect(sel.highClipFrac).toBeCloseTo(1 / 3, 12);
    const none = aggregateClippedLoss(
      { logProbs, oldLogProbs: old, advantages: adv, mask: [0, 0, 0, 0] },
      clip,
      'selected',
    );
    expect(none.loss).toBe(0);
  });

  it('tensor loss equals the plain reference', () => {
    for (const [mask, denom, expected] of [
      [[1, 1, 1, 0], 3, -2.48 / 3],
      [[1, 1, 1, 1], 4, 0.52 / 4],
    ] as const) {
      const loss = clippedSurrogateLoss(
        tf.tensor1d(logProbs),
        tf.tensor1d(old),
        tf.tensor1d(adv),
        tf.tensor1d([...mask]),
        denom,
        clip,
      );
      expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
      loss.dispose();
    }
  });

  it('on-policy (ratio 1) gradient of the loss is −A/N per selected token', () => {
    const lp = tf.variable(tf.tensor1d([-1, -2, -0.5]));
    const g = tf.grad((x: tf.Tensor) =>
      clippedSurrogateLoss(
        x,
        tf.tensor1d([-1, -2, -0.5]),
        tf.tensor1d([2, -1, 3]),
        tf.tensor1d([1, 1, 0]),
        2,
        clip,
      ),
    )(lp);
    expect(Array.from(g.dataSync())).toEqual([-1, 0.5, -0]);
  });
});

describe('DAPO shaping', () => {
  it('overlong penalty is linear in the buffer zone', () => {
    expect(overlongPenalty(80, 96, 16, 1)).toBe(0);
    expect(overlongPenalty(88, 96, 16, 1)).toBeCloseTo(-0.5, 12);
    expect(overlongPenalty(96, 96, 16, 1)).toBeCloseTo(-1, 12);
    expect(overlongPenalty(92, 96, 16, 0.5)).toBeCloseTo(-0.375, 12);
    expect(overlongPenalty(96, 96, 0, 1)).toBe(0);
  });
  it('dynamic sampling keeps mixed groups only', () => {
    const T = true;
    const F = false;
    expect(informativeGroups([T, T, F, F, T, T, T, T, F, F, F, F, F, T, F, F], 4)).toEqual([0, 3]);
    expect(informativeGroups([], 4)).toEqual([]);
  });
  it('k3 KL is 0 at equality and positive otherwise', () => {
    expect(klK3(-1, -1)).toBe(0);
    expect(klK3(-1, -2)).toBeCloseTo(Math.exp(-1) + 1 - 1, 12);
  });
});
