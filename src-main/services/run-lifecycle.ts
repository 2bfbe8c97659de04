// The run lifecycle behind the API: create (queued), stop, resume, duplicate, sweeps, presets.
// Owns the run queue of this process. Every config is checked by parseRunConfig before
// anything is written, so a bad value is refused with its field named and leaves no trace.
import type { Experiment, Run } from '../contract/entities';
import { WorkbenchError } from '../contract/result';
import type { RunConfig } from '../contract/run-config';
import { defaultRunConfig, parseRunConfig } from '../contract/run-config';
import { mergeDeep } from '../contract/config/paths';
import { defaultRunName } from '../contract/config/naming';
import { MAX_SWEEP_RUNS, planSweep, sweepSize, validatePlan } from '../contract/config/sweep';
import { dirname } from 'node:path';
import { RunQueue } from '../runner/host/queue';
import type { QueueOptions } from '../runner/host/queue';
import { checkpointRootFor } from '../runner/checkpoints/checkpoint-files';
import { STALE_HEARTBEAT_MS, recoverIfOrphaned, rewindToCheckpoint } from '../runner/host/recovery';
import { runStoreFrom } from '../runner/host/store-adapter';
import { findPreset, listPresets } from './presets';
import type { LifecycleServices } from './index';
import type { Handler, ServiceDeps } from './types';
import { withBases } from './preset-bases';

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
  const dataDir = options.dataDir ?? dirname(store.path);
  const queue = new RunQueue({
    store: runStoreFrom(store),
    events,
    dataDir,
    checkpointRoot: checkpointRootFor(dataDir, store.path, store.storeId()),
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
    return validConfig(safely(() => mergeDeep(base, config ?? {})));
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
        runId: insertRun(e.id, req.name ?? defaultRunName(config), config),
      };
    });
    return announce([runId], experimentId)[0] as Run;
  };

  const stop: Handler<'runs.stop'> = ({ id }) => {
    let run = mustGetRun(id);
    if (run.status === 'running' && !queue.active.includes(id)) {
      // Its owner may be gone (then it is interrupted now, nothing left to stop); a live owner
      // is a conflict naming that process.
      recoverIfOrphaned(runStoreFrom(store), id, {
        staleMs: options.staleMs ?? STALE_HEARTBEAT_MS,
      });
      run = mustGetRun(id);
      events.publish({ type: 'run.updated', run });
      return run;
    }
    if (run.status !== 'running' && run.status !== 'queued') {
      throw new WorkbenchError('conflict', `run #${id} is ${run.status}, not running or queued`);
    }
    queue.stop(id);
    return mustGetRun(id);
  };

  const resume: Handler<'runs.resume'> = ({ id }) => {
    const runStore = runStoreFrom(store);
    // 'running' with an owner that is gone (killed host, stale heartbeat): recover it here
    // rather than wait for some queue-owning process to notice. A live owner is a conflict.
    if (mustGetRun(id).status === 'running' && !queue.active.includes(id))
      recoverIfOrphaned(runStore, id, { staleMs: options.staleMs ?? STALE_HEARTBEAT_MS });
    const run = mustGetRun(id);
    if (!RESUMABLE.has(run.status)) {
      throw new WorkbenchError(
        'conflict',
        `run #${id} is ${run.status}; only a stopped, interrupted, crashed or failed run resumes`,
      );
    }
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
    // Defaults filled first, so run names can show values the grid does not set (ρ). The
    // sweep form's preview runs this same plan (contract/config/sweep.ts).
    const base = safely(() => mergeDeep(sweep?.config ?? defaultRunConfig(), req.config ?? {}));
    const input = { base, arms: sweep?.arms, grid: req.grid, seeds: req.seeds, steps: req.steps };
    // Counted before anything is expanded: a small request can name 10^8 combinations.
    const count = sweepSize(input);
    if (count > MAX_SWEEP_RUNS)
      throw new WorkbenchError(
        'invalid_request',
        `grid: sweep expands to ${count > 1e15 ? 'more than 10^15' : count} runs (at most ${MAX_SWEEP_RUNS})`,
        'grid',
      );
    const planned = safely(() => planSweep(input));
    // Validate every run before writing any: all or nothing.
    const checked = validatePlan(planned);
    if (!checked.ok) {
      const { index, name, field, message } = checked.invalid;
      throw new WorkbenchError(
        'invalid_request',
        `run ${index + 1} (${name}): config.${message}`,
        `config.${field}`,
      );
    }
    const configs = checked.configs;
    const { experimentId, runIds } = store.transaction(() => {
      const e = experimentFor(req, sweep ? `${sweep.label} ${stamp()}` : `Sweep ${stamp()}`);
      return {
        experimentId: e.id,
        runIds: planned.map((p, i) => {
          const config = configs[i] as RunConfig;
          return insertRun(e.id, p.name, config);
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

  const services: LifecycleServices = {
    'runs.create': create,
    'runs.stop': stop,
    'runs.resume': resume,
    'runs.duplicate': duplicate,
    'sweeps.create': createSweep,
    'presets.list': () => withBases(listPresets(), dataDir),
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

const stamp = (): string => new Date().toISOString().slice(0, 16).replace('T', ' ');

/** A config path or key that setPath / mergeDeep refuse (`__proto__`) is a bad request. */
function safely<T>(build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof WorkbenchError) throw err;
    throw new WorkbenchError('invalid_request', (err as Error).message, 'config');
  }
}
