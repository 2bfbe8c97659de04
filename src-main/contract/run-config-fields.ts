// The run config's building blocks: the enumerations, the per-task limits, and `field`, which
// gives a schema its default and records its row in runConfigFields (the form's field table).
// Split from run-config.ts; import from there.
import { z } from 'zod';

export const TASK_IDS = ['pair-search', 'countdown', 'arithmetic'] as const;
export const MASK_MODES = ['all', 'top', 'bottom', 'random'] as const;
export const THRESHOLD_SCOPES = ['microbatch', 'batch'] as const;
export const NORMALIZERS = ['selected', 'all'] as const;
export const BACKENDS = ['auto', 'tfjs-node-gpu', 'tfjs-node', 'webgpu', 'wasm', 'cpu'] as const;

/** Longest BOS + prompt of each task, its held-out benchmarks included (checked by engine tests). */
export const TASK_MAX_PROMPT_TOKENS: Record<(typeof TASK_IDS)[number], number> = {
  'pair-search': 11,
  countdown: 11,
  arithmetic: 25,
};

/** Benchmark ids each task offers (engine/tasks defines them; an engine test keeps them equal). */
export const TASK_BENCHMARKS: Record<(typeof TASK_IDS)[number], readonly string[]> = {
  'pair-search': ['pair-heldout'],
  countdown: ['countdown3-heldout', 'countdown4-heldout'],
  arithmetic: ['arith-heldout', 'arith-hard'],
};

export interface FieldMeta {
  /** Dotted path in the config ("mask.rho"). */
  path: string;
  description: string;
  unit: string;
  default: unknown;
  kind: 'number' | 'integer' | 'boolean' | 'enum' | 'string' | 'list';
  options?: readonly string[];
}

/** One row per field, in form order. */
export const runConfigFields: FieldMeta[] = [];

export function field<T extends z.ZodType>(
  path: string,
  schema: T,
  meta: Omit<FieldMeta, 'path'> & { default: z.input<T> },
) {
  runConfigFields.push({ path, ...meta });
  return schema
    .default(meta.default as never)
    .meta({ description: meta.description, unit: meta.unit });
}

export const int = (min: number, max = 1_000_000) =>
  z.int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
export const positive = () => z.number().gt(0, 'must be > 0');
