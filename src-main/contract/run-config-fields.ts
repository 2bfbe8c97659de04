// The run config's building blocks: the enumerations and `field`, which
// gives a schema its default and records its row in runConfigFields (the form's field table).
// Split from run-config.ts; import from there.
import { z } from 'zod';

export const MASK_MODES = ['all', 'top', 'bottom', 'random'] as const;
export const THRESHOLD_SCOPES = ['microbatch', 'batch'] as const;
export const NORMALIZERS = ['selected', 'all'] as const;
export const BACKENDS = ['auto', 'tfjs-node-gpu', 'tfjs-node', 'webgpu', 'wasm', 'cpu'] as const;

export interface FieldMeta {
  /** Dotted path in the config ("mask.rho"). */
  path: string;
  description: string;
  unit: string;
  default: unknown;
  kind: 'number' | 'integer' | 'boolean' | 'enum' | 'string' | 'list';
  options?: readonly string[];
  /** Shown only when another field has one of these values (a rule's own parameters). */
  when?: { path: string; values: readonly string[] };
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
