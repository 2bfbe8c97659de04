// The token-entropy lens part of the API: stored rollout samples (token by token) and the
// distribution / forking-token analyses over them. Merged into api.ts's requestSchemas and
// Responses.
import { z } from 'zod';
import type { RolloutRecord } from './rollout';

const id = z.number().int().positive();
const step = z.number().int().min(0);

/**
 * Which stored tokens an entropy analysis reads and how it sums them up: one step, or
 * fromStep..toStep (inclusive; default: every stored step); the histogram's log-spaced bins
 * (default 40); the token tables keep tokens seen MORE than minCount times (default 10), topN of
 * each. analysis.entropy's fields, and export.lens's for its histogram and tokens.
 */
export const entropySelection = {
  step: step.optional(),
  fromStep: step.optional(),
  toStep: step.optional(),
  bins: z.number().int().min(4).max(200).optional(),
  minCount: z.number().int().min(0).max(1_000_000).optional(),
  topN: z.number().int().min(1).max(500).optional(),
};

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
   * Same-rollout comparison: on one step's stored samples, which tokens each token rule selects
   * or up-weights (the run's ρ and tokenRule parameters), and the Jaccard overlap between rules.
   */
  'rollouts.rules': z.object({ runId: id, step }).strict(),
  /**
   * Entropy distribution of stored response tokens (Fig. 2a) for one step, a step range, or all
   * stored steps; with per-step percentiles (Fig. 5) and the forking-token table (Fig. 2b/c).
   */
  'analysis.entropy': z.object({ runId: id, ...entropySelection }).strict(),
  /**
   * Starts an analysis job in a child process (never in the main process): 'overlap' (Table 1 +
   * Fig. 4) or 'temperature' (Fig. 3). Answers at once with the job ('running'); progress and the
   * end come as 'analysis.updated' events.
   */
  'analysis.start': z
    .object({
      runId: id,
      kind: z.enum(['overlap', 'temperature']),
      options: z
        .object({
          /** overlap: fixed responses to score (default 32). */
          responses: z.number().int().min(1).max(4096).optional(),
          /** overlap: 'final' = sampled by the final checkpoint (paper), 'stored' = rollouts. */
          source: z.enum(['final', 'stored']).optional(),
          rho: z.number().gt(0).max(1).optional(),
          scope: z.enum(['pool', 'response']).optional(),
          /** temperature: the checkpoint step to decode with (default: the last one). */
          step: step.optional(),
          /** temperature: benchmark id (default: the run's first eval benchmark). */
          benchmark: z.string().min(1).max(100).optional(),
          /** temperature: held-out problems per point (default 24). */
          problems: z.number().int().min(1).max(1000).optional(),
          /** temperature: samples per problem (default 1). */
          k: z.number().int().min(1).max(64).optional(),
          /** temperature: the sweep grid (default 0, 0.05, 0.3, 0.6, 1, 2, 3, 5). */
          grid: z.array(z.number().min(0).max(20)).min(1).max(32).optional(),
          /** temperature: percentile of the checkpoint's token entropies used as τ (default 80). */
          percentile: z.number().gt(0).lt(100).optional(),
          /** temperature: override τ (nats); when set, the percentile is not measured. */
          threshold: z.number().min(0).optional(),
          seed: z.number().int().min(0).optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
  /** A run's analysis jobs, newest first (results left out; see analysis.get). */
  'analysis.list': z
    .object({ runId: id, kind: z.enum(['overlap', 'temperature']).optional() })
    .strict(),
  /** One analysis job with its result. */
  'analysis.get': z.object({ id }).strict(),
  /**
   * Cancels a running job: its process is killed and the job ends 'cancelled' with no result.
   * Answers once the process is gone; 'conflict' when the job has already ended.
   */
  'analysis.cancel': z.object({ id }).strict(),
} as const;

export type AnalysisKind = 'overlap' | 'temperature';
/** 'interrupted': the process that owned it died (found on the next start); never resumed. */
export type AnalysisJobStatus = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

export interface AnalysisProgress {
  done: number;
  total: number;
  message: string;
}

/** One analysis job as stored (analysis_results). `result` only from analysis.get. */
export interface AnalysisJob {
  id: number;
  runId: number;
  kind: AnalysisKind;
  status: AnalysisJobStatus;
  createdAt: string;
  finishedAt: string | null;
  options: Record<string, unknown>;
  result: OverlapResult | TemperatureResult | null;
  error: string | null;
  /** Latest progress of a running job in this process; null otherwise. */
  progress: AnalysisProgress | null;
}

export interface OverlapRow {
  step: number;
  label: string;
  meanEntropy: number;
  overlapWithBase: number;
  overlapWithFinal: number;
}

export interface ChangeBinView {
  /** Percentile range of the base entropy, e.g. 0–5. */
  fromPct: number;
  toPct: number;
  count: number;
  /** Mean base entropy in the bin. */
  baseMean: number;
  /** Mean of (after − base). */
  meanChange: number;
  /** Mean of |after − base| (Fig. 4 plots magnitudes on a log axis). */
  meanAbsChange: number;
}

/** Table 1 + Fig. 4. */
export interface OverlapResult {
  kind: 'overlap';
  runId: number;
  rho: number;
  scope: 'pool' | 'response';
  source: 'final' | 'stored';
  responses: number;
  tokens: number;
  temperature: number;
  /** Base model (or first checkpoint) first, then every checkpoint, ascending. */
  rows: OverlapRow[];
  /** Entropy change (final − reference) per 5% bin of the reference's entropy. */
  bins: ChangeBinView[];
  /** Whether rows[0] is the run's base model (else the first checkpoint is the reference). */
  hasBase: boolean;
  seconds: number;
}

export interface TemperaturePoint {
  tHigh: number;
  tLow: number;
  accuracy: number;
  /** Share of decoded tokens that were above τ (decoded at T_high). */
  highShare: number;
  meanLength: number;
  /** Standard error of the accuracy over problems (absent on results from before it). */
  stderr?: number;
}

/** Fig. 3. */
export interface TemperatureResult {
  kind: 'temperature';
  runId: number;
  step: number;
  benchmark: string;
  benchmarkLabel: string;
  problems: number;
  k: number;
  grid: number[];
  /** τ in nats: the `percentile`-th percentile of the checkpoint's own token entropies at T=1. */
  threshold: number;
  percentile: number | null;
  /** Red curve: T_high varies, T_low = 1. */
  varyHigh: TemperaturePoint[];
  /** Blue curve: T_low varies, T_high = 1. */
  varyLow: TemperaturePoint[];
  seconds: number;
}

/** One stored step: how many samples and response tokens it holds. */
export interface RolloutStepInfo {
  step: number;
  samples: number;
  tokens: number;
}

/**
 * A rollout record as the token view gets it: `extra` stays on the server and the per-token
 * numbers are rounded for the wire (entropies to 4 significant digits, log-probs and the
 * alternatives' probabilities to 4 decimals). `mask` is one character per token, '1' where the
 * token got gradient, null when not stored. Token display strings: RolloutListResponse.vocab.
 */
export type RolloutView = Omit<RolloutRecord, 'extra' | 'mask'> & { mask: string | null };

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

export const COMPARED_RULE_IDS = [
  'top',
  'bottom',
  'random',
  'clip-cov',
  'kl-cov',
  'archer',
  'entropy-adv',
  'gtpo',
  'grpo-s',
] as const;

export interface RuleRowView {
  rule: (typeof COMPARED_RULE_IDS)[number];
  label: string;
  /** What the row marks: "selected" (mask, Clip-Cov, KL-Cov, Archer) or "up-weighted". */
  marks: 'selected' | 'up-weighted';
  count: number;
  /** Per sample: '1' where the token is marked, one character per token. */
  selected: string[];
  /** Per sample and token: gradient weight relative to the plain update, 3 significant digits. */
  weight: number[][];
}

export interface RuleComparisonView {
  runId: number;
  step: number;
  /** Response tokens compared (all stored samples of the step). */
  tokens: number;
  samples: { idx: number; correct: boolean; reward: number; advantage: number; tokens: string[] }[];
  rules: RuleRowView[];
  /** jaccard[i][j] between rules[i] and rules[j] marked sets. */
  jaccard: number[][];
  /** The parameters used (from the run's config), for the caption. */
  params: Record<string, number>;
}

export interface AnalysisResponses {
  'rollouts.rules': RuleComparisonView;
  'rollouts.steps': RolloutStepInfo[];
  'rollouts.list': RolloutListResponse;
  'analysis.entropy': EntropyAnalysis;
  'analysis.start': AnalysisJob;
  'analysis.list': AnalysisJob[];
  'analysis.get': AnalysisJob;
  'analysis.cancel': AnalysisJob;
}
