// export.lens: the token-entropy lens's figures (SVG, PDF; PNG rasterises the SVG) and data (CSV,
// JSON), built from the same analyses its views call (analysis.entropy, rollouts.list, a
// finished analysis job). Shared by the API (with size limits) and the CLI (without).
import type {
  AnalysisKind,
  EntropyAnalysis,
  OverlapResult,
  RolloutListResponse,
  RolloutView,
  TemperatureResult,
} from '../../contract/api-analysis';
import type { ExportFile } from '../../contract/api-export';
import type { Run } from '../../contract/entities';
import { WorkbenchError } from '../../contract/result';
import type { AnyFigureSpec } from '../../figures';
import {
  changeFigure,
  histogramFigure,
  overlapFigure,
  percentilesFigure,
  renderPdf,
  renderSvg,
  rolloutFigure,
  temperatureFigure,
  tokensFigure,
} from '../../figures';
import type { Store } from '../../store';
import { analysisServices } from '../analysis';
import { notFound } from '../experiments';
import type { Parsed } from '../types';
import type { ExportLimits } from './files';
import { API_LIMITS, binaryFile, checkBytes, safeName, textFile } from './files';
import type { Table } from './lens-csv';
import { rulesCsv, rulesFigure } from './lens-rules';
import { ruleComparison } from '../rule-comparison';
import {
  changeCsv,
  histogramCsv,
  overlapCsv,
  percentilesCsv,
  rolloutCsv,
  temperatureCsv,
  tokensCsv,
} from './lens-csv';

export type LensRequest = Parsed<'export.lens'>;

/** What one lens export is made of: its file name, figures, table and JSON, built lazily. */
interface LensExport {
  name: string;
  figures: () => AnyFigureSpec[];
  table: () => Table;
  json: () => unknown;
}

const PERCENTILE_KEYS = ['entropy/p50', 'entropy/p80', 'entropy/p95', 'entropy/p99'];

function list(steps: readonly number[]): string {
  return steps.length > 12
    ? `${steps.slice(0, 6).join(', ')}, …, ${steps.slice(-3).join(', ')}`
    : steps.join(', ');
}

