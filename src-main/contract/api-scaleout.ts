// The scale-out part of the API: export a run or experiment as a verl/TRL job bundle, launch and
// follow its jobs, import engine logs (paths on the serving machine, or uploaded files), and
// export runs as TensorBoard event files. Merged into api.ts.
import { z } from 'zod';
import { jobFormSchema } from './job-form';

const id = z.number().int().positive();
const path = z.string().trim().min(1, 'must not be empty').max(4096);

export const ENGINE_IDS = ['verl', 'trl'] as const;
/** Largest upload (decoded bytes, all files together) through imports.upload. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
/** Largest imports.upload request body (base64 of MAX_UPLOAD_BYTES, plus JSON). */
export const MAX_UPLOAD_REQUEST_BYTES = Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 1_000_000;

export const JOB_STATUSES = [
  'starting',
  'submitted',
  'running',
  'succeeded',
  'failed',
  'stopped',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface ScaleoutJob {
  id: number;
  runId: number | null;
  engine: 'verl' | 'trl';
  bundleDir: string;
  launcher: string;
  submissionId: string;
  address: string | null;
  status: JobStatus;
  pid: number | null;
  exitCode: number | null;
  createdAt: string;
  endedAt: string | null;
}

export interface JobLogLine {
  seq: number;
  time: string;
  stream: 'stdout' | 'stderr' | 'engine' | 'forkbench';
  line: string;
}

export interface ExportedJobRun {
  runId: number;
  name: string;
  launcher: string;
  submissionId: string;
  ready: boolean;
  settings: number;
  refused: { field: string; value: unknown; reason: string }[];
  replaced: { field: string; value: unknown; by: string }[];
  notes: string[];
}

export interface ExportedJob {
  dir: string;
  engine: { id: string; label: string; version: string; commit: string; repo: string };
  files: string[];
  runs: ExportedJobRun[];
}

export type LaunchResult =
  | { launched: true; jobs: ScaleoutJob[] }
  | { launched: false; missing: string; install: string; commands: string[] };

/** One imported engine run: what was written and, per file, what was used or skipped. */
export interface ImportedRun {
  runId: number;
  name: string;
  engine: string;
  outcome: 'created' | 'updated' | 'unchanged';
  points: number;
  samples: number;
  files: {
    path: string;
    kind: string;
    used: boolean;
    skipped: { line: number; reason: string }[];
  }[];
}

export interface ImportResult {
  experimentId: number;
  runs: ImportedRun[];
  ignored: string[];
}

const importTarget = {
  /** Experiment for new runs (default: "Imported runs", created when missing). */
  experimentName: z.string().trim().min(1).max(200).optional(),
};

export const scaleoutRequestSchemas = {
  'jobs.export': z
    .object({
      runId: id.optional(),
      experimentId: id.optional(),
      engine: z.enum(ENGINE_IDS),
      form: jobFormSchema,
      /** A new or empty folder on the machine Forkbench runs on. */
      outDir: path,
    })
    .strict()
    .refine((r) => (r.runId === undefined) !== (r.experimentId === undefined), {
      message: 'give runId or experimentId (one of them)',
      path: ['runId'],
    }),
  'jobs.launch': z
    .object({
      bundleDir: path,
      runIds: z.array(id).min(1).max(1000).optional(),
      /** Launch runs whose settings were refused anyway (their launchers stop otherwise). */
      acceptRefused: z.boolean().optional(),
    })
    .strict(),
  'jobs.list': z.object({}).strict(),
  'jobs.get': z
    .object({ id, sinceSeq: z.number().int().min(0).optional(), refresh: z.boolean().optional() })
    .strict(),
  'jobs.stop': z.object({ id }).strict(),
  'imports.paths': z.object({ paths: z.array(path).min(1).max(100), ...importTarget }).strict(),
  'imports.upload': z
    .object({
      files: z
        .array(
          z
            .object({
              /** Relative path as dropped (folder structure tells runs apart). */
              path: z
                .string()
                .trim()
                .min(1)
                .max(1000)
                .regex(/^[^\0]+$/),
              base64: z.string().max(MAX_UPLOAD_REQUEST_BYTES),
              /** Seconds since the epoch (the file's modification time). */
              mtime: z.number().min(0).optional(),
            })
            .strict(),
        )
        .min(1, 'needs at least one file')
        .max(5000),
      ...importTarget,
    })
    .strict(),
  /** Writes one event file per run under outDir (a folder per run). */
  'export.tensorboard': z.object({ runIds: z.array(id).min(1).max(100), outDir: path }).strict(),
} as const;

export interface ScaleoutResponses {
  'jobs.export': ExportedJob;
  'jobs.launch': LaunchResult;
  'jobs.list': ScaleoutJob[];
  'jobs.get': { job: ScaleoutJob; logs: JobLogLine[] };
  'jobs.stop': ScaleoutJob;
  'imports.paths': ImportResult;
  'imports.upload': ImportResult;
  'export.tensorboard': { dir: string; files: { runId: number; path: string; scalars: number }[] };
}
