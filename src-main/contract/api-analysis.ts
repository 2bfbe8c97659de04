// The token-entropy lens part of the API: stored rollout samples (token by token) and the
// distribution / forking-token analyses over them. Merged into api.ts's requestSchemas and
// Responses.
import { z } from 'zod';

const id = z.number().int().positive();
const step = z.number().int().min(0);

export const analysisRequestSchemas = {
  /** Steps of a run that have stored rollout samples, with sample and token counts. */
  'rollouts.steps': z.object({ runId: id }).strict(),
  /** One step's samples, token by token, optionally filtered. */
  'rollouts.list': z
    .object({
      runId: id,
      step,
      filter: z
        .object({
          correct: z.boolean().optional(),
          minReward: z.number().optional(),
          maxReward: z.number().optional(),
          minLength: z.number().int().min(0).optional(),
          maxLength: z.number().int().min(0).optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
  /**
   * Entropy distribution of stored response tokens (Fig. 2a) for one step, a step range, or all
   * stored steps; with per-step percentiles (Fig. 5) and the forking-token table (Fig. 2b/c).
   */
  'analysis.entropy': z
    .object({
      runId: id,
      /** One step; when absent, fromStep..toStep (inclusive; default: every stored step). */
      step: step.optional(),
      fromStep: step.optional(),
      toStep: step.optional(),
      bins: z.number().int().min(4).max(200).optional(),
      /** Token table: keep tokens seen MORE than minCount times (default 10). */
      minCount: z.number().int().min(0).max(1_000_000).optional(),
      topN: z.number().int().min(1).max(500).optional(),
    })
    .strict(),
} as const;

/** One stored step: how many samples and response tokens it holds. */
export interface RolloutStepInfo {
  step: number;
  samples: number;
  tokens: number;
}

/** A rollout sample for the token view. Per-token arrays are aligned with `tokens`. */
export interface RolloutView {
  idx: number;
  prompt: string;
  response: string;
  reward: number;
  advantage: number;
  correct: boolean;
  /** Token ids; display strings in RolloutListResponse.vocab. */
  tokens: number[];
  /** Entropy (nats), 4 significant digits. */
  entropies: number[];
  /** log π(token) at the rollout temperature, 4 decimals; null when not stored. */
  logprobs: number[] | null;
  /** '1' where the token got gradient under the run's mask, '0' elsewhere; null when not stored. */
  mask: string | null;
  /** Top alternatives per token, when the trainer stored them (it does not yet). */
  alternatives: { token: number; prob: number }[][] | null;
}

export interface RolloutListResponse {
  runId: number;
  step: number;
  /** Samples stored at this step before filtering. */
  total: number;
  samples: RolloutView[];
  /** Display string by token id, for every id that appears. */
  vocab: Record<number, string>;
  /** Stored bytes of the per-token BLOBs of this step / its token count. */
  storage: { bytes: number; tokens: number; bytesPerToken: number };
}

export interface TokenEntropyRow {
  token: number;
  text: string;
  count: number;
  meanEntropy: number;
}

export interface StepPercentiles {
  step: number;
  tokens: number;
  mean: number;
  p50: number;
  p80: number;
  p95: number;
  p99: number;
}

export interface EntropyAnalysis {
  runId: number;
  /** The steps the distribution and token table cover. */
  steps: number[];
  tokens: number;
  histogram: { edges: number[]; counts: number[] };
  percentiles: { p50: number; p80: number; p95: number; p99: number };
  mean: number;
  /** Share of tokens with entropy < 0.01 nats (paper: 50.64%). */
  shareBelow001: number;
  /** Every stored step (not only the selected ones), for the percentile curves. */
  perStep: StepPercentiles[];
  tokenTable: {
    minCount: number;
    highest: TokenEntropyRow[];
    lowest: TokenEntropyRow[];
    distinct: number;
    eligible: number;
  };
}

export interface AnalysisResponses {
  'rollouts.steps': RolloutStepInfo[];
  'rollouts.list': RolloutListResponse;
  'analysis.entropy': EntropyAnalysis;
}
