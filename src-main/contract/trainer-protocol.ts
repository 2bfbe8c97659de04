// Typed messages between the run host (main process) and a trainer process.
// The host validates everything it receives: a trainer is another process and may be buggy,
// half-dead or from another build, so a malformed message is logged, never trusted.
import { z } from 'zod';
import { evalRecordSchema } from './eval-record';
import { anyNumber } from './numbers';
import { rolloutRecordSchema } from './rollout';

const step = z.number().int().min(0);

// ---- host → trainer ---------------------------------------------------------------------

export interface StartMessage {
  type: 'start';
  runId: number;
  /** Parsed RunConfig as plain data (the trainer parses it again with the same schema). */
  config: Record<string, unknown>;
  /** Folder for checkpoint files: `<dataDir>/checkpoints/run-<id>/`. */
  dataDir: string;
  /** Checkpoint file to continue from (resume), with the sha256 the host recorded for it. */
  resumeFrom?: { path: string; sha256: string; step: number };
  /**
   * Where this run's checkpoints go (a folder named by the database's identity), and the owner
   * generation that claimed it, part of each file name: a superseded trainer never overwrites
   * the live one's files. Absent: `<dataDir>/checkpoints/run-<id>/step-N.ckpt`.
   */
  checkpointDir?: string;
  generation?: number;
}
export interface StopMessage {
  type: 'stop';
}
export type HostToTrainer = StartMessage | StopMessage;

// ---- trainer → host ---------------------------------------------------------------------

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const metricPoint = z.object({
  step,
  wallTime: anyNumber, // seconds since the Unix epoch
  values: z.record(z.string().min(1).max(200), anyNumber),
});

export const trainerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('heartbeat'), step: step.nullable() }),
  z.object({
    type: z.literal('status'),
    backend: z.string(),
    device: z.string(),
    notes: z.array(z.string()).default([]),
  }),
  z.object({ type: z.literal('metrics'), points: z.array(metricPoint).min(1) }),
  z.object({ type: z.literal('rollouts'), step, samples: z.array(rolloutRecordSchema) }),
  z.object({ type: z.literal('eval'), step, results: z.array(evalRecordSchema) }),
  z.object({
    type: z.literal('checkpoint'),
    step,
    path: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().min(0),
  }),
  z.object({ type: z.literal('log'), level: z.enum(LOG_LEVELS), message: z.string() }),
  z.object({
    type: z.literal('done'),
    outcome: z.enum(['finished', 'stopped', 'failed']),
    error: z.string().optional(),
  }),
]);

export type TrainerMessage = z.output<typeof trainerMessageSchema>;
export type TrainerMessageOf<T extends TrainerMessage['type']> = Extract<
  TrainerMessage,
  { type: T }
>;
export type MetricPointMessage = z.output<typeof metricPoint>;
export type DoneOutcome = TrainerMessageOf<'done'>['outcome'];

/** Validates one incoming message; `error` is a short description for the run log. */
export function parseTrainerMessage(
  raw: unknown,
): { ok: true; message: TrainerMessage } | { ok: false; error: string } {
  const parsed = trainerMessageSchema.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const first = parsed.error.issues[0];
  const where = first ? first.path.map(String).join('.') || 'message' : 'message';
  return { ok: false, error: `${where}: ${first?.message ?? 'invalid'}` };
}
