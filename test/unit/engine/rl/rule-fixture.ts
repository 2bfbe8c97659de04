// Shared fixture for the token-rule tests: a tiny arithmetic policy, one rollout batch with a
// fixed advantage pattern, and one policy update from the same weights and RNG state each time.
import type { RunConfig, RunConfigInput } from '../../../../src-main/contract/run-config';
import { parseRunConfig } from '../../../../src-main/contract/run-config';
import { createOptimizer, createPolicy } from '../../../../src-main/engine/model';
import type { Policy } from '../../../../src-main/engine/model';
import type { Executor } from '../../../../src-main/engine/parallel/executor';
import { localExecutor } from '../../../../src-main/engine/parallel/executor';
import { modelConfigFor } from '../../../../src-main/engine/presets';
import { collectRollouts } from '../../../../src-main/engine/rl/rollout';
import { policyUpdate } from '../../../../src-main/engine/rl/update';
import { createRng } from '../../../../src-main/engine/rng';
import { createArithmeticTask } from '../../../../src-main/engine/tasks';

export function ruleConfig(extra: RunConfigInput = {}): RunConfig {
  const r = parseRunConfig({
    task: 'arithmetic',
    model: { layers: 1, dModel: 32, heads: 2, mlpRatio: 2, contextLength: 48 },
    ...extra,
    rl: {
      promptsPerStep: 4,
      groupSize: 4,
      miniBatches: 1,
      microBatchSize: 4,
      maxResponseTokens: 12,
      overlongBuffer: 2,
      dynamicSampling: false,
      ...extra.rl,
    },
    seed: 5,
  });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

export const fixtureTask = createArithmeticTask({ minOps: 1, maxOps: 1, maxOperand: 3 });

let cached: { policy: Policy; base: Policy } | null = null;
/** One policy (seed 11) and a different reference (seed 12), made once per test file. */
export function fixturePolicies(): { policy: Policy; base: Policy } {
  if (!cached) {
    const policy = createPolicy(modelConfigFor(ruleConfig().model), 11);
    cached = { policy, base: createPolicy(policy.config, 12) };
  }
  return cached;
}

/** Rollouts, then one update with `executor`; the weights are restored afterwards. */
export async function oneUpdate(cfg: RunConfig, executor?: Executor) {
  const { policy, base } = fixturePolicies();
  const start = policy.getWeights();
  const rng = createRng(cfg.seed);
  const batch = await collectRollouts(localExecutor(policy), fixtureTask, cfg, rng);
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
    executor: executor ?? localExecutor(policy, base),
    optimizer,
    rollouts: batch.kept,
    config: cfg,
    rng,
  });
  const after = policy.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  optimizer.dispose();
  policy.setWeights(start);
  return { stats, after, batch };
}
