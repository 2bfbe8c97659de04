// Events pushed from the main side to every open UI (IPC in the app, server-sent events in serve mode).
import type { AnalysisJob } from './api-analysis';
import type { MetricPoint, Run } from './entities';

export type WorkbenchEvent =
  | { type: 'run.updated'; run: Run }
  | { type: 'run.deleted'; runId: number }
  | { type: 'experiment.changed'; experimentId: number }
  | { type: 'metrics.appended'; runId: number; points: Record<string, MetricPoint[]> }
  | { type: 'log.appended'; runId: number; lines: string[] }
  /** An analysis job started, progressed or ended (the job without its result). */
  | { type: 'analysis.updated'; job: AnalysisJob };

export type WorkbenchEventType = WorkbenchEvent['type'];
