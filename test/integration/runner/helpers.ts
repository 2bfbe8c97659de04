// Shared setup for the runner tests: a temp database, a workbench with its queue, runs made
// directly in the store (scripted configs are not RunConfigs), and waiting helpers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Run, RunStatus } from '../../../src-main/contract/entities';
import type { WorkbenchEvent } from '../../../src-main/contract/events';
import type { RunnerOptions } from '../../../src-main/services/run-lifecycle';
import type { Workbench } from '../../../src-main/services/workbench';
import { createWorkbench } from '../../../src-main/services/workbench';
import { openStore } from '../../../src-main/store';

export const SCRIPTED_ENTRY = fileURLToPath(
  new URL('./fixtures/scripted-trainer.ts', import.meta.url),
);

export interface Harness {
  dir: string;
  dbPath: string;
  wb: Workbench;
  events: WorkbenchEvent[];
  cleanup(): Promise<void>;
}

export function harness(runner: RunnerOptions = {}): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'fb-runner-'));
  const dbPath = join(dir, 'forkbench.db');
  const wb = createWorkbench(openStore(dbPath), 'http', { pollMs: 200, ...runner });
  const events: WorkbenchEvent[] = [];
  wb.events.subscribe((e) => events.push(e));
  return {
    dir,
    dbPath,
    wb,
    events,
    async cleanup() {
      await wb.shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ScriptOptions {
  steps?: number;
  evalEvery?: number;
  checkpointEvery?: number;
  seed?: number;
  stepMs?: number;
  badMessage?: boolean;
  failAtStep?: number;
}

/** A queued run with a scripted config, straight into the store. */
export function scriptedRun(wb: Workbench, script: ScriptOptions = {}, name = 'scripted'): number {
  const full = { steps: 5, evalEvery: 2, checkpointEvery: 2, seed: 1, stepMs: 5, ...script };
  const experiment =
    wb.store.experiments.findByName('runner-test')?.id ??
    wb.store.experiments.create({ name: 'runner-test' });
  return wb.store.runs.create({
    experimentId: experiment,
    name,
    task: 'countdown',
    maskMode: 'top',
    seed: full.seed,
    config: { script: full },
  });
}

export async function until<T>(
  probe: () => T | undefined | false,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function run(wb: Workbench, id: number): Run {
  const r = wb.store.runs.get(id);
  if (!r) throw new Error(`no run ${id}`);
  return r;
}

/** Every metric of a run as key → [[step, value]...], for equality checks. */
export function allMetrics(wb: Workbench, id: number): Record<string, [number, number][]> {
  const out: Record<string, [number, number][]> = {};
  for (const s of wb.store.metrics.series(id)) out[s.key] = s.points.map((p) => [p.step, p.value]);
  return out;
}

/** The training metrics only: system/* (CPU, memory) differs between any two processes. */
export function trainingMetrics(wb: Workbench, id: number): Record<string, [number, number][]> {
  const all = allMetrics(wb, id);
  return Object.fromEntries(Object.entries(all).filter(([k]) => !k.startsWith('system/')));
}

export const terminal = (s: RunStatus): boolean => s !== 'queued' && s !== 'running';

/** Small enough for a step in well under a second on one loaded core. */
export const TINY = {
  task: 'countdown',
  backend: 'cpu',
  seed: 5,
  model: { layers: 1, dModel: 16, heads: 2, mlpRatio: 2, contextLength: 32 },
  rl: {
    steps: 8,
    promptsPerStep: 2,
    groupSize: 4,
    microBatchSize: 8,
    maxResponseTokens: 16,
    overlongBuffer: 4,
    dynamicSampling: false,
  },
  eval: { every: 4, k: 1, maxProblems: 4 },
};
