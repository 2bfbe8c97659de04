// One rollout sample, the same shape in every layer: the engine reports it, the trainer
// protocol carries it, the store keeps it (plus where: run and step) and the lens shows it.
// Only store/ changes its representation (per-token arrays packed into BLOBs, ../store/codec).
import { z } from 'zod';
import { anyNumber } from './numbers';
const numbers = z.array(anyNumber);

/** Top-k alternatives per response token, flattened (token t's at [t·k, (t+1)·k)). */
const alternatives = z.object({
  k: z.number().int().min(1).max(64),
  tokens: z.array(z.number().int().min(0)),
  probs: numbers,
});

// Optional parts are null when absent (not recorded, or a source that has none), so that a
// record has the same keys wherever it is; `.default(null)` lets a sender leave them out.
export const rolloutRecordSchema = z
  .object({
    /**
     * Index of the sample within its step. Engine runs report whole prompt groups one after
     * the other: samples with the same ⌊idx / rl.groupSize⌋ share a prompt.
     */
    idx: z.number().int().min(0),
    prompt: z.string(),
    response: z.string(),
    /** Response token ids. */
    tokens: z.array(z.number().int().min(0)),
    /** Entropy (nats) of the sampling distribution at each response token. */
    entropies: numbers,
    /** log π(token) at the rollout temperature. */
    logprobs: numbers.nullable().default(null),
    /** 1 where the token took part in the policy-gradient update; null: the step made none. */
    mask: z.array(z.number().int().min(0).max(1)).nullable().default(null),
    /** The sampling distribution's most likely tokens at each position, most likely first. */
    alternatives: alternatives.nullable().default(null),
    advantage: anyNumber,
    reward: anyNumber,
    correct: z.boolean(),
    /** Anything else worth keeping with the sample (reference answer, decoded pieces…). */
    extra: z.record(z.string(), z.unknown()).nullable().default(null),
  })
  .refine(
    (s) =>
      !s.alternatives ||
      (s.alternatives.tokens.length === s.alternatives.k * s.tokens.length &&
        s.alternatives.probs.length === s.alternatives.tokens.length),
    { message: 'alternatives must hold k entries per token', path: ['alternatives'] },
  );

export type RolloutRecord = z.output<typeof rolloutRecordSchema>;
export type RolloutAlternatives = NonNullable<RolloutRecord['alternatives']>;

/** A stored record: the record and where it is kept. */
export type StoredRollout = RolloutRecord & { runId: number; step: number };
