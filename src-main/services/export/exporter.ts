// The exports themselves, over the store: metric CSV/JSON, a run's log, a run bundle (JSONL) and
// figures (SVG/PDF). Shared by the API (with size limits) and the CLI (without).
import type { ExportFile } from '../../contract/api-export';
import type { MetricSeries, Run } from '../../contract/entities';
import { WorkbenchError } from '../../contract/result';
import type { BuildOptions, FigureSpec, SourceSeries } from '../../figures';
import { buildFigureSpec, debiasedEma, renderPdf, renderSvg } from '../../figures';
import type { Store } from '../../store';
import { longCsv, tensorboardCsv } from './csv';
import type { ExportLimits } from './files';
import {
  API_LIMITS,
  TOO_LARGE_HINT,
  binaryFile,
  checkBytes as checkFileBytes,
  safeName,
  textFile,
} from './files';

export type { ExportLimits } from './files';
export { API_LIMITS, NO_LIMITS, safeName } from './files';

export interface FigureRequest extends BuildOptions {
  width?: number;
  height?: number;
}

const text = textFile;
const binary = binaryFile;

export function createExporter(store: Store, limits: ExportLimits = API_LIMITS) {
  function run(id: number, field = 'runIds'): Run {
    const r = store.runs.get(id);
    if (!r) throw new WorkbenchError('not_found', `run #${id} does not exist`, field);
    return r;
  }

  const checkBytes = (file: ExportFile): ExportFile => checkFileBytes(file, limits);

  /** Series of runs × keys (all of each run's keys when none given), checked against the limit. */
  function series(runIds: readonly number[], keys?: readonly string[]) {
    const out: (MetricSeries & { runName: string })[] = [];
    let total = 0;
    for (const id of runIds) {
      const r = run(id);
      for (const s of store.metrics.series(id, keys ? { keys } : {})) {
        total += s.points.length;
        if (total > limits.maxPoints)
          throw new WorkbenchError(
            'payload_too_large',
            `more than ${limits.maxPoints.toLocaleString('en-US')} points; choose fewer runs or keys, or ${TOO_LARGE_HINT}`,
          );
        out.push({ ...s, runName: r.name });
      }
    }
    // A key no run has is a typo, not an empty export: name it and what exists instead.
    const known = keys ? [...new Set(runIds.flatMap((id) => store.metrics.keys(id)))].sort() : [];
    const unknown = (keys ?? []).filter((k) => !known.includes(k));
    if (unknown.length > 0) {
      const shown = known.slice(0, 12).join(', ') + (known.length > 12 ? ', …' : '');
      throw new WorkbenchError(
        'invalid_request',
        `keys: no metric ${unknown.map((k) => `"${k}"`).join(', ')} in run${runIds.length > 1 ? 's' : ''} ` +
          `#${runIds.join(', #')} (${known.length ? `it has ${shown}` : 'no metrics recorded yet'})`,
        'keys',
      );
    }
    return out;
  }

  function baseName(runIds: readonly number[], keys?: readonly string[]): string {
    const runs =
      runIds.length === 1
        ? `run-${runIds[0]}`
        : `runs-${runIds.slice(0, 4).join('-')}${runIds.length > 4 ? '-etc' : ''}`;
    const k =
      keys && keys.length > 0 ? `-${keys.length === 1 ? keys[0] : `${keys.length}-keys`}` : '';
    return safeName(`${runs}${k}`);
  }

  function metricsCsv(req: {
    runIds: number[];
    keys?: string[];
    format: 'tensorboard' | 'long';
    smoothing?: number;
  }): ExportFile {
    if (req.format === 'tensorboard') {
      if (req.runIds.length !== 1 || req.keys?.length !== 1)
        throw new WorkbenchError(
          'invalid_request',
          "TensorBoard's CSV holds one series: give exactly one run and one key (or use the long format)",
          'keys',
        );
      const [s] = series(req.runIds, req.keys);
      const key = req.keys[0] as string;
      if (!s || s.points.length === 0)
        throw new WorkbenchError(
          'not_found',
          `run #${req.runIds[0]} has no metric '${key}'`,
          'keys',
        );
      return checkBytes(
        text(
          `${baseName(req.runIds, req.keys)}.csv`,
          'text/csv',
          tensorboardCsv(s.points),
          s.points.length,
        ),
      );
    }
    const all = series(req.runIds, req.keys).map((s) => ({
      ...s,
      ...(req.smoothing !== undefined
        ? {
            smoothed: debiasedEma(
              s.points.map((p) => p.value),
              req.smoothing,
            ),
          }
        : {}),
    }));
    const { text: csv, rows } = longCsv(all);
    return checkBytes(text(`${baseName(req.runIds, req.keys)}.csv`, 'text/csv', csv, rows));
  }

  /** `{ format, runs: [{ id, name, …, series: { key: [[wallTime, step, value], …] } }] }`. */
  function metricsJson(req: { runIds: number[]; keys?: string[] }): ExportFile {
    const all = series(req.runIds, req.keys);
    const runs = req.runIds.map((id) => {
      const r = run(id);
      const mine = all.filter((s) => s.runId === id);
      return {
        id,
        name: r.name,
        experimentId: r.experimentId,
        status: r.status,
        series: Object.fromEntries(
          mine.map((s) => [
            s.key,
            s.points.map((p) => [p.wallTime, p.step, Number.isFinite(p.value) ? p.value : null]),
          ]),
        ),
      };
    });
    const data = JSON.stringify({
      format: 'forkbench.metrics/1',
      columns: ['wall_time', 'step', 'value'],
      runs,
    });
    const rows = all.reduce((n, s) => n + s.points.length, 0);
    return checkBytes(
      text(`${baseName(req.runIds, req.keys)}.json`, 'application/json', data, rows),
    );
  }

  function runLog(req: { runId: number }): ExportFile {
    const r = run(req.runId, 'runId');
    const lines = store.logs.list(req.runId, { limit: Number.MAX_SAFE_INTEGER });
    const body = lines
      .map((l) => `${l.time} ${l.level.toUpperCase().padEnd(5)} ${l.message}`)
      .join('\n');
    return checkBytes(
      text(
        `${safeName(`run-${r.id}-${r.name}`)}.log.txt`,
        'text/plain',
        body ? `${body}\n` : '',
        lines.length,
      ),
    );
  }

  /** JSONL: one JSON object per line; `type` says what each line is. */
  function runBundle(req: { runId: number; rollouts?: boolean; logs?: boolean }): ExportFile {
    const r = run(req.runId, 'runId');
    const lines: string[] = [];
    const experiment = store.experiments.get(r.experimentId);
    lines.push(
      JSON.stringify({
        type: 'header',
        format: 'forkbench.bundle',
        version: 1,
        exportedAt: new Date().toISOString(),
        run: r,
        experiment: experiment
          ? {
              id: experiment.id,
              name: experiment.name,
              description: experiment.description,
              tags: experiment.tags,
            }
          : null,
        config: r.config,
        params: store.params.get(r.id),
        tags: r.tags,
        notes: r.notes,
        summaries: store.metrics.summaries(r.id),
        checkpoints: store.checkpoints.list(r.id),
      }),
    );
    for (const s of series([r.id]))
      for (const p of s.points)
        lines.push(
          JSON.stringify({
            type: 'metric',
            key: s.key,
            step: p.step,
            wallTime: p.wallTime,
            value: Number.isFinite(p.value) ? p.value : null,
          }),
        );
    for (const e of store.evals.list(r.id)) lines.push(JSON.stringify({ type: 'eval', ...e }));
    if (req.rollouts !== false)
      for (const step of store.rollouts.steps(r.id))
        for (const s of store.rollouts.list(r.id, step))
          lines.push(JSON.stringify({ type: 'rollout', ...s }));
    if (req.logs !== false)
      for (const l of store.logs.list(r.id, { limit: Number.MAX_SAFE_INTEGER }))
        lines.push(JSON.stringify({ type: 'log', ...l }));
    return checkBytes(
      text(
        `${safeName(`run-${r.id}-${r.name}`)}.bundle.jsonl`,
        'application/x-ndjson',
        `${lines.join('\n')}\n`,
        lines.length,
      ),
    );
  }

  function source(runIds: readonly number[], keys: readonly string[]): SourceSeries[] {
    return series(runIds, keys).map((s) => ({
      runId: s.runId,
      runName: s.runName,
      key: s.key,
      points: s.points,
    }));
  }

  /** The figure spec of one chart (keys overlaid), as the app draws it. */
  function figureSpec(
    runIds: readonly number[],
    keys: readonly string[],
    options: FigureRequest = {},
  ): FigureSpec {
    const { width: _w, height: _h, ...build } = options;
    const src = source(runIds, keys);
    if (src.every((s) => s.points.length === 0))
      throw new WorkbenchError(
        'not_found',
        `no points for ${keys.join(', ')} in run${runIds.length > 1 ? 's' : ''} #${runIds.join(', #')}`,
        'keys',
      );
    return buildFigureSpec(src, build);
  }

  function figure(
    req: { runIds: number[]; keys: string[]; format: 'svg' | 'pdf' } & FigureRequest,
  ): ExportFile {
    const { runIds, keys, format, ...options } = req;
    const spec = figureSpec(runIds, keys, options);
    const size = { width: options.width, height: options.height };
    const name = baseName(runIds, keys);
    if (format === 'svg')
      return checkBytes(text(`${name}.svg`, 'image/svg+xml', renderSvg(spec, size)));
    return checkBytes(binary(`${name}.pdf`, 'application/pdf', renderPdf(spec, size), 1));
  }

  /** All charts as one multi-page PDF (default: one page per metric key of the first run). */
  function figureSheet(
    req: { runIds: number[]; charts?: { title?: string; keys: string[] }[] } & FigureRequest,
  ): ExportFile {
    const { runIds, charts, ...options } = req;
    runIds.forEach((id) => run(id));
    const list =
      charts ??
      [...new Set(runIds.flatMap((id) => store.metrics.keys(id)))]
        .sort()
        .map((key): { title?: string; keys: string[] } => ({ keys: [key] }));
    if (list.length === 0)
      throw new WorkbenchError(
        'not_found',
        `run #${runIds.join(', #')} has no metrics yet`,
        'runIds',
      );
    const specs = list.map((c) => {
      const src = source(runIds, c.keys);
      return buildFigureSpec(src, { ...options, ...(c.title ? { title: c.title } : {}) });
    });
    const size = { width: options.width, height: options.height };
    const bytes = renderPdf(specs, {
      ...size,
      title: `Forkbench figures: ${runIds.map((id) => run(id).name).join(', ')}`,
    });
    return checkBytes(
      binary(`${baseName(runIds)}-figures.pdf`, 'application/pdf', bytes, specs.length),
    );
  }

  return {
    metricsCsv,
    metricsJson,
    runLog,
    runBundle,
    figure,
    figureSheet,
    figureSpec,
    source,
    series,
  };
}

export type Exporter = ReturnType<typeof createExporter>;
