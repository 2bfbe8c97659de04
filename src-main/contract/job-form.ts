// What a cluster job needs that Forkbench cannot know: where the model and data live on the
// cluster, how many machines, where outputs go, and how to reach Ray. Validated at the API edge.
import { z } from 'zod';

const path = z.string().trim().min(1, 'must not be empty').max(4096);

export const jobFormSchema = z
  .strictObject({
    /** HF model directory on the cluster's shared filesystem, or a hub id. */
    modelPath: path,
    /** Training data files (parquet/jsonl) as the cluster sees them. */
    trainFiles: z.array(path).min(1, 'needs at least one training file').max(64),
    /** Validation data files; empty = no validation. */
    valFiles: z.array(path).max(64).default([]),
    nodes: z.number().int().min(1).max(4096).default(1),
    gpusPerNode: z.number().int().min(1).max(64).default(8),
    /** Absolute output directory on the shared filesystem (checkpoints, logs, dumps). */
    outputDir: path.refine((p) => p.startsWith('/'), 'must be an absolute cluster path'),
    /** Ray dashboard address (verl); passed as --address, never taken from the environment. */
    rayAddress: z
      .string()
      .trim()
      .url('must be a URL like http://127.0.0.1:8265')
      .default('http://127.0.0.1:8265'),
    /**
     * Absolute path of a local checkout of the pinned verl fork, uploaded by Ray as the job's
     * working_dir; empty = launch.sh reads $VERL_WORKING_DIR.
     */
    workingDir: z
      .string()
      .trim()
      .max(4096)
      .refine((p) => p === '' || p.startsWith('/'), 'must be an absolute path (or empty)')
      .default(''),
    /** TRL with more than one node: the rank-0 machine's address for accelerate. */
    mainProcessIp: z.string().trim().min(1).max(255).optional(),
    mainProcessPort: z.number().int().min(1).max(65535).default(29500),
    /** Project name in the engines' loggers. */
    project: z
      .string()
      .trim()
      .regex(/^[\w.-]{1,100}$/, 'letters, digits, . - _ only')
      .default('forkbench'),
  })
  .superRefine((f, ctx) => {
    const total = f.nodes * f.gpusPerNode;
    if (total > 65536) ctx.addIssue({ code: 'custom', path: ['nodes'], message: 'too many GPUs' });
  });

export type JobForm = z.output<typeof jobFormSchema>;
export type JobFormInput = z.input<typeof jobFormSchema>;
