// The hyper-parameter view's pure parts (W&B / MLflow / Aim's sweep staple): a table of runs ×
// (config keys that differ, final and best of the headline metrics), sortable and filterable,
// and the axes of a parallel-coordinates chart over the same columns, with range brushes.
import type { MetricSummary, Run } from '@contract';
import { tableKeys, tableStats } from './compare-series';
import type { SeriesByRun } from './compare-series';
import { flattenConfig as flatten } from '@contract/config/paths';
import { differingKeys, formatValue } from './group';
import { evaluateQuery, parseQuery } from '../../lib/query';

export type Cell = number | string | null;

export interface Column {
  id: string;
  label: string;
  kind: 'param' | 'metric';
}

export interface Row {
  id: number;
  name: string;
  values: Record<string, Cell>;
}

/** Columns: every config key that differs between the runs, then final / best per metric. */
export function hparamColumns(runs: readonly Run[], metricKeys: readonly string[]): Column[] {
  const params = differingKeys(runs.map((r) => r.config)).map((k): Column => ({
    id: `params.${k}`,
    label: k,
    kind: 'param',
  }));
  const metrics = tableKeys(metricKeys).flatMap((k): Column[] => [
    { id: `final:${k}`, label: `${k} final`, kind: 'metric' },
    { id: `best:${k}`, label: `${k} best`, kind: 'metric' },
  ]);
  return [...params, ...metrics];
}

const cell = (v: unknown): Cell =>
  typeof v === 'number' ? (Number.isFinite(v) ? v : null) : v === undefined ? null : formatValue(v);

export function hparamRows(
  runs: readonly Run[],
  columns: readonly Column[],
  summaries: Record<number, Record<string, MetricSummary>>,
  series: SeriesByRun,
): Row[] {
  return runs.map((r) => {
    const flat = flatten(r.config);
    const values: Record<string, Cell> = {};
    for (const c of columns) {
      if (c.kind === 'param') values[c.id] = cell(flat[c.id.slice('params.'.length)]);
      else {
        const [which, key] = [c.id.slice(0, c.id.indexOf(':')), c.id.slice(c.id.indexOf(':') + 1)];
        const s = tableStats(key, summaries[r.id]?.[key], series[r.id]?.[key] ?? []);
        values[c.id] = which === 'final' ? s.final : s.best;
      }
    }
    return { id: r.id, name: r.name, values };
  });
}

/** Sorted by a column: numbers numerically, text alphabetically, empty cells last either way. */
export function sortRows(rows: readonly Row[], column: string, dir: 'asc' | 'desc'): Row[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a.values[column] ?? null;
    const y = b.values[column] ?? null;
    if (x === null || y === null) return x === y ? a.id - b.id : x === null ? 1 : -1;
    const d =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return d === 0 ? a.id - b.id : sign * d;
  });
}

/**
 * The runs a query keeps (the query box's MLflow syntax), with every metric's full-resolution
 * summary available to `metrics.` (not only the list's headline ones). Returns the kept ids, or
 * the parse error.
 */
export function queryRuns(
  runs: readonly Run[],
  query: string,
  summaries: Record<number, Record<string, MetricSummary>>,
): { ok: true; ids: Set<number> } | { ok: false; message: string } {
  const parsed = parseQuery(query);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  const ids = new Set<number>();
  for (const r of runs) {
    const full = { ...r, summary: Object.values(summaries[r.id] ?? {}) };
    if (evaluateQuery(parsed.node, full)) ids.add(r.id);
  }
  return { ok: true, ids };
}

/** One parallel-coordinates axis: where a cell sits on it, 0 (bottom) … 1 (top). */
export interface Axis {
  column: Column;
  numeric: boolean;
  /** Numeric axes: the range; categorical: the categories bottom to top. */
  min: number;
  max: number;
  categories: string[];
  position(v: Cell): number | null;
  /** Tick labels at their positions. */
  ticks: { at: number; label: string }[];
}

export function makeAxis(
  column: Column,
  rows: readonly Row[],
  format: (n: number) => string,
): Axis {
  const cells = rows.map((r) => r.values[column.id] ?? null).filter((v) => v !== null);
  const numeric = cells.length > 0 && cells.every((v) => typeof v === 'number');
  if (numeric) {
    const xs = cells as number[];
    let min = Math.min(...xs);
    let max = Math.max(...xs);
    if (min === max) [min, max] = [min - 0.5, max + 0.5]; // one value: centred
    const position = (v: Cell) => (typeof v === 'number' ? (v - min) / (max - min) : null);
    const ticks = [0, 0.5, 1].map((at) => ({ at, label: format(min + at * (max - min)) }));
    return { column, numeric, min, max, categories: [], position, ticks };
  }
  const categories = [...new Set(cells.map(String))].sort();
  const at = (i: number) => (categories.length === 1 ? 0.5 : i / (categories.length - 1));
  const position = (v: Cell) => {
    const i = v === null ? -1 : categories.indexOf(String(v));
    return i < 0 ? null : at(i);
  };
  const ticks = categories.map((label, i) => ({ at: at(i), label }));
  return { column, numeric, min: 0, max: 1, categories, position, ticks };
}

/** A brush on an axis keeps the rows whose position lies in [lo, hi] (0…1). */
export type Brushes = Record<string, [number, number]>;

export function brushed(
  rows: readonly Row[],
  axes: readonly Axis[],
  brushes: Brushes,
): Set<number> {
  const kept = new Set<number>();
  for (const r of rows) {
    const inside = axes.every((a) => {
      const b = brushes[a.column.id];
      if (!b) return true;
      const p = a.position(r.values[a.column.id] ?? null);
      return p !== null && p >= b[0] - 1e-9 && p <= b[1] + 1e-9;
    });
    if (inside) kept.add(r.id);
  }
  return kept;
}
