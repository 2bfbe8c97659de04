// Run entities as the API returns them, for the renderer's state tests.
import type { MetricPoint, Run, RunDetail } from '@contract';

export function makeRun(id: number, patch: Partial<Run> = {}): Run {
  return {
    id,
    experimentId: 7,
    name: `run-${id}`,
    status: 'running',
    task: 'countdown',
    maskMode: 'top',
    seed: 1,
    config: {},
    backend: 'cpu',
    device: null,
    tags: [],
    notes: '',
    archived: false,
    error: null,
    createdAt: '2025-01-01T00:00:00Z',
    startedAt: null,
    endedAt: null,
    heartbeatAt: null,
    resumedFrom: null,
    source: 'local',
    step: null,
    summary: [],
    ...patch,
  };
}

/** What runs.get answers: the run with its params and metric keys. */
export function makeDetail(id: number, patch: Partial<RunDetail> = {}): RunDetail {
  return { ...makeRun(id), params: {}, metricKeys: [], ...patch };
}

export const points = (pairs: [number, number][]): MetricPoint[] =>
  pairs.map(([step, value]) => ({ step, value, wallTime: 1_700_000_000 + step }));
