// One benchmark's score at one step, the same shape in every layer: the trainer reports it
// (engine/eval's EvalResult is it plus the engine's own detail), the trainer protocol carries
// it, the store keeps it with its run, step and time.
import { z } from 'zod';
import { anyNumber } from './numbers';

export const evalRecordSchema = z.object({
  benchmark: z.string().min(1),
  /** Samples per problem. */
  k: z.number().int().min(1),
  avgAtK: anyNumber,
  passAtK: anyNumber,
  /** How many problems were scored. */
  problems: z.number().int().min(0),
  /** Per-problem detail for the UI (key, correct count, a sample response); null: not kept. */
  perProblem: z.array(z.record(z.string(), z.unknown())).nullable().default(null),
});

export type EvalRecord = z.output<typeof evalRecordSchema>;

/** A stored record: the record, where it belongs and when it was written. */
export type StoredEval = EvalRecord & { runId: number; step: number; createdAt: string };

/** A base model's held-out score on one benchmark: `make-base` measures it after SFT and writes
 * it into the sidecar JSON beside the checkpoint (its `eval` array); the presets list reads it
 * back. The record without per-problem detail, plus the sampling temperature and the standard
 * error of avg@k over the problems. */
export interface BaseHeldOut extends Omit<EvalRecord, 'perProblem'> {
  temperature: number;
  stdErr: number;
}
