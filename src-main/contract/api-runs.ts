// The run lifecycle part of the API: start, stop, resume, duplicate, sweeps, logs, presets.
// Merged into api.ts's requestSchemas and Responses. The run config itself is checked by
// parseRunConfig in the service, so its errors name the field inside `config`.
import { z } from 'zod';
import type { ResolvedPreset } from './config/presets';
import type { LogLevel } from './trainer-protocol';
import type { Experiment, Run } from './entities';
import type { BaseHeldOut } from './eval-record';
import { MAX_SWEEP_RUNS } from './config/sweep';
import { forbiddenSegment } from './path-safety';
import type { RunConfig } from './run-config';

const id = z.number().int().positive();
const name = z.string().trim().min(1, 'must not be empty').max(200);
const configObject = z.record(z.string(), z.unknown());
/** Dotted config path ("mask.rho", "seed") → the values to try. */
const grid = z
  .record(
    z
      .string()
      .max(200)
      .regex(/^[A-Za-z]\w*(\.[A-Za-z]\w*)*$/, 'grid keys are dotted config paths (mask.rho)')
      .refine(
        (k) => forbiddenSegment(k) === undefined,
        'grid keys may not use __proto__, constructor or prototype',
      ),
    z
      .array(z.union([z.string().max(200), z.number(), z.boolean(), z.null()]))
      .min(1, 'needs at least one value')
      .max(
        MAX_SWEEP_RUNS,
        `at most ${MAX_SWEEP_RUNS} values per key (a sweep queues at most ${MAX_SWEEP_RUNS} runs)`,
      ),
  )
  .refine((g) => Object.keys(g).length <= 32, 'at most 32 grid keys');

export const runRequestSchemas = {
  /** Queues a run. `preset` fills the config; `config` overrides it (both optional). */
  'runs.create': z
    .object({
      experimentId: id.optional(),
      experimentName: name.optional(),
      name: name.optional(),
      preset: z.string().min(1).max(100).optional(),
      config: configObject.optional(),
    })
    .strict(),
  /** Stops a run: a queued one at once, a running one after its current step (checkpointed). */
  'runs.stop': z.object({ id }).strict(),
  /** Continues a stopped/interrupted/crashed/failed run from its last checkpoint. */
  'runs.resume': z.object({ id }).strict(),
  /** The config (and a suggested name) of a run, to fill the new-run form. */
  'runs.duplicate': z.object({ id }).strict(),
  /** Expands a grid into an experiment of queued runs. */
  'sweeps.create': z
    .object({
      experimentId: id.optional(),
      experimentName: name.optional(),
      preset: z.string().min(1).max(100).optional(),
      /** Base config (a run preset's, or the defaults, when absent), before the grid. */
      config: configObject.optional(),
      grid: grid.optional(),
      seeds: z.array(z.number().int().min(0)).min(1).max(100).optional(),
      steps: z.number().int().min(1).optional(),
    })
    .strict(),
  'logs.get': z
    .object({
      runId: id,
      afterSeq: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(100_000).optional(),
    })
    .strict(),
  'presets.list': z.object({}).strict(),
} as const;

/** One line of a run's log, numbered in order of arrival (store, API and CLI alike). */
export interface RunLogLine {
  seq: number;
  time: string;
  level: LogLevel;
  message: string;
}

/** The base a preset starts from and what it was measured to score, so a dead start shows. */
export interface PresetBase {
  /** null: fresh weights (no SFT base). */
  name: string | null;
  /** Its measured held-out scores; null when not measured (then `note` says why). */
  heldOut: BaseHeldOut[] | null;
  note: string | null;
}

/** A preset as offered: resolved by contract/config/presets.ts (base config + arms), with every
 * base its runs start from (a sweep's arms may differ) and their measured scores. */
export type PresetInfo = ResolvedPreset & { bases?: PresetBase[] };

export interface RunResponses {
  'runs.create': Run;
  'runs.stop': Run;
  'runs.resume': Run;
  'runs.duplicate': { experimentId: number; name: string; config: RunConfig };
  'sweeps.create': { experiment: Experiment; runs: Run[] };
  'logs.get': RunLogLine[];
  'presets.list': PresetInfo[];
}
