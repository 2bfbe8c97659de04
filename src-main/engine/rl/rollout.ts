// Rollout collection: G responses per prompt, verifiable rewards, overlong shaping, and DAPO
// dynamic sampling (keep only groups with 0 < #correct < G, generating more batches to refill).
import type { RunConfig } from '../../contract/run-config';
import type { TopAlternatives } from '../model/types';
import type { Executor } from '../parallel/executor';
import type { Rng } from '../rng';
import type { Problem, Task } from '../tasks/types';
import { BOS_ID, EOS_ID, decode, encode } from '../tokenizer';
import { groupAdvantages } from './advantages';
import { informativeGroups, overlongPenalty } from './shaping';

import type { Rollout } from './types';

export type { Rollout };

export interface RolloutBatch {
  /** Rollouts used for the update, group by group (G consecutive rollouts per prompt). */
  kept: Rollout[];
  /** Every rollout generated this step (for reward/accuracy/length metrics). */
  generated: Rollout[];
  genBatches: number;
  keptGroups: number;
  sampleSeconds: number;
}

/** Alternatives recorded per response token (the lens tooltip's "top alternatives"). */
export const ROLLOUT_TOP_K = 3;

export function promptIds(problem: Problem): number[] {
  return [BOS_ID, ...encode(problem.prompt)];
}

/** Samples `prompts` × G responses and scores them. */
export async function generateGroups(
  executor: Executor,
  task: Task,
  problems: Problem[],
  groupSize: number,
  rl: RunConfig['rl'],
  rng: Rng,
): Promise<Rollout[]> {
  const prompts = problems.flatMap((p) => Array.from({ length: groupSize }, () => promptIds(p)));
  const out = await executor.sample(
    prompts,
    {
      maxNewTokens: rl.maxResponseTokens,
      temperature: rl.temperature,
      eosId: EOS_ID,
      topK: ROLLOUT_TOP_K,
    },
    rng,
  );
  return prompts.map((ids, i) => {
    const problem = problems[Math.floor(i / groupSize)] as Problem;
    const responseIds = out.tokens[i] as number[];
    const responseText = decode(responseIds);
    const correct = task.verify(problem, responseText).correct;
    const penalty = overlongPenalty(
      responseIds.length,
      rl.maxResponseTokens,
      rl.overlongBuffer,
      rl.overlongPenalty,
    );
    return {
      problem,
      promptIds: ids,
      responseIds,
      logProbs: out.logProbs[i] as Float32Array,
      entropies: out.entropies[i] as Float32Array,
      ...(out.alternatives ? { alternatives: out.alternatives[i] as TopAlternatives } : {}),
      finished: out.finished[i] as boolean,
      correct,
      reward: (correct ? 1 : 0) + penalty,
      advantage: 0,
      responseText,
    };
  });
}

/**
 * One step's rollouts. With dynamic sampling, batches of promptsPerStep prompts are generated
 * until promptsPerStep informative groups are collected or maxGenBatches is reached; the surplus
 * is dropped (as DAPO). If too few groups survive, the step trains on those it has (DAPO would
 * raise instead); with none, the caller skips the update.
 */
export async function collectRollouts(
  executor: Executor,
  task: Task,
  config: RunConfig,
  rng: Rng,
): Promise<RolloutBatch> {
  const { rl } = config;
  const G = rl.groupSize;
  const start = performance.now();
  const generated: Rollout[] = [];
  const keptGroups: Rollout[][] = [];
  let genBatches = 0;
  while (genBatches < (rl.dynamicSampling ? rl.maxGenBatches : 1)) {
    genBatches++;
    const problems = Array.from({ length: rl.promptsPerStep }, () =>
      task.sampleProblem(rng, 'train'),
    );
    const batch = await generateGroups(executor, task, problems, G, rl, rng);
    if (config.tokenRule.kind === 'random-reward') randomRewards(batch, config, rng);
    generated.push(...batch);
    const groups = Array.from({ length: problems.length }, (_, g) =>
      batch.slice(g * G, (g + 1) * G),
    );
    const keep = rl.dynamicSampling
      ? informativeGroups(
          batch.map((r) => r.credited ?? r.correct),
          G,
        )
      : groups.map((_, g) => g);
    for (const g of keep) keptGroups.push(groups[g] as Rollout[]);
    if (keptGroups.length >= rl.promptsPerStep) break;
  }
  const kept = keptGroups.slice(0, rl.promptsPerStep).flat();
  const advantages = groupAdvantages(
    kept.map((r) => r.reward),
    G,
  );
  kept.forEach((r, i) => (r.advantage = advantages[i] as number));
  return {
    kept,
    generated,
    genBatches,
    keptGroups: kept.length / G,
    sampleSeconds: (performance.now() - start) / 1000,
  };
}

/**
 * The random-reward control (Shao et al., arXiv 2506.10947): the verifier's 1/0 is replaced by a
 * Bernoulli(p) coin from the run's RNG, in rollout order; the overlong penalty stays.
 */
export function randomRewards(batch: Rollout[], config: RunConfig, rng: Rng): void {
  const p = config.tokenRule.randomRewardP;
  for (const r of batch) {
    const coin = rng.next() < p;
    r.reward += (coin ? 1 : 0) - (r.correct ? 1 : 0);
    r.credited = coin;
  }
}
