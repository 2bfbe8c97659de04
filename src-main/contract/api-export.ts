// The export part of the API: metric data (CSV, JSON), a run's log, a run bundle (JSONL), figures
// (SVG, PDF, figure sheets), the token-entropy lens's figures and data (export.lens) and, in the
// desktop app only, saving a file through a save dialog. Merged into api.ts's requestSchemas and
// Responses.
import { z } from 'zod';
import { entropySelection } from './api-analysis';

const id = z.number().int().positive();
const runIds = z.array(id).min(1, 'needs at least one run').max(100);
const key = z.string().min(1).max(200);
const keys = z.array(key).min(1).max(200);
const smoothing = z.number().min(0).max(0.999);
const scale = z.enum(['linear', 'log']);
const figureOptions = {
  smoothing: smoothing.optional(),
  showRaw: z.boolean().optional(),
  aggregate: z.enum(['none', 'mean-std']).optional(),
  /**
   * Series grouping as the compare view shows it: each group one line (mean ± std over its runs
   * with aggregate 'mean-std', a band only where n ≥ 2) in its own colour. Runs in no group are left
   * out.
   */
  groups: z
    .array(
      z
        .object({
          label: z.string().max(200),
          runIds: z.array(id).min(1).max(100),
          colour: z
            .string()
            .regex(/^#[0-9a-fA-F]{6}$/)
            .optional(),
        })
        .strict(),
    )
    .min(1)
    .max(100)
    .optional(),
  title: z.string().max(200).optional(),
  yLabel: z.string().max(200).optional(),
  xScale: scale.optional(),
  yScale: scale.optional(),
  legend: z.enum(['auto', 'top', 'right', 'none']).optional(),
  width: z.number().int().min(160).max(4000).optional(),
  height: z.number().int().min(120).max(4000).optional(),
};

/**
 * What export.lens exports, view by view: histogram (Fig. 2a) and percentiles (Fig. 5) and tokens
 * (Fig. 2b/c) of the entropy view, one rollout (or a step's rollouts) of the rollouts view,
 * overlap (Table 1) and change (Fig. 4) of the overlap view, temperature (Fig. 3), and the
 * same-rollout token-rule comparison (rules) of the rules view.
 */
export const LENS_EXPORTS = [
  'histogram',
  'percentiles',
  'tokens',
  'rollout',
  'overlap',
  'change',
  'temperature',
  'rules',
] as const;
export type LensExportKind = (typeof LENS_EXPORTS)[number];
export const LENS_FORMATS = ['svg', 'pdf', 'csv', 'json'] as const;
export type LensFormat = (typeof LENS_FORMATS)[number];

const lensRequest = z
  .object({
    runId: id,
    what: z.enum(LENS_EXPORTS),
    /** 'svg' and 'pdf': the figure (PNG: the SVG rasterised); 'csv', 'json': its data. */
    format: z.enum(LENS_FORMATS),
    /**
     * histogram, tokens: the stored steps, bins and token tables as analysis.entropy takes them
     * (topN default 20 here); rollout: `step` is the step its rollouts were stored at.
     */
    ...entropySelection,
    /** rollout: the sample's idx at `step` (without: every sample of the step; not for SVG). */
    idx: z.number().int().min(0).optional(),
    /** rollout: what colours the tokens (default entropy). */
    colourBy: z.enum(['entropy', 'advantage', 'logprob', 'mask']).optional(),
    /** overlap, change, temperature: the analysis job (default: the newest finished one). */
    analysisId: id.optional(),
    title: z.string().max(200).optional(),
    width: z.number().int().min(160).max(4000).optional(),
    height: z.number().int().min(120).max(4000).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (r.what === 'rules' && r.step === undefined)
      issue('step', 'a rules export needs the step whose stored rollouts it compares');
    if (r.what === 'rollout' && r.step === undefined)
      issue('step', 'a rollout export needs the step its rollouts were stored at');
    if (r.what === 'rollout' && r.format === 'svg' && r.idx === undefined)
      issue(
        'idx',
        'an SVG holds one rollout: give its idx (PDF, CSV and JSON take the whole step)',
      );
    if (r.step !== undefined && (r.fromStep !== undefined || r.toStep !== undefined))
      issue('step', 'give step, or fromStep/toStep, not both');
    if (r.fromStep !== undefined && r.toStep !== undefined && r.fromStep > r.toStep)
      issue('fromStep', `fromStep ${r.fromStep} is after toStep ${r.toStep}`);
  });

export const exportRequestSchemas = {
  /** 'tensorboard': `Wall time,Step,Value` (one run, one key); 'long': one row per point. */
  'export.metricsCsv': z
    .object({
      runIds,
      keys: keys.optional(),
      format: z.enum(['tensorboard', 'long']).default('long'),
      /** Adds a `smoothed` column (long format) with this debiased-EMA weight. */
      smoothing: smoothing.optional(),
    })
    .strict(),
  'export.metricsJson': z.object({ runIds, keys: keys.optional() }).strict(),
  'export.runLog': z.object({ runId: id }).strict(),
  /** JSONL: a header line (run, config, tags, notes), then metrics, evals, rollouts, logs. */
  'export.runBundle': z
    .object({ runId: id, rollouts: z.boolean().optional(), logs: z.boolean().optional() })
    .strict(),
  /** One chart: the keys overlaid, one line per run × key. */
  'export.figure': z
    .object({ runIds, keys: keys.max(20), format: z.enum(['svg', 'pdf']), ...figureOptions })
    .strict(),
  /** A multi-page PDF, one chart per page (default: one per metric key). */
  'export.figureSheet': z
    .object({
      runIds,
      charts: z
        .array(z.object({ title: z.string().max(200).optional(), keys: keys.max(20) }).strict())
        .min(1)
        .max(200)
        .optional(),
      ...figureOptions,
    })
    .strict(),
  /** A lens view's figure (SVG, PDF) or data (CSV, JSON), built from what the view shows. */
  'export.lens': lensRequest,
  /** Desktop app only: asks where to save (a save dialog) and writes the file. */
  'app.saveFile': z
    .object({
      suggestedName: z.string().trim().min(1).max(200),
      data: z.string().max(200_000_000),
      encoding: z.enum(['utf8', 'base64']).default('utf8'),
    })
    .strict(),
} as const;

/** A file to download or save: text (utf8) or binary (base64). */
export interface ExportFile {
  filename: string;
  mime: string;
  encoding: 'utf8' | 'base64';
  data: string;
  /** Size of the decoded file. */
  bytes: number;
  /** Data rows (CSV rows, JSONL lines, pages), when meaningful. */
  rows?: number;
}

export interface ExportResponses {
  'export.metricsCsv': ExportFile;
  'export.metricsJson': ExportFile;
  'export.runLog': ExportFile;
  'export.runBundle': ExportFile;
  'export.figure': ExportFile;
  'export.figureSheet': ExportFile;
  'export.lens': ExportFile;
  'app.saveFile': { saved: boolean; path: string | null };
}
