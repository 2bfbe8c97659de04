// Compare: the run selection (kept across navigation and reloads) and the compared runs' data
// (series and summaries from batched metrics.getMany calls), kept live from metrics.appended /
// run.updated events.
import { MAX_RUNS_PER_METRICS_CALL } from '@contract/entities';
import type { MetricSummary, Run, RunMetrics, WorkbenchEvent } from '@contract';
import { call, onEvent } from '../../api/client';
import type { SeriesByRun } from './compare-series';
import { appendPoints, foldSummaries } from '../../lib/live';

const SELECTION_KEY = 'forkbench.compareSelection';

function readSelection(): number[] {
  try {
    const raw = JSON.parse(localStorage.getItem(SELECTION_KEY) ?? '[]') as unknown;
    return Array.isArray(raw)
      ? raw.filter((x): x is number => Number.isSafeInteger(x) && x > 0)
      : [];
  } catch {
    return [];
  }
}

class Selection {
  ids = $state<number[]>(readSelection());

  has(id: number): boolean {
    return this.ids.includes(id);
  }
  toggle(id: number, on = !this.has(id)): void {
    this.set(on ? [...new Set([...this.ids, id])] : this.ids.filter((x) => x !== id));
  }
  set(ids: number[]): void {
    this.ids = ids;
    try {
      localStorage.setItem(SELECTION_KEY, JSON.stringify(ids));
    } catch {
      // not persisted
    }
  }
  clear(): void {
    this.set([]);
  }
}

export const selection = new Selection();

/** Series per run (thinned to ~maxPoints) and full-resolution summaries, in batched calls. */
async function loadMetrics(
  runIds: number[],
  maxPoints: number,
): Promise<{ runs: RunMetrics[]; error: string | null }> {
  const batches: number[][] = [];
  for (let i = 0; i < runIds.length; i += MAX_RUNS_PER_METRICS_CALL)
    batches.push(runIds.slice(i, i + MAX_RUNS_PER_METRICS_CALL));
  const answers = await Promise.all(
    batches.map((ids) => call('metrics.getMany', { runIds: ids, maxPoints })),
  );
  const runs: RunMetrics[] = [];
  let error: string | null = null;
  for (const a of answers) {
    if (a.ok) runs.push(...a.value);
    else error ??= `Could not load metrics: ${a.error.message}`;
  }
  return { runs, error };
}

export class CompareData {
  runs = $state.raw<Run[]>([]);
  series = $state.raw<SeriesByRun>({});
  /** Full-resolution last / min / max by run, then key (the table's final and best). */
  summaries = $state.raw<Record<number, Record<string, MetricSummary>>>({});
  loading = $state(true);
  error = $state<string | null>(null);
  title = $state<string | null>(null);

  /** `runs=1,2,3` or `experiment=ID`. */
  start(params: URLSearchParams): () => void {
    const stop = onEvent((e) => this.handle(e));
    void this.load(params);
    return stop;
  }

  private async load(params: URLSearchParams): Promise<void> {
    const found = await this.findRuns(params);
    if (!found) return;
    const { runs, missing } = found;
    // Many runs: at most ~100k points per key in all (the charts draw ≤ 40k), on shared steps.
    const maxPoints = Math.max(1000, Math.floor(100_000 / Math.max(1, runs.length)));
    const metrics = await loadMetrics(
      runs.map((r) => r.id),
      maxPoints,
    );
    const series: SeriesByRun = {};
    const summaries: Record<number, Record<string, MetricSummary>> = {};
    for (const r of runs) {
      series[r.id] = {};
      summaries[r.id] = {};
    }
    for (const m of metrics.runs) {
      series[m.runId] = Object.fromEntries(m.series.map((s) => [s.key, s.points]));
      summaries[m.runId] = Object.fromEntries(m.summaries.map((s) => [s.key, s]));
    }
    this.runs = runs.sort((a, b) => a.id - b.id);
    this.series = series;
    this.summaries = summaries;
    const notFound = missing.length
      ? `Not found: run ${missing.map((m) => `#${m}`).join(', ')}`
      : null;
    this.error = [notFound, metrics.error].filter(Boolean).join(' · ') || null;
    this.loading = false;
  }

  /** The runs to compare: the experiment's (one call), or each id asked for. */
  private async findRuns(
    params: URLSearchParams,
  ): Promise<{ runs: Run[]; missing: number[] } | null> {
    const expId = Number(params.get('experiment'));
    if (Number.isSafeInteger(expId) && expId > 0) {
      const exp = await call('experiments.get', { id: expId });
      if (!exp.ok) {
        this.error = exp.error.message;
        this.loading = false;
        return null;
      }
      this.title = exp.value.name;
      return { runs: [...exp.value.runs], missing: [] };
    }
    const ids = (params.get('runs') ?? '')
      .split(',')
      .map(Number)
      .filter((x) => Number.isSafeInteger(x) && x > 0);
    const answers = await Promise.all(ids.map((id) => call('runs.get', { id })));
    const runs: Run[] = [];
    const missing: number[] = [];
    answers.forEach((a, i) => (a.ok ? runs.push(a.value) : missing.push(ids[i] as number)));
    return { runs, missing };
  }

  private handle(e: WorkbenchEvent): void {
    if (e.type === 'metrics.appended' && this.series[e.runId]) {
      this.series = {
        ...this.series,
        [e.runId]: appendPoints(this.series[e.runId] ?? {}, e.points),
      };
      this.summaries = {
        ...this.summaries,
        [e.runId]: foldSummaries(this.summaries[e.runId] ?? {}, e.points),
      };
    } else if (e.type === 'run.updated' && this.runs.some((r) => r.id === e.run.id)) {
      this.runs = this.runs.map((r) => (r.id === e.run.id ? { ...r, ...e.run } : r));
    }
  }
}
