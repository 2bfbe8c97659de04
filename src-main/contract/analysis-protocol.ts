// What the main process sends an analysis child, and what it answers. Everything is plain data
// (structured clone): the main process resolves the run, its checkpoints and any stored
// responses from SQLite; the child only reads checkpoint files and runs the model.
import type { OverlapResult, TemperatureResult } from './api-analysis';
import type { RunConfig } from './run-config';

export interface ModelRef {
  step: number;
  label: string;
  path: string;
  /** Checked when reading; absent for a base model file. */
  sha256?: string;
}

interface JobBase {
  runId: number;
  config: RunConfig;
}

export interface OverlapJobSpec extends JobBase {
  kind: 'overlap';
  /** Reference first (base model, or the first checkpoint), then checkpoints ascending. */
  models: ModelRef[];
  hasBase: boolean;
  responses: number;
  source: 'final' | 'stored';
  rho: number;
  scope: 'pool' | 'response';
  /** source 'stored': the fixed responses, read from the store by the main process. */
  stored?: { prompt: number[]; response: number[] }[];
}

export interface TemperatureJobSpec extends JobBase {
  kind: 'temperature';
  model: ModelRef;
  benchmark: string;
  problems: number;
  k: number;
  grid: number[];
  percentile: number;
  threshold?: number;
  seed: number;
}

export type AnalysisJobSpec = OverlapJobSpec | TemperatureJobSpec;

export type AnalysisResultData = OverlapResult | TemperatureResult;

export type HostToAnalysis = { type: 'start'; spec: AnalysisJobSpec };

export type AnalysisToHost =
  | { type: 'progress'; done: number; total: number; message: string }
  | { type: 'result'; result: AnalysisResultData }
  | { type: 'error'; error: string };

/** Checks a child's message just enough to trust its type; anything else is ignored. */
export function parseAnalysisMessage(raw: unknown): AnalysisToHost | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Record<string, unknown>;
  if (m['type'] === 'progress' && typeof m['done'] === 'number' && typeof m['total'] === 'number')
    return {
      type: 'progress',
      done: m['done'],
      total: m['total'],
      message: typeof m['message'] === 'string' ? m['message'] : '',
    };
  if (m['type'] === 'result' && typeof m['result'] === 'object' && m['result'] !== null)
    return { type: 'result', result: m['result'] as AnalysisResultData };
  if (m['type'] === 'error') return { type: 'error', error: String(m['error'] ?? 'failed') };
  return null;
}
