// Compare: the run selection (kept across navigation and reloads) and the compared runs' data,
// kept live from metrics.appended / run.updated events.
import type { MetricPoint, RunDetail, WorkbenchEvent } from '@contract';
import { call, onEvent } from '../api/client';
import { appendPoints } from '../lib/live';

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

export class CompareData {
  runs = $state.raw<RunDetail[]>([]);
  series = $state.raw<Record<number, Record<string, MetricPoint[]>>>({});
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
    let ids = (params.get('runs') ?? '')
      .split(',')
      .map(Number)
      .filter((x) => Number.isSafeInteger(x) && x > 0);
    const expId = Number(params.get('experiment'));
    if (Number.isSafeInteger(expId) && expId > 0) {
      const exp = await call('experiments.get', { id: expId });
      if (!exp.ok) {
        this.error = exp.error.message;
        this.loading = false;
        return;
      }
      this.title = exp.value.name;
      ids = exp.value.runs.map((r) => r.id);
    }
    // Many runs: at most ~100k points per key in all (the charts draw ≤ 40k), on shared steps.
    const maxPoints = Math.max(1000, Math.floor(100_000 / Math.max(1, ids.length)));
    const results = await Promise.all(
      ids.map(async (id) => {
        const [run, metrics] = await Promise.all([
          call('runs.get', { id }),
          call('metrics.get', { runId: id, maxPoints }),
        ]);
        return { id, run, metrics };
      }),
    );
    const runs: RunDetail[] = [];
    const series: Record<number, Record<string, MetricPoint[]>> = {};
    const missing: number[] = [];
    for (const r of results) {
      if (!r.run.ok) {
        missing.push(r.id);
        continue;
      }
      runs.push(r.run.value);
      const s: Record<string, MetricPoint[]> = {};
      if (r.metrics.ok) for (const m of r.metrics.value) s[m.key] = m.points;
      series[r.id] = s;
    }
    this.runs = runs.sort((a, b) => a.id - b.id);
    this.series = series;
    this.error = missing.length ? `Not found: run ${missing.map((m) => `#${m}`).join(', ')}` : null;
    this.loading = false;
  }

  private handle(e: WorkbenchEvent): void {
    if (e.type === 'metrics.appended' && this.series[e.runId]) {
      this.series = {
        ...this.series,
        [e.runId]: appendPoints(this.series[e.runId] ?? {}, e.points),
      };
    } else if (e.type === 'run.updated' && this.runs.some((r) => r.id === e.run.id)) {
      this.runs = this.runs.map((r) => (r.id === e.run.id ? { ...r, ...e.run } : r));
    }
  }
}
