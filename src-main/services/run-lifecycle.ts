// The run lifecycle behind the API: create (queued), stop, resume, duplicate, sweeps, presets.
// Owns the run queue of this process. Every config is checked by parseRunConfig before
// anything is written, so a bad value is refused with its field named and leaves no trace.
import type { Experiment, Run } from '../contract/entities';
import { WorkbenchError } from '../contract/result';
import type { RunConfig } from '../contract/run-config';
import { defaultRunConfig, parseRunConfig } from '../contract/run-config';
import { dirname } from 'node:path';
import { RunQueue } from '../runner/host/queue';
import type { QueueOptions } from '../runner/host/queue';
import { rewindToCheckpoint } from '../runner/host/recovery';
import { runStoreFrom } from '../runner/host/store-adapter';
import { expandSweep } from '../runner/sweep';
import type { GridValue } from '../runner/sweep';
import { findPreset, listPresets } from '../runner/presets';
import type { Handler, Services, ServiceDeps } from './types';

export type RunnerOptions = Partial<
  Pick<
    QueueOptions,
    | 'spawn'
    | 'entry'
    | 'concurrency'
    | 'dataDir'
    | 'stopTimeoutMs'
    | 'pollMs'
    | 'heartbeatMs'
    | 'staleMs'
  >
>;

const RESUMABLE = new Set(['stopped', 'interrupted', 'crashed', 'failed']);

