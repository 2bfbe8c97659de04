// The record of one sampled response, shared by rollout collection (rollout.ts) and the update
// (micro-batch.ts, update.ts). In its own file so micro-batch.ts does not import rollout.ts,
// which imports the Executor port that is shaped by micro-batch.ts (no import cycle).
import type { TopAlternatives } from '../model/types';
import type { Problem } from '../tasks/types';

export interface Rollout {
  problem: Problem;
  promptIds: number[];
  /** Response tokens (EOS included when emitted). */
  responseIds: number[];
  /** Sampling-time log-probs and entropies (same θ and temperature as the update's first pass). */
  logProbs: Float32Array;
  entropies: Float32Array;
  /** The ROLLOUT_TOP_K most likely tokens at each position, from the sampling distribution. */
  alternatives?: TopAlternatives;
  finished: boolean;
  correct: boolean;
  /** Correctness (1/0) plus the overlong penalty. */
  reward: number;
  /**
   * What the reward credited when it is not the verifier: the random-reward control's coin
   * (tokenRule.kind = random-reward). Absent: the reward follows `correct`.
   */
  credited?: boolean;
  advantage: number;
  responseText: string;
}
