// Export actions behind the export menus: one chart (PNG 2×/3×, SVG, PDF, CSV) and a whole run
// (figure sheet PDF, metrics CSV/JSON, log, bundle). The figure itself is built on the main side
// (export.figure, shared with the CLI); PNG rasterises its SVG here.
import type { ExportFile, Method, Request } from '@contract';
import { call } from '../api/client';
import type { CallResult } from '../api/client';
import { toasts } from '../ui/toasts.svelte';
import { bytesToBase64, deliver } from './deliver';
import { svgToPng } from './png';

export interface ChartRef {
  runIds: number[];
  keys: string[];
  title: string;
  smoothing: number;
  logY?: boolean;
  /** The compare view's grouping: one line per group (mean ± std bands), in the screen's colours. */
  groups?: FigureGroup[];
  /** 'mean-std' averages each group's runs; 'none' draws each run in its group's colour. */
  aggregate?: 'none' | 'mean-std';
}

export interface FigureGroup {
  label: string;
  runIds: number[];
  /** `#rrggbb`, as on screen. */
  colour?: string;
}

export type ChartFormat = 'png2' | 'png3' | 'svg' | 'pdf' | 'csv';
export type RunExport = 'sheet' | 'csv' | 'json' | 'log' | 'bundle';

/** Calls the API; on failure shows `action` with the error as a toast and answers null. */
export async function must<M extends Method>(method: M, request: Request<M>, action: string) {
  const result = (await call(method, request)) as CallResult<M>;
  if (!result.ok) {
    toasts.error(action, result.error);
    return null;
  }
  return result.value;
}

export async function exportChart(chart: ChartRef, format: ChartFormat): Promise<boolean> {
  const action = `Could not export “${chart.title}”`;
  if (format === 'csv') {
    const tb = chart.runIds.length === 1 && chart.keys.length === 1;
    const file = await must(
      'export.metricsCsv',
      { runIds: chart.runIds, keys: chart.keys, format: tb ? 'tensorboard' : 'long' },
      action,
    );
    return file ? deliver(file) : false;
  }
  const figure = {
    runIds: chart.runIds,
    keys: chart.keys,
    smoothing: chart.smoothing,
    title: chart.title,
    yScale: chart.logY ? ('log' as const) : ('linear' as const),
    ...(chart.groups ? { groups: chart.groups } : {}),
    ...(chart.aggregate ? { aggregate: chart.aggregate } : {}),
  };
  const file = await must(
    'export.figure',
    { ...figure, format: format === 'pdf' ? 'pdf' : 'svg' },
    action,
  );
  if (!file) return false;
  if (format === 'svg' || format === 'pdf') return deliver(file);
  return deliverPng(file, format === 'png3' ? 3 : 2, action);
}

/** Rasterises an exported SVG here at `scale`× and delivers it as `name@<scale>x.png`. */
export async function deliverPng(file: ExportFile, scale: number, action: string) {
  try {
    const png = await svgToPng(file.data, scale);
    return await deliver({
      filename: file.filename.replace(/\.svg$/, `@${scale}x.png`),
      mime: 'image/png',
      encoding: 'base64',
      data: bytesToBase64(png),
    });
  } catch (err) {
    toasts.push('error', action, (err as Error).message);
    return false;
  }
}

export interface RunRef {
  runId: number;
  /** The charts as the run page shows them (figure sheet pages). */
  charts: { title: string; keys: string[] }[];
  smoothing: number;
}

export async function exportRun(run: RunRef, what: RunExport): Promise<boolean> {
  const action = `Could not export run #${run.runId}`;
  const runIds = [run.runId];
  let file: ExportFile | null;
  if (what === 'sheet') {
    if (run.charts.length === 0) {
      toasts.push('info', 'Nothing to export yet', 'This run has no metrics.');
      return false;
    }
    file = await must(
      'export.figureSheet',
      { runIds, charts: run.charts.slice(0, 200), smoothing: run.smoothing },
      action,
    );
  } else if (what === 'csv')
    file = await must('export.metricsCsv', { runIds, format: 'long' }, action);
  else if (what === 'json') file = await must('export.metricsJson', { runIds }, action);
  else if (what === 'log') file = await must('export.runLog', { runId: run.runId }, action);
  else file = await must('export.runBundle', { runId: run.runId }, action);
  return file ? deliver(file) : false;
}

export interface ChartSetRef {
  runIds: number[];
  /** Every chart on the page, one figure-sheet page each (default: one per metric key). */
  charts?: { title: string; keys: string[] }[];
  smoothing: number;
  logY?: boolean;
  groups?: FigureGroup[];
  aggregate?: 'none' | 'mean-std';
  /** Used in toasts (e.g. "compare", "experiment “x”"). */
  name: string;
}

export type ChartSetExport = 'sheet' | 'csv';

/** All charts of a compare or experiment page: a figure-sheet PDF, or every point as long CSV. */
export async function exportChartSet(set: ChartSetRef, what: ChartSetExport): Promise<boolean> {
  const action = `Could not export ${set.name}`;
  if (set.runIds.length === 0 || set.charts?.length === 0) {
    toasts.push('info', 'Nothing to export yet', 'These runs have no metrics.');
    return false;
  }
  const keys = set.charts ? [...new Set(set.charts.flatMap((c) => c.keys))].slice(0, 200) : null;
  const file =
    what === 'csv'
      ? await must(
          'export.metricsCsv',
          { runIds: set.runIds, ...(keys ? { keys } : {}), format: 'long' },
          action,
        )
      : await must(
          'export.figureSheet',
          {
            runIds: set.runIds,
            ...(set.charts ? { charts: set.charts.slice(0, 200) } : {}),
            smoothing: set.smoothing,
            yScale: set.logY ? 'log' : 'linear',
            ...(set.groups ? { groups: set.groups } : {}),
            ...(set.aggregate ? { aggregate: set.aggregate } : {}),
          },
          action,
        );
  return file ? deliver(file) : false;
}

/** The chart smoothing the metrics panel persists (same key), for run-level exports. */
export function currentSmoothing(): number {
  try {
    const raw = localStorage.getItem('forkbench.smoothing');
    const v = Number(raw);
    return raw !== null && v >= 0 && v <= 0.99 ? v : 0.6;
  } catch {
    return 0.6;
  }
}
