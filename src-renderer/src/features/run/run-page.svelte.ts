// One run's page: its detail, experiment name and metric series, kept live from events.
import type { MetricPoint, Run, RunDetail, WorkbenchEvent } from '@contract';
import { call, onEvent } from '../../api/client';
import type { ClientError } from '../../api/client';
import { appendPoints } from '../../lib/live';
import { toasts } from '../../ui/toasts.svelte';

export class RunPage {
  detail = $state.raw<RunDetail | null>(null);
  series = $state.raw<Record<string, MetricPoint[]>>({});
  experimentName = $state<string | null>(null);
  error = $state<ClientError | null>(null);
  metricsError = $state<ClientError | null>(null);
  deleted = $state(false);
  loading = $state(true);

  private stop: (() => void) | null = null;

  constructor(readonly id: number) {}

  start(): () => void {
    this.stop = onEvent((e) => this.handle(e));
    void this.load();
    return () => this.stop?.();
  }

  async load(): Promise<void> {
    const [run, metrics] = await Promise.all([
      call('runs.get', { id: this.id }),
      call('metrics.get', { runId: this.id }),
    ]);
    this.loading = false;
    if (!run.ok) {
      this.error = run.error;
      return;
    }
    this.error = null;
    this.detail = run.value;
    if (metrics.ok) {
      const series: Record<string, MetricPoint[]> = {};
      for (const s of metrics.value) series[s.key] = s.points;
      this.series = series;
      this.metricsError = null;
    } else {
      this.metricsError = metrics.error;
    }
    if (this.experimentName === null) {
      const exp = await call('experiments.get', { id: run.value.experimentId });
      if (exp.ok) this.experimentName = exp.value.name;
    }
  }

  /** Saves part of the run (tags, notes, name, archived). True when the server accepted it. */
  async update(patch: { tags?: string[]; notes?: string; archived?: boolean }, what: string) {
    const result = await call('runs.update', { id: this.id, ...patch });
    if (!result.ok) {
      toasts.error(`Could not save ${what}`, result.error);
      return false;
    }
    this.merge(result.value);
    return true;
  }

  private merge(run: Run): void {
    if (!this.detail) return;
    this.detail = { ...this.detail, ...run };
  }

  private handle(event: WorkbenchEvent): void {
    if (event.type === 'run.updated' && event.run.id === this.id) {
      this.merge(event.run);
    } else if (event.type === 'run.deleted' && event.runId === this.id) {
      this.deleted = true;
    } else if (event.type === 'metrics.appended' && event.runId === this.id) {
      this.series = appendPoints(this.series, event.points);
      if (this.detail) {
        const known = this.detail.metricKeys;
        const added = Object.keys(event.points).filter((k) => !known.includes(k));
        let step = this.detail.step;
        for (const list of Object.values(event.points))
          for (const p of list) if (step === null || p.step > step) step = p.step;
        this.detail = {
          ...this.detail,
          step,
          metricKeys: added.length ? [...this.detail.metricKeys, ...added] : this.detail.metricKeys,
        };
      }
    }
  }
}
