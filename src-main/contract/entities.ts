// Shapes of the records the API returns. Plain data: safe to structured-clone and JSON-encode.
export const RUN_STATUSES = [
  'queued',
  'running',
  'finished',
  'failed',
  'stopped',
  'interrupted',
  'crashed',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_SOURCES = ['local', 'verl', 'trl', 'tensorboard', 'forkbench'] as const;
/** 'forkbench': imported from a Forkbench TensorBoard export. */
export type RunSource = (typeof RUN_SOURCES)[number];

export interface Experiment {
  id: number;
  name: string;
  description: string;
  tags: string[];
  archived: boolean;
  createdAt: string; // ISO 8601
  runCount: number;
}

/** latest / min / max of one metric key of one run. */
export interface MetricSummary {
  key: string;
  lastStep: number;
  last: number;
  min: number;
  max: number;
}

export interface Run {
  id: number;
  experimentId: number;
  name: string;
  status: RunStatus;
  task: string;
  maskMode: string;
  seed: number;
  config: Record<string, unknown>;
  backend: string | null;
  device: string | null;
  tags: string[];
  notes: string;
  archived: boolean;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  heartbeatAt: string | null;
  resumedFrom: number | null;
  /** Where the run came from: trained here ('local'), or imported from an engine's logs. */
  source: RunSource;
  /** Last step with metrics, or null before the first. */
  step: number | null;
  /** A few headline metrics (reward/mean, accuracy, entropy/mean, eval accuracy) for lists. */
  summary: MetricSummary[];
}

export interface RunDetail extends Run {
  params: Record<string, string | number | boolean | null>;
  metricKeys: string[];
}

export interface MetricPoint {
  step: number;
  wallTime: number; // seconds since the Unix epoch
  value: number;
}

export interface MetricSeries {
  runId: number;
  key: string;
  points: MetricPoint[];
}

/** Most runs one metrics.getMany call reads; callers with more ask in batches of this size. */
export const MAX_RUNS_PER_METRICS_CALL = 100;

/** One run's answer in metrics.getMany. */
export interface RunMetrics {
  runId: number;
  /** The (possibly thinned) series asked for, ordered by key. */
  series: MetricSeries[];
  /** Full-resolution last / min / max of the keys asked for (every key when none), by key. */
  summaries: MetricSummary[];
}

export interface ExperimentWithRuns extends Experiment {
  runs: Run[];
}

export interface AppInfo {
  version: string;
  dbPath: string;
  schemaVersion: number;
  transport: 'ipc' | 'http';
  platform: string;
}
