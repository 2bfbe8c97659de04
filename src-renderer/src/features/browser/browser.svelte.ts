// The experiment browser's data: experiments with their runs, kept live from pushed events.
import type { ExperimentWithRuns, Run, WorkbenchEvent } from '@contract';
import { call, onEvent } from '../../api/client';
import type { ClientError } from '../../api/client';
import { filterExperiments } from './filter';
import { applyPoints } from '../../lib/live';
import { nextSort } from './sort';
import type { SortKey, SortSpec } from './sort';

const ARCHIVED_KEY = 'forkbench.showArchived';
const COLLAPSED_KEY = 'forkbench.collapsed';
const SORT_KEY = 'forkbench.sort';

function readJson<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback;
  }
}

function writeJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // not persisted
  }
}

class BrowserState {
  experiments = $state.raw<ExperimentWithRuns[]>([]);
  loaded = $state(false);
  loading = $state(false);
  error = $state<ClientError | null>(null);
  query = $state('');
  includeArchived = $state(readJson<boolean>(ARCHIVED_KEY, false));
  collapsed = $state<Record<string, boolean>>(readJson(COLLAPSED_KEY, {}));
  sort = $state<SortSpec | null>(readJson<SortSpec | null>(SORT_KEY, null));
  visible = $derived(filterExperiments(this.experiments, this.query, this.includeArchived));

  private started = false;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;

  start(): void {
    if (this.started) return;
    this.started = true;
    onEvent((e) => this.handle(e));
    void this.load();
  }

  async load(): Promise<void> {
    this.loading = true;
    const result = await call('experiments.list', { includeArchived: true });
    this.loading = false;
    if (result.ok) {
      this.experiments = result.value;
      this.error = null;
      this.loaded = true;
    } else {
      this.error = result.error;
    }
  }

  scheduleReload(): void {
    if (this.reloadTimer !== null) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      void this.load();
    }, 250);
  }

  setIncludeArchived(value: boolean): void {
    this.includeArchived = value;
    writeJson(ARCHIVED_KEY, value);
  }

  sortBy(key: SortKey): void {
    this.sort = nextSort(this.sort, key);
    writeJson(SORT_KEY, this.sort);
  }

  toggleCollapsed(id: number): void {
    this.collapsed = { ...this.collapsed, [id]: !this.collapsed[id] };
    writeJson(COLLAPSED_KEY, this.collapsed);
  }

  setAllCollapsed(value: boolean): void {
    const next: Record<string, boolean> = {};
    if (value) for (const e of this.experiments) next[e.id] = true;
    this.collapsed = next;
    writeJson(COLLAPSED_KEY, next);
  }

  findRun(id: number): Run | undefined {
    for (const e of this.experiments) {
      const r = e.runs.find((x) => x.id === id);
      if (r) return r;
    }
    return undefined;
  }

  applyRun(run: Run): void {
    const exp = this.experiments.find((e) => e.id === run.experimentId);
    if (!exp) {
      this.scheduleReload();
      return;
    }
    this.experiments = this.experiments.map((e) => {
      if (e.id !== run.experimentId) {
        // A run can move between experiments: drop it from the old one.
        return e.runs.some((r) => r.id === run.id)
          ? { ...e, runs: e.runs.filter((r) => r.id !== run.id), runCount: e.runCount - 1 }
          : e;
      }
      const i = e.runs.findIndex((r) => r.id === run.id);
      if (i < 0) return { ...e, runs: [run, ...e.runs], runCount: e.runCount + 1 };
      const runs = e.runs.slice();
      runs[i] = run;
      return { ...e, runs };
    });
  }

  removeRun(id: number): void {
    this.experiments = this.experiments.map((e) =>
      e.runs.some((r) => r.id === id)
        ? { ...e, runs: e.runs.filter((r) => r.id !== id), runCount: Math.max(0, e.runCount - 1) }
        : e,
    );
  }

  private handle(event: WorkbenchEvent): void {
    switch (event.type) {
      case 'run.updated':
        this.applyRun(event.run);
        break;
      case 'run.deleted':
        this.removeRun(event.runId);
        break;
      case 'experiment.changed':
        this.scheduleReload();
        break;
      case 'metrics.appended': {
        const run = this.findRun(event.runId);
        if (run) this.applyRun(applyPoints(run, event.points));
        break;
      }
      default:
        break;
    }
  }
}

export const browser = new BrowserState();
