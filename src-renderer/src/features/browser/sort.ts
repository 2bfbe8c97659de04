// Sorting runs by a table column; runs without a value always go last.
import type { Run, RunStatus } from '@contract';
import { maskLabel } from '../../lib/mask';
import { headlineMetric } from '../../lib/metrics';
import type { Headline } from '../../lib/metrics';

export type SortKey =
  'status' | 'name' | 'task' | 'mask' | 'seed' | 'step' | Headline | 'backend' | 'created';

export interface SortSpec {
  key: SortKey;
  dir: 1 | -1;
}

/** Statuses in the order the table sorts them (and the browser counts them): active first. */
export const STATUS_ORDER: RunStatus[] = [
  'running',
  'queued',
  'failed',
  'crashed',
  'interrupted',
  'stopped',
  'finished',
];

function valueOf(run: Run, key: SortKey): string | number | null {
  switch (key) {
    case 'status':
      return STATUS_ORDER.indexOf(run.status);
    case 'name':
      return run.name.toLowerCase();
    case 'task':
      return run.task;
    case 'mask':
      return maskLabel(run.maskMode, run.config);
    case 'seed':
      return run.seed;
    case 'step':
      return run.step;
    case 'backend':
      return run.backend;
    case 'created':
      return Date.parse(run.createdAt);
    default: {
      const m = headlineMetric(run.summary, key);
      return m && Number.isFinite(m.last) ? m.last : null;
    }
  }
}

/** A sorted copy; ties keep their previous order (stable sort). */
export function sortRuns(runs: readonly Run[], spec: SortSpec | null): Run[] {
  if (!spec) return runs.slice();
  return runs
    .map((run) => ({ run, v: valueOf(run, spec.key) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? 0 : a.v === null ? 1 : -1;
      const c =
        typeof a.v === 'number' && typeof b.v === 'number'
          ? a.v - b.v
          : String(a.v).localeCompare(String(b.v), undefined, { numeric: true });
      return c * spec.dir;
    })
    .map((x) => x.run);
}

/** Clicking a header: ascending, then descending, then back to the server's order. */
export function nextSort(current: SortSpec | null, key: SortKey): SortSpec | null {
  // Metrics and recency are usually wanted high-first.
  const firstDir: 1 | -1 = ['reward', 'accuracy', 'evalAccuracy', 'step', 'created'].includes(key)
    ? -1
    : 1;
  if (!current || current.key !== key) return { key, dir: firstDir };
  if (current.dir === firstDir) return { key, dir: -firstDir as 1 | -1 };
  return null;
}
