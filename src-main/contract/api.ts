// The one API contract: every method the renderer (or any client) may call, its request schema
// (validated on the main side, at the edge) and its response type.
import { z } from 'zod';
import type {
  AppInfo,
  Experiment,
  ExperimentWithRuns,
  MetricSeries,
  Run,
  RunDetail,
  RunMetrics,
} from './entities';
import { MAX_RUNS_PER_METRICS_CALL, RUN_STATUSES } from './entities';
import type { Result } from './result';
import type { RunResponses } from './api-runs';
import { runRequestSchemas } from './api-runs';
import type { AnalysisResponses } from './api-analysis';
import { analysisRequestSchemas } from './api-analysis';
import type { ExportResponses } from './api-export';
import type { LlmResponses } from './api-llm';
import { llmRequestSchemas } from './api-llm';
import { exportRequestSchemas } from './api-export';
import type { ScaleoutResponses } from './api-scaleout';
import { scaleoutRequestSchemas } from './api-scaleout';

const id = z.number().int().positive();
const name = z.string().trim().min(1, 'must not be empty').max(200);
const tag = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w.:/@+-]+$/, 'tags use letters, digits and . : / @ + - _');
const tags = z.array(tag).max(64);
const metricKeys = z.array(z.string().min(1).max(200)).max(200);
/**
 * At most about this many points per series: every stride-th step (a power of two, so runs keep
 * shared steps for mean ± std) plus the last point. Omitted: every point.
 */
const maxPoints = z.number().int().min(100).max(1_000_000);

/** Request schemas, one per method. `.strict()` refuses unknown keys. */
export const requestSchemas = {
  'app.info': z.object({}).strict(),
  'experiments.list': z
    .object({
      search: z.string().max(500).optional(),
      includeArchived: z.boolean().optional(),
    })
    .strict(),
  'experiments.get': z.object({ id }).strict(),
  'experiments.create': z
    .object({ name, description: z.string().max(10_000).optional(), tags: tags.optional() })
    .strict(),
  'experiments.update': z
    .object({
      id,
      name: name.optional(),
      description: z.string().max(10_000).optional(),
      tags: tags.optional(),
      archived: z.boolean().optional(),
    })
    .strict(),
  'experiments.delete': z.object({ id }).strict(),
  'runs.list': z
    .object({
      experimentId: id.optional(),
      status: z.enum(RUN_STATUSES).optional(),
      search: z.string().max(500).optional(),
      includeArchived: z.boolean().optional(),
    })
    .strict(),
  'runs.get': z.object({ id }).strict(),
  'runs.update': z
    .object({
      id,
      name: name.optional(),
      tags: tags.optional(),
      notes: z.string().max(100_000).optional(),
      archived: z.boolean().optional(),
    })
    .strict(),
  'runs.delete': z.object({ id }).strict(),
  'metrics.get': z
    .object({
      runId: id,
      keys: metricKeys.optional(),
      /** Only points with step >= sinceStep (inclusive; merge by step on the client). */
      sinceStep: z.number().int().min(0).optional(),
      maxPoints: maxPoints.optional(),
    })
    .strict(),
  /**
   * metrics.get for many runs in one call (the compare view), plus each run's full-resolution
   * summaries (last / min / max of every key, whatever maxPoints thins). Runs come back in the
   * order asked, each once; an unknown run id is a not_found error naming it.
   */
  'metrics.getMany': z
    .object({
      runIds: z
        .array(id)
        .min(1, 'needs at least one run id')
        .max(
          MAX_RUNS_PER_METRICS_CALL,
          `at most ${MAX_RUNS_PER_METRICS_CALL} runs per call; ask in batches`,
        ),
      keys: metricKeys.optional(),
      sinceStep: z.number().int().min(0).optional(),
      maxPoints: maxPoints.optional(),
    })
    .strict(),
  ...runRequestSchemas,
  ...analysisRequestSchemas,
  ...exportRequestSchemas,
  ...scaleoutRequestSchemas,
  ...llmRequestSchemas,
} as const;

export type Method = keyof typeof requestSchemas;
export const METHODS = Object.keys(requestSchemas) as Method[];

export type Request<M extends Method> = z.input<(typeof requestSchemas)[M]>;

export interface Responses
  extends RunResponses, AnalysisResponses, ExportResponses, ScaleoutResponses, LlmResponses {
  'app.info': AppInfo;
  'experiments.list': ExperimentWithRuns[];
  'experiments.get': ExperimentWithRuns;
  'experiments.create': Experiment;
  'experiments.update': Experiment;
  'experiments.delete': { deleted: true };
  'runs.list': Run[];
  'runs.get': RunDetail;
  'runs.update': Run;
  'runs.delete': { deleted: true };
  'metrics.get': MetricSeries[];
  'metrics.getMany': RunMetrics[];
}

/** What the renderer sees: one async function per method, answering a Result envelope. */
export type WorkbenchApi = {
  [M in Method]: (request: Request<M>) => Promise<Result<Responses[M]>>;
};
