// The worker executor (real worker threads, each with its own tfjs-wasm instance) must give the
// same gradients and the same policy update as the single-thread executor, and reproducible
// samples; a replica that fails reports why.
import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '../../../src-main/contract/run-config';
import { parseRunConfig } from '../../../src-main/contract/run-config';
import { initBackend } from '../../../src-main/engine/backend';
import { createOptimizer, createPolicy } from '../../../src-main/engine/model';
import type { Policy } from '../../../src-main/engine/model';
import type { Executor } from '../../../src-main/engine/parallel/executor';
import { localExecutor, swappable } from '../../../src-main/engine/parallel/executor';
import { chooseThreads, idleCores } from '../../../src-main/engine/parallel/threads';
import { balance, startWorkerExecutor } from '../../../src-main/engine/parallel/worker-executor';
import { collectRollouts } from '../../../src-main/engine/rl/rollout';
import { policyUpdate } from '../../../src-main/engine/rl/update';
import { createRng } from '../../../src-main/engine/rng';
import { trainSft } from '../../../src-main/engine/sft/train-sft';
import { createArithmeticTask } from '../../../src-main/engine/tasks';
import { modelConfigFor } from '../../../src-main/engine/presets';

function config(
  mask: RunConfig['mask'] | Record<string, unknown>,
  klCoef = 0,
  extra: { tokenRule?: Record<string, unknown>; miniBatches?: number } = {},
): RunConfig {
  const r = parseRunConfig({
    task: 'arithmetic',
    model: { layers: 1, dModel: 32, heads: 2, mlpRatio: 2, contextLength: 48 },
    rl: {
      promptsPerStep: 4,
      groupSize: 4,
      miniBatches: extra.miniBatches ?? 1,
      microBatchSize: 4,
      maxResponseTokens: 12,
      overlongBuffer: 2,
      dynamicSampling: false,
      klCoef,
    },
    mask,
    ...(extra.tokenRule ? { tokenRule: extra.tokenRule } : {}),
    seed: 5,
  });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

const task = createArithmeticTask({ minOps: 1, maxOps: 1, maxOperand: 3 });
let policy: Policy;
let base: Policy;
let workers: Executor;

beforeAll(async () => {
  await initBackend('wasm');
  policy = createPolicy(modelConfigFor(config({ mode: 'all' }).model), 11);
  base = createPolicy(policy.config, 12);
  workers = await startWorkerExecutor({ policy, basePolicy: base, threads: 2, backend: 'wasm' });
}, 60_000);

afterAll(async () => {
  await workers.dispose();
  policy.dispose();
  base.dispose();
});

/** Rollouts, then one update with `executor`, from the same weights and RNG state each time. */
async function updateWith(executor: Executor, cfg: RunConfig) {
  const start = policy.getWeights();
  const rng = createRng(cfg.seed);
  const batch = await collectRollouts(localExecutor(policy), task, cfg, rng);
  // A fresh policy gets every answer wrong: give the groups a signal to follow.
  // (GTPO / GRPO-S shape their own advantages from correctness: mark the same pattern.)
  batch.kept.forEach((r, i) => {
    r.advantage = i % 3 === 0 ? 1 : -0.5;
    r.correct = i % 3 === 0;
    r.reward = r.correct ? 1 : 0;
  });
  const optimizer = createOptimizer({ lr: cfg.rl.lr, clipNorm: cfg.rl.gradClip });
  const stats = await policyUpdate({
    policy,
    executor,
    optimizer,
    rollouts: batch.kept,
    config: cfg,
    rng,
  });
  const after = policy.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  optimizer.dispose();
  policy.setWeights(start);
  return { stats, after };
}

function maxDiff(a: Float32Array[], b: Float32Array[]): number {
  let d = 0;
  a.forEach((x, i) =>
    x.forEach((v, j) => (d = Math.max(d, Math.abs(v - (b[i] as Float32Array)[j]!)))),
  );
  return d;
}

describe('worker executor', () => {
  const cases: [string, Record<string, unknown>, number][] = [
    ['top 20%, per micro-batch', { mode: 'top', rho: 0.2 }, 0],
    ['bottom 80%, whole batch', { mode: 'bottom', rho: 0.2, thresholdScope: 'batch' }, 0],
    ['random 20%, per micro-batch', { mode: 'random', rho: 0.2 }, 0],
    ['all tokens with KL to the base', { mode: 'all' }, 0.1],
  ];
  it.each(cases)(
    '%s: the 2-thread update equals the 1-thread update',
    async (_, mask, kl) => {
      const cfg = config(mask, kl);
      const one = await updateWith(localExecutor(policy, base), cfg);
      const two = await updateWith(workers, cfg);
      expect(one.stats.optimizerSteps).toBe(1);
      expect(two.stats.selected).toBe(one.stats.selected);
      expect(two.stats.thresholds).toEqual(one.stats.thresholds);
      expect(two.stats.loss).toBeCloseTo(one.stats.loss, 5);
      expect(two.stats.gradNorm).toBeCloseTo(one.stats.gradNorm, 4);
      // The weights moved, and by the same amount on both paths.
      const before = policy.variables.map((v) => v.dataSync() as Float32Array);
      expect(maxDiff(one.after, before)).toBeGreaterThan(1e-5);
      expect(maxDiff(two.after, one.after)).toBeLessThan(1e-5);
    },
    60_000,
  );

  // Each token rule, on mini-batches of 2 micro-batches (2 optimizer steps, so KL-Cov acts).
  const rules: [string, Record<string, unknown>][] = [
    ['clip-cov', { kind: 'clip-cov', clipCovRatio: 0.05, clipCovLb: 0, clipCovUb: 5 }],
    ['kl-cov', { kind: 'kl-cov', klCovRatio: 0.1, klCovCoef: 1 }],
    ['archer with band KL', { kind: 'archer', archerLowKl: 0.05 }],
    ['entropy-adv', { kind: 'entropy-adv' }],
    ['gtpo', { kind: 'gtpo' }],
    ['grpo-s', { kind: 'grpo-s' }],
    ['random reward', { kind: 'random-reward' }],
  ];
  it.each(rules)(
    'token rule %s: the 2-thread update equals the 1-thread update',
    async (_, tokenRule) => {
      const cfg = config({ mode: 'all' }, 0, { tokenRule, miniBatches: 2 });
      const one = await updateWith(localExecutor(policy, base), cfg);
      const two = await updateWith(workers, cfg);
      expect(one.stats.optimizerSteps).toBe(2);
      expect(two.stats.rule).toEqual(one.stats.rule);
      expect(two.stats.gradShare.length).toBe(5);
      two.stats.gradShare.forEach((v, i) => expect(v).toBeCloseTo(one.stats.gradShare[i]!, 5));
      expect(two.stats.loss).toBeCloseTo(one.stats.loss, 5);
      const before = policy.variables.map((v) => v.dataSync() as Float32Array);
      expect(maxDiff(one.after, before)).toBeGreaterThan(1e-5);
      expect(maxDiff(two.after, one.after)).toBeLessThan(1e-5);
      if (
        tokenRule['kind'] !== 'random-reward' &&
        tokenRule['kind'] !== 'gtpo' &&
        tokenRule['kind'] !== 'grpo-s'
      )
        expect(one.stats.rule!.changed).toBeGreaterThan(0);
    },
    60_000,
  );

  it('samples the same sequences as one thread (fixed seeded shards)', async () => {
    const prompts = Array.from({ length: 10 }, (_, i) => [1, 4 + (i % 3), 5]);
    const options = { maxNewTokens: 8, temperature: 1, eosId: 2 };
    const one = await localExecutor(policy).sample(prompts, options, createRng(9));
    const two = await workers.sample(prompts, options, createRng(9));
    expect(two.tokens).toHaveLength(10);
    expect(two.tokens).toEqual(one.tokens);
    expect(two.finished).toEqual(one.finished);
    two.logProbs.forEach((lp, i) => expect(Array.from(lp)).toEqual(Array.from(one.logProbs[i]!)));
    // Each shard is its own seeded stream: the first is what a generator seeded with the first
    // drawn seed samples for the first share of the prompts.
    const seed = createRng(9).int(2 ** 32);
    const r = createRng(seed);
    const first = policy.sample(prompts.slice(0, 2), { ...options, rng: () => r.next() });
    expect(two.tokens.slice(0, 2)).toEqual(first.tokens);
    // Fewer prompts than shards still works.
    expect((await workers.sample(prompts.slice(0, 1), options, createRng(9))).tokens).toHaveLength(
      1,
    );
  }, 60_000);

  it('splits supervised batches: 3 SFT steps on 2 threads equal 3 on 1', async () => {
    const start = policy.getWeights();
    const run = async (executor: Executor) => {
      policy.setWeights(start);
      const r = await trainSft({ policy, task, steps: 3, batchSize: 8, seed: 2, executor });
      return {
        loss: r.finalLoss,
        weights: policy.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array)),
      };
    };
    const one = await run(localExecutor(policy));
    const two = await run(workers);
    policy.setWeights(start);
    expect(two.loss).toBeCloseTo(one.loss, 5);
    expect(maxDiff(two.weights, one.weights)).toBeLessThan(1e-5);
    expect(
      maxDiff(
        one.weights,
        start.tensors.map((t) => t.data),
      ),
    ).toBeGreaterThan(1e-4);
  }, 60_000);

  it('leaks no tensors across an update', async () => {
    const cfg = config({ mode: 'top', rho: 0.2 });
    await updateWith(workers, cfg);
    const before = tf.memory().numTensors;
    await updateWith(workers, cfg);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});

describe('balancing work over threads', () => {
  it('gives each item to the least-loaded thread, largest first, indices in order', () => {
    // Largest first: 770 → t0, 768 → t1, 396 → t1 (768 < 770), 378 → t0.
    expect(balance([768, 396, 378, 770], 2)).toEqual([
      [2, 3],
      [0, 1],
    ]);
    expect(balance([5, 5, 5], 2)).toEqual([[0, 2], [1]]);
    expect(balance([9], 3)).toEqual([[0], [], []]);
  });
});

describe('swappable executor', () => {
  it('delegates to the current executor and disposes the one it replaces', async () => {
    const made: string[] = [];
    const fake = (name: string, threads: number): Executor => ({
      threads,
      sample: async () => (
        made.push(`${name}.sample`),
        { tokens: [], logProbs: [], entropies: [], finished: [] }
      ),
      entropies: async () => [],
      gradients: async () => [],
      sftGradients: async () => [],
      dispose: async () => void made.push(`${name}.dispose`),
    });
    const slot = swappable(fake('a', 1));
    await slot.sample([], { maxNewTokens: 1, temperature: 1, eosId: 2 }, createRng(1));
    await slot.replace(fake('b', 2));
    expect(slot.threads).toBe(2);
    await slot.sample([], { maxNewTokens: 1, temperature: 1, eosId: 2 }, createRng(1));
    await slot.dispose();
    expect(made).toEqual(['a.sample', 'a.dispose', 'b.sample', 'b.dispose']);
  });
});

describe('thread count', () => {
  it('uses the idle cores on CPU backends, one thread on native and GPU backends', () => {
    expect(chooseThreads('wasm', undefined, 1.8)).toBe(2);
    expect(chooseThreads('wasm', 'auto', 14)).toBe(4);
    expect(chooseThreads('wasm', 'auto', 1.3)).toBe(1);
    expect(chooseThreads('wasm', 'auto', 0.1)).toBe(1);
    expect(chooseThreads('cpu', '3', 0.1)).toBe(3);
    expect(chooseThreads('webgpu', undefined, 16)).toBe(1);
    expect(chooseThreads('tfjs-node', '4', 16)).toBe(1);
  });
  it('counts idle cores from the CPU counters', async () => {
    const idle = await idleCores(100);
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(idle).toBeLessThanOrEqual(cpus().length + 1e-9);
  });
  it('refuses a bad FORKBENCH_THREADS with the variable named', () => {
    expect(() => chooseThreads('wasm', 'two', 2)).toThrow(/FORKBENCH_THREADS/);
    expect(() => chooseThreads('wasm', '0', 2)).toThrow(/FORKBENCH_THREADS/);
  });
});