export function createLensExporter(store: Store, limits: ExportLimits = API_LIMITS) {
  const analysis = analysisServices({ store });

  function mustRun(id: number): Run {
    const run = store.runs.get(id);
    if (!run) throw notFound('run', id, 'runId');
    return run;
  }

  /** The stored steps, checked against the request's step or range. */
  function storedSteps(req: LensRequest): number[] {
    const steps = store.rollouts.steps(req.runId);
    if (steps.length === 0)
      throw new WorkbenchError(
        'not_found',
        `run #${req.runId} has no stored rollouts yet (they are stored as it trains)`,
        'runId',
      );
    if (req.step !== undefined && !steps.includes(req.step))
      throw new WorkbenchError(
        'not_found',
        `run #${req.runId} has no rollouts stored at step ${req.step} (stored steps: ${list(steps)})`,
        'step',
      );
    const from = req.fromStep ?? -Infinity;
    const to = req.toStep ?? Infinity;
    if (!steps.some((s) => s >= from && s <= to))
      throw new WorkbenchError(
        'not_found',
        `run #${req.runId} has no rollouts stored in steps ${req.fromStep ?? 'first'}–${req.toStep ?? 'last'} (stored steps: ${list(steps)})`,
        'fromStep',
      );
    return steps;
  }

  function entropy(req: LensRequest, table: boolean): EntropyAnalysis {
    storedSteps(req);
    return analysis['analysis.entropy']({
      runId: req.runId,
      ...(req.step === undefined ? {} : { step: req.step }),
      ...(req.fromStep === undefined ? {} : { fromStep: req.fromStep }),
      ...(req.toStep === undefined ? {} : { toStep: req.toStep }),
      ...(req.bins === undefined ? {} : { bins: req.bins }),
      minCount: table ? (req.minCount ?? 10) : 0,
      topN: table ? (req.topN ?? 20) : 1,
    }) as EntropyAnalysis;
  }

  function rollouts(req: LensRequest & { step: number }) {
    storedSteps(req);
    const data = analysis['rollouts.list']({
      runId: req.runId,
      step: req.step,
    }) as RolloutListResponse;
    let samples: RolloutView[] = data.samples;
    if (req.idx !== undefined) {
      const one = samples.find((s) => s.idx === req.idx);
      if (!one)
        throw new WorkbenchError(
          'not_found',
          `step ${req.step} of run #${req.runId} has no rollout #${req.idx} (idx ${list(samples.map((s) => s.idx))})`,
          'idx',
        );
      samples = [one];
    }
    return { samples, vocab: data.vocab };
  }

  /** The requested (or newest finished) analysis job's result; never a running or failed one. */
  function finished<K extends AnalysisKind>(req: LensRequest, kind: K) {
    const noun = kind === 'overlap' ? 'overlap' : 'temperature';
    let id = req.analysisId;
    if (id === undefined) {
      const jobs = store.analysisResults.list(req.runId, kind);
      const done = jobs.find((j) => j.status === 'done');
      if (!done) {
        const running = jobs.find((j) => j.status === 'running');
        if (running)
          throw new WorkbenchError(
            'conflict',
            `the ${noun} analysis of run #${req.runId} (#${running.id}) has not finished yet; export it when it is done`,
            'analysisId',
          );
        throw new WorkbenchError(
          'not_found',
          `run #${req.runId} has no finished ${noun} analysis; run it in the app's ${kind === 'overlap' ? 'Pattern overlap' : 'Temperature'} view or with 'forkbench analyze ${kind} ${req.runId}'`,
          'analysisId',
        );
      }
      id = done.id;
    }
    const job = store.analysisResults.get(id);
    if (!job || job.runId !== req.runId)
      throw notFound(`analysis of run #${req.runId}`, id, 'analysisId');
    if (job.kind !== kind)
      throw new WorkbenchError(
        'invalid_request',
        `analysis #${id} is ${job.kind === 'overlap' ? 'an' : 'a'} ${job.kind} analysis; '${req.what}' needs ${kind === 'overlap' ? 'an' : 'a'} ${kind} one`,
        'analysisId',
      );
    if (job.status !== 'done' || job.result === null)
      throw new WorkbenchError(
        'conflict',
        `analysis #${id} has not finished (${job.status}${job.error ? `: ${job.error}` : ''}); only a finished analysis exports`,
        'analysisId',
      );
    return {
      id,
      result: job.result as K extends 'overlap' ? OverlapResult : TemperatureResult,
    };
  }

  function build(req: LensRequest): LensExport {
    const run = mustRun(req.runId);
    const o = { run: `${run.name} (#${run.id})`, ...(req.title ? { title: req.title } : {}) };
    const base = `run-${run.id}`;
    const range =
      req.step !== undefined
        ? `-step-${req.step}`
        : req.fromStep !== undefined || req.toStep !== undefined
          ? `-steps-${req.fromStep ?? 'first'}-${req.toStep ?? 'last'}`
          : '';
    const head = { format: 'forkbench.lens/1', what: req.what, runId: run.id, run: run.name };
    switch (req.what) {
      case 'histogram': {
        const a = entropy(req, false);
        const { tokenTable: _t, perStep: _p, ...data } = a;
        return {
          name: `${base}-entropy-histogram${range}`,
          figures: () => [histogramFigure(a, o)],
          table: () => histogramCsv(a),
          json: () => ({ ...head, ...data }),
        };
      }
      case 'percentiles': {
        const a = entropy(req, false);
        const metrics = store.metrics
          .series(run.id, { keys: PERCENTILE_KEYS })
          .filter((m) => m.points.length > 0)
          .map((m) => ({ key: m.key, points: m.points }));
        return {
          name: `${base}-entropy-percentiles`,
          figures: () => [percentilesFigure(a.perStep, metrics, o)],
          table: () => percentilesCsv(a.perStep),
          json: () => ({ ...head, perStep: a.perStep }),
        };
      }
      case 'tokens': {
        const a = entropy(req, true);
        return {
          name: `${base}-forking-tokens${range}`,
          figures: () => [tokensFigure(a, o)],
          table: () => tokensCsv(a.tokenTable),
          json: () => ({ ...head, steps: a.steps, tokens: a.tokens, tokenTable: a.tokenTable }),
        };
      }
      case 'rollout': {
        const step = req.step as number; // the contract requires it
        const { samples, vocab } = rollouts({ ...req, step });
        const colourBy = req.colourBy ?? 'entropy';
        return {
          name: `${base}-step-${step}-${req.idx === undefined ? 'rollouts' : `rollout-${req.idx}`}`,
          figures: () =>
            samples.map((sample) => rolloutFigure({ step, sample, vocab, colourBy }, o)),
          table: () => rolloutCsv(step, samples, vocab),
          json: () => ({ ...head, step, vocab, samples }),
        };
      }
      case 'overlap':
      case 'change': {
        const { id, result } = finished(req, 'overlap');
        const change = req.what === 'change';
        return {
          name: `${base}-${change ? 'entropy-change' : 'overlap'}`,
          figures: () => [change ? changeFigure(result, o) : overlapFigure(result, o)],
          table: () => (change ? changeCsv(result) : overlapCsv(result)),
          json: () => ({ ...head, analysisId: id, result }),
        };
      }
      case 'rules': {
        const step = req.step as number; // the contract requires it
        const view = ruleComparison(store, run.id, step);
        return {
          name: `${base}-step-${step}-token-rules`,
          figures: () => [rulesFigure(view, o)],
          table: () => rulesCsv(view),
          json: () => ({ ...head, ...view }),
        };
      }
      case 'temperature': {
        const { id, result } = finished(req, 'temperature');
        return {
          name: `${base}-temperature`,
          figures: () => [temperatureFigure(result, o)],
          table: () => temperatureCsv(result),
          json: () => ({ ...head, analysisId: id, result }),
        };
      }
    }
  }

  /** The figure specs of an export (one per page; a step's rollouts give one each). */
  function figures(req: LensRequest): { name: string; specs: AnyFigureSpec[] } {
    const e = build(req);
    return { name: safeName(e.name), specs: e.figures() };
  }

  function lens(req: LensRequest): ExportFile {
    const e = build(req);
    const name = safeName(e.name);
    const size = { width: req.width, height: req.height };
    let file: ExportFile;
    if (req.format === 'csv') {
      const t = e.table();
      file = textFile(`${name}.csv`, 'text/csv', t.text, t.rows);
    } else if (req.format === 'json')
      file = textFile(`${name}.json`, 'application/json', `${JSON.stringify(e.json())}\n`);
    else {
      const specs = e.figures();
      if (req.format === 'svg') {
        file = textFile(`${name}.svg`, 'image/svg+xml', renderSvg(specs[0] as AnyFigureSpec, size));
      } else {
        const pdf = renderPdf(specs, { ...size, title: specs[0]?.title ?? name });
        file = binaryFile(`${name}.pdf`, 'application/pdf', pdf, specs.length);
      }
    }
    return checkBytes(file, limits);
  }

  return { lens, figures };
}

export type LensExporter = ReturnType<typeof createLensExporter>;