export function createRunLifecycle(deps: ServiceDeps, options: RunnerOptions = {}) {
  const { store, events } = deps;
  const queue = new RunQueue({
    store: runStoreFrom(store),
    events,
    dataDir: options.dataDir ?? dirname(store.path),
    ...options,
  });

  function mustGetRun(id: number): Run {
    const run = store.runs.get(id);
    if (!run) throw new WorkbenchError('not_found', `no run #${id}`, 'id');
    return run;
  }

  /** Preset config (if any) with `config` laid over it, validated; errors name `config.<field>`. */
  function buildConfig(preset: string | undefined, config: Record<string, unknown> | undefined) {
    const base = preset === undefined ? {} : presetConfig(preset);
    return validConfig(mergeDeep(base, config ?? {}));
  }

  function validConfig(input: Record<string, unknown>, where = 'config'): RunConfig {
    const parsed = parseRunConfig(input);
    if (parsed.ok) return parsed.value;
    throw new WorkbenchError(
      'invalid_request',
      `${where}.${parsed.message}`,
      `${where}.${parsed.field}`,
    );
  }

  /** The named experiment, or a new one; must run inside the write transaction. */
  function experimentFor(
    req: { experimentId?: number; experimentName?: string },
    fallback: string,
  ) {
    if (req.experimentId !== undefined) {
      const e = store.experiments.get(req.experimentId);
      if (!e)
        throw new WorkbenchError('not_found', `no experiment #${req.experimentId}`, 'experimentId');
      return e;
    }
    const name = req.experimentName ?? fallback;
    const found = store.experiments.findByName(name);
    return found ?? (store.experiments.get(store.experiments.create({ name })) as Experiment);
  }

  function insertRun(experimentId: number, name: string, config: RunConfig): number {
    return store.runs.create({
      experimentId,
      name,
      task: config.task,
      maskMode: config.mask.mode,
      seed: config.seed,
      config: config as unknown as Record<string, unknown>,
    });
  }

  function announce(runIds: number[], experimentId: number): Run[] {
    const runs = runIds.map(mustGetRun);
    for (const run of runs) events.publish({ type: 'run.updated', run });
    events.publish({ type: 'experiment.changed', experimentId });
    queue.kick();
    return runs.map((r) => store.runs.get(r.id) ?? r);
  }

  const create: Handler<'runs.create'> = (req) => {
    const config = buildConfig(req.preset, req.config);
    const { runId, experimentId } = store.transaction(() => {
      const e = experimentFor(req, req.preset === 'quick-demo' ? 'Quick demo' : 'Default');
      return {
        experimentId: e.id,
        runId: insertRun(e.id, req.name ?? defaultName(config), config),
      };
    });
    return announce([runId], experimentId)[0] as Run;
  };

  const stop: Handler<'runs.stop'> = ({ id }) => {
    const run = mustGetRun(id);
    if (run.status === 'running' && !queue.active.includes(id)) {
      throw new WorkbenchError(
        'conflict',
        `run #${id} is running in another Forkbench process; stop it there`,
      );
    }
    if (run.status !== 'running' && run.status !== 'queued') {
      throw new WorkbenchError('conflict', `run #${id} is ${run.status}, not running or queued`);
    }
    queue.stop(id);
    return mustGetRun(id);
  };

  const resume: Handler<'runs.resume'> = ({ id }) => {
    const run = mustGetRun(id);
    if (!RESUMABLE.has(run.status)) {
      throw new WorkbenchError(
        'conflict',
        `run #${id} is ${run.status}; only a stopped, interrupted, crashed or failed run resumes`,
      );
    }
    const runStore = runStoreFrom(store);
    store.transaction(() => {
      const step = rewindToCheckpoint(runStore, id);
      runStore.setStatus(id, 'queued', { error: null });
      runStore.appendLogs(id, [
        {
          time: new Date().toISOString(),
          level: 'info',
          message: `resume requested from step ${step}`,
        },
      ]);
    });
    return announce([id], run.experimentId)[0] as Run;
  };

  const duplicate: Handler<'runs.duplicate'> = ({ id }) => {
    const run = mustGetRun(id);
    return {
      experimentId: run.experimentId,
      name: `${run.name} (copy)`,
      config: validConfig(run.config),
    };
  };

  const createSweep: Handler<'sweeps.create'> = (req) => {
    const sweep = req.preset === undefined ? undefined : findPreset(req.preset);
    if (req.preset !== undefined && !sweep) throw unknownPreset(req.preset, 'preset');
    // Defaults filled first, so run names can show values the grid does not set (ρ).
    const base = mergeDeep(sweep?.config ?? defaultRunConfig(), req.config ?? {});
    const grid: Record<string, GridValue[]> = { ...(req.grid ?? {}) };
    if (req.seeds) grid.seed = req.seeds;
    // As a one-value axis: applied after the arms, so it wins over a preset's own steps.
    if (req.steps !== undefined) grid['rl.steps'] = [req.steps];
    const planned = expandSweep({ base, arms: sweep?.arms, grid });
    if (planned.length > 500)
      throw new WorkbenchError(
        'invalid_request',
        `sweep expands to ${planned.length} runs (at most 500)`,
        'grid',
      );
    // Validate every run before writing any: all or nothing.
    const configs = planned.map((p, i) => {
      try {
        return validConfig(p.config);
      } catch (err) {
        const e = err as WorkbenchError;
        throw new WorkbenchError(e.code, `run ${i + 1} (${p.name}): ${e.message}`, e.field);
      }
    });
    const { experimentId, runIds } = store.transaction(() => {
      const e = experimentFor(req, sweep ? `${sweep.label} ${stamp()}` : `Sweep ${stamp()}`);
      return {
        experimentId: e.id,
        runIds: planned.map((p, i) => {
          const config = configs[i] as RunConfig;
          return insertRun(e.id, p.name || defaultName(config), config);
        }),
      };
    });
    const runs = announce(runIds, experimentId);
    const experiment = store.experiments.get(experimentId) as Experiment;
    return { experiment, runs };
  };

  function presetConfig(id: string): Record<string, unknown> {
    const p = findPreset(id);
    if (!p) throw unknownPreset(id, 'preset');
    if (p.kind === 'sweep')
      throw new WorkbenchError(
        'invalid_request',
        `preset: "${id}" is a sweep of ${p.arms?.length ?? 0} runs; start it as a sweep`,
        'preset',
      );
    return structuredClone(p.config) as unknown as Record<string, unknown>;
  }

  const services: Partial<Services> = {
    'runs.create': create,
    'runs.stop': stop,
    'runs.resume': resume,
    'runs.duplicate': duplicate,
    'sweeps.create': createSweep,
    'presets.list': () => listPresets(),
  };
  return { queue, services };
}

export type RunLifecycle = ReturnType<typeof createRunLifecycle>;

function unknownPreset(id: string, field: string): WorkbenchError {
  const known = listPresets()
    .map((p) => p.id)
    .join(', ');
  return new WorkbenchError(
    'invalid_request',
    `${field}: unknown preset "${id}" (one of ${known})`,
    field,
  );
}

function defaultName(c: RunConfig): string {
  const mask = c.mask.mode === 'all' ? 'all' : `${c.mask.mode} ρ=${c.mask.rho}`;
  return `${c.task} ${mask} · seed ${c.seed}`;
}

const stamp = (): string => new Date().toISOString().slice(0, 16).replace('T', ' ');

/** Objects merge key by key; anything else in `over` replaces. */
export function mergeDeep(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    const isObj = (x: unknown): x is Record<string, unknown> =>
      typeof x === 'object' && x !== null && !Array.isArray(x);
    out[k] = isObj(v) && isObj(b) ? mergeDeep(b, v) : structuredClone(v);
  }
  return out;
}
