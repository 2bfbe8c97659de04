// A mini-batch of one micro-batch on 2 threads: the worker executor shares the micro-batch by
// sequences (rl/micro-split.ts), with τ, the mask and the token-mean denominator fixed over the
// whole micro-batch first. The update must equal the 1-thread one (which keeps it whole) within
// 1e-6, with the same thresholds and selection; and the parts' results (each padded only to its
// own longest sequence), joined, must equal the whole micro-batch's on one thread.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunConfigInput } from '../../../src-main/contract/run-config';
import { initBackend } from '../../../src-main/engine/backend';
import type { Executor } from '../../../src-main/engine/parallel/executor';
import { startWorkerExecutor } from '../../../src-main/engine/parallel/worker-executor';
import { microGradients, microJob } from '../../../src-main/engine/rl/micro-batch';
import { joinResults, splitJob } from '../../../src-main/engine/rl/micro-split';
import { fixturePolicies, oneUpdate, ruleConfig } from './rl/rule-fixture';

/** Mini-batches of 8 sequences, each one micro-batch of 8. */
const config = (mask: RunConfigInput['mask'], rl: RunConfigInput['rl'] = {}) =>
  ruleConfig({ mask, rl: { miniBatches: 2, microBatchSize: 8, ...rl } });

let workers: Executor;

beforeAll(async () => {
  await initBackend('wasm');
  const { policy, base } = fixturePolicies();
  workers = await startWorkerExecutor({ policy, basePolicy: base, threads: 2, backend: 'wasm' });
}, 60_000);

afterAll(async () => {
  await workers.dispose();
});

const maxDiff = (a: ArrayLike<number>[], b: ArrayLike<number>[]) =>
  Math.max(...a.map((x, i) => Math.max(...Array.from(x, (v, j) => Math.abs(v - b[i]![j]!)))));

describe('one micro-batch shared by two threads', () => {
  it.each([
    ['all tokens', { mode: 'all' }, {}],
    ['top 20% per micro-batch', { mode: 'top', rho: 0.2 }, {}],
    [
      'bottom 80%, all-token mean, entropy bonus',
      { mode: 'bottom', rho: 0.2, normalizer: 'all' },
      { entropyCoef: 0.01 },
    ],
  ] as const)(
    '%s: the 2-thread update equals the 1-thread one within 1e-6',
    async (_, mask, rl) => {
      const cfg = config(mask, rl);
      const start = fixturePolicies().policy.variables.map((v) => v.dataSync() as Float32Array);
      const one = await oneUpdate(cfg);
      const two = await oneUpdate(cfg, workers);
      expect(one.stats.optimizerSteps).toBe(2);
      expect(two.stats.thresholds).toEqual(one.stats.thresholds);
      expect(two.stats.selected).toBe(one.stats.selected);
      expect(two.stats.lowClipped + two.stats.highClipped).toBe(
        one.stats.lowClipped + one.stats.highClipped,
      );
      expect(Math.abs(two.stats.loss - one.stats.loss)).toBeLessThan(1e-6);
      expect(Math.abs(two.stats.gradNorm - one.stats.gradNorm)).toBeLessThan(1e-6);
      two.stats.gradShare.forEach((v, i) =>
        expect(Math.abs(v - one.stats.gradShare[i]!)).toBeLessThan(1e-6),
      );
      expect(maxDiff(one.after, start)).toBeGreaterThan(1e-5);
      expect(maxDiff(two.after, one.after)).toBeLessThan(1e-6);
    },
    60_000,
  );

  it('joined parts equal the whole micro-batch on one thread', async () => {
    const cfg = config({ mode: 'all' });
    const { policy } = fixturePolicies();
    const { kept } = (await oneUpdate(cfg)).batch;
    // Sequences of different lengths (the fixture's all run to the token limit).
    const cut = (n: number, i: number) => Math.max(1, n - 2 * i);
    const rs = kept.slice(0, 8).map((r, i) => ({
      ...r,
      responseIds: r.responseIds.slice(0, cut(r.responseIds.length, i)),
      logProbs: r.logProbs.slice(0, cut(r.responseIds.length, i)),
    }));
    const whole = microJob(rs, 0.5);
    whole.fixed = { mask: whole.responseLengths.map((n) => new Uint8Array(n).fill(1)), denom: 40 };
    const settings = {
      temperature: 1,
      clip: { epsLow: 0.2, epsHigh: 0.28, dualClipC: 3 },
      mode: 'all' as const,
      rho: 1,
      normalizer: 'selected' as const,
      klCoef: 0,
      entropyCoef: 0,
      rule: cfg.tokenRule,
    };
    const ref = microGradients(policy, undefined, whole, settings);
    const parts = splitJob(whole, 3);
    expect(parts.flatMap((p) => p.rows).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // Each part is padded only to its own longest sequence; the shorter ones are narrower.
    const length = (i: number) => whole.offsets[i]! + whole.responseLengths[i]!;
    parts.forEach((p) => expect(p.job.inputs[0]!.length).toBe(Math.max(...p.rows.map(length))));
    expect(parts[0]!.job.inputs[0]!.length).toBeLessThan(whole.inputs[0]!.length);
    const joined = joinResults(
      parts,
      parts.map((p) => microGradients(policy, undefined, p.job, settings)),
    );
    expect(Math.abs(joined.loss - ref.loss)).toBeLessThan(1e-6);
    expect(joined.logProbs).toEqual(ref.logProbs);
    expect(joined.entropies).toEqual(ref.entropies);
    expect(joined.gradWeights).toEqual(ref.gradWeights);
    expect(joined.rule.stats).toEqual(ref.rule.stats);
    const [a, b] = [joined.grads, ref.grads].map((gs) =>
      gs.map((g) => g.dataSync() as Float32Array),
    );
    expect(maxDiff(a!, b!)).toBeLessThan(1e-6);
    expect(
      maxDiff(
        b!,
        b!.map((g) => new Float32Array(g.length)),
      ),
    ).toBeGreaterThan(1e-4);
    tf.dispose([...joined.grads, ...ref.grads]);
  }, 60_000);
});
