// `forkbench run`: start (or resume) a run and train it in this process, printing progress.
// Ctrl-C stops the run cleanly (it checkpoints and can be resumed); a second Ctrl-C kills it.
import { readFileSync } from 'node:fs';
import type { Run, RunStatus } from '../../contract/entities';
import type { WorkbenchEvent } from '../../contract/events';
import { dottedPathProblem } from '../../contract/path-safety';
import { WorkbenchError } from '../../contract/result';
import { setPath } from '../../contract/config/paths';
import { parseScalar } from '../../contract/config/sweep';
import type { Workbench } from '../../services/workbench';
import { num } from '../format';
import type { Command, CommandContext } from '../types';
import { UsageError } from '../types';

const FLAG_PATHS: Record<string, string> = {
  task: 'task',
  mask: 'mask.mode',
  rho: 'mask.rho',
  steps: 'rl.steps',
  seed: 'seed',
  backend: 'backend',
  base: 'base',
};

export const runCommand: Command = {
  name: 'run',
  summary: 'Start a training run (or resume one) and follow it',
  usage: `Usage: forkbench run [--preset NAME] [--config FILE] [flags]
       forkbench run --resume <run>

Trains in this process and waits; Ctrl-C stops cleanly (checkpoint, resumable).

Flags:
  --preset NAME      start from a preset: quick-demo (see 'forkbench sweep' for sweeps)
  --config FILE      a JSON run config (preset values, then the file, then flags)
  --task ID          pair-search | countdown | arithmetic (only pair-search ships bases)
  --mask MODE        all | top | bottom | random
  --rho X            fraction of tokens by entropy (top/random keep ρ; bottom keeps 1−ρ)
  --steps N          RL steps
  --seed N           seed
  --backend NAME     auto | tfjs-node-gpu | tfjs-node | webgpu | wasm | cpu
  --set KEY=VALUE    any config field by dotted path (repeatable): --set rl.lr=1e-4
  --name NAME        run name;  --experiment NAME  experiment (created if missing)
  --follow           print a progress line per step (default: evals, warnings, the end)
  --detach           only queue it, for a running app or 'forkbench serve' to train
  --resume RUN       continue a stopped, interrupted or crashed run from its last checkpoint`,
  options: {
    preset: { type: 'string' },
    config: { type: 'string' },
    ...Object.fromEntries(Object.keys(FLAG_PATHS).map((k) => [k, { type: 'string' as const }])),
    set: { type: 'string', multiple: true },
    name: { type: 'string' },
    experiment: { type: 'string' },
    follow: { type: 'boolean' },
    detach: { type: 'boolean' },
    resume: { type: 'string' },
  },
  async run(ctx) {
    const wb = ctx.openWorkbench();
    const { values } = ctx;
    let run: Run;
    if (typeof values.resume === 'string') {
      if (!/^\d+$/.test(values.resume)) throw new UsageError('--resume takes a run id');
      run = await call(wb, 'runs.resume', { id: Number(values.resume) });
    } else {
      const request: Record<string, unknown> = { config: configFromFlags(ctx) };
      if (typeof values.preset === 'string') request.preset = values.preset;
      if (typeof values.name === 'string') request.name = values.name;
      if (typeof values.experiment === 'string') request.experimentName = values.experiment;
      run = await call(wb, 'runs.create', request);
    }
    ctx.stdout(`run #${run.id} "${run.name}" queued`);
    if (values.detach === true) {
      ctx.stdout(`it trains when the app or 'forkbench serve' is open on ${ctx.dbPath}`);
      return 0;
    }
    const statuses = await trainHere(ctx, wb, [run.id], { follow: values.follow === true });
    return statuses.every((s) => s === 'finished' || s === 'stopped') ? 0 : 1;
  },
};

/** Calls one API method; a failure becomes the error the CLI prints (field named). */
export async function call<T = Run>(wb: Workbench, method: string, payload: unknown): Promise<T> {
  const result = await wb.call(method, payload);
  if (!result.ok)
    throw new WorkbenchError(result.error.code, result.error.message, result.error.field);
  return result.value as T;
}

function configFromFlags(ctx: CommandContext): Record<string, unknown> {
  const { values } = ctx;
  let config: Record<string, unknown> = {};
  if (typeof values.config === 'string') {
    let text: string;
    try {
      text = readFileSync(values.config, 'utf8');
    } catch (err) {
      throw new UsageError(`--config ${values.config}: ${(err as Error).message}`);
    }
    try {
      config = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new UsageError(
        `--config ${values.config} is not valid JSON: ${(err as Error).message}`,
      );
    }
    if (typeof config !== 'object' || config === null || Array.isArray(config))
      throw new UsageError(`--config ${values.config} must hold a JSON object`);
  }
  for (const [flag, path] of Object.entries(FLAG_PATHS)) {
    const v = values[flag];
    if (typeof v === 'string') setPath(config, path, parseScalar(v)); // fixed, known-safe paths
  }
  const sets = Array.isArray(values.set) ? values.set : [];
  for (const s of sets) {
    const text = String(s);
    const eq = text.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set ${text}: expected KEY=VALUE`);
    const key = text.slice(0, eq).trim();
    const problem = dottedPathProblem(key);
    if (problem) throw new UsageError(`--set ${key}: ${problem}`);
    setPath(config, key, parseScalar(text.slice(eq + 1)));
  }
  return config;
}

/**
 * Trains the given (queued) runs in this process until each ends, printing what happens.
 * Ctrl-C asks every active run to stop after its step; a second Ctrl-C kills the trainers.
 */
export async function trainHere(
  ctx: CommandContext,
  wb: Workbench,
  runIds: number[],
  options: { follow: boolean; concurrency?: number },
): Promise<RunStatus[]> {
  const mine = new Set(runIds);
  const last = new Map<number, string>(); // status or backend already printed
  const tag = (id: number): string => (runIds.length > 1 ? `#${id} ` : '');
  const unsubscribe = wb.events.subscribe((ev) => {
    const id = ev.type === 'run.updated' ? ev.run.id : 'runId' in ev ? ev.runId : undefined;
    if (id === undefined || !mine.has(id)) return;
    for (const line of describe(ev, options.follow, last, tag)) ctx.stdout(line);
  });
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts === 1) {
      ctx.stderr('stopping after the current step (checkpoint saved; Ctrl-C again to kill)…');
      for (const id of wb.queue.active) void wb.call('runs.stop', { id });
      for (const id of runIds)
        if (wb.store.runs.get(id)?.status === 'queued') void wb.call('runs.stop', { id });
    } else {
      ctx.stderr('killing the trainer; the run is marked interrupted and can be resumed');
      wb.queue.closeNow();
      process.exit(130);
    }
  };
  process.on('SIGINT', onSigint);
  try {
    if (options.concurrency) wb.queue.setConcurrency(options.concurrency);
    const done = runIds.map((id) => wb.queue.waitFor(id));
    wb.queue.start({ only: runIds });
    const statuses = await Promise.all(done);
    await wb.queue.shutdown();
    for (const id of runIds) ctx.stdout(finalLine(wb.store.runs.get(id), tag(id)));
    return statuses;
  } finally {
    process.off('SIGINT', onSigint);
    unsubscribe();
  }
}

function describe(
  ev: WorkbenchEvent,
  follow: boolean,
  last: Map<number, string>,
  tag: (id: number) => string,
): string[] {
  if (ev.type === 'run.updated') {
    const r = ev.run;
    const state = `${r.status} ${r.backend ?? ''}`;
    if (last.get(r.id) === state || r.status === 'queued') return [];
    last.set(r.id, state);
    if (r.status !== 'running' || !r.backend) return [];
    return [`${tag(r.id)}running on ${r.backend}, ${r.device ?? '?'}`];
  }
  if (ev.type === 'log.appended') {
    return ev.lines
      .filter(
        (l) => follow || / (WARN|ERROR) /.test(l) || / INFO (eval|checkpoint|resumed)/.test(l),
      )
      .map((l) => l.replace(/^\S+ /, '')) // the timestamp
      .map((l) => `${tag(ev.runId)}${follow ? l : (l.split('\n')[0] ?? l)}`);
  }
  if (ev.type === 'metrics.appended' && follow) {
    // One batch may hold several steps: a line for each.
    const at = (k: string, step: number) => ev.points[k]?.find((p) => p.step === step)?.value;
    return (ev.points['reward/mean'] ?? []).map(({ step, value }) => {
      const parts = [
        `step ${step}`,
        `reward ${num(value)}`,
        `acc ${num(at('accuracy', step))}`,
        `H ${num(at('entropy/mean', step))}`,
        `${num(at('time/step_s', step), 2)} s/step`,
      ];
      return `${tag(ev.runId)}${parts.join('  ')}`;
    });
  }
  return [];
}

function finalLine(run: Run | undefined, tag: string): string {
  if (!run) return `${tag}run deleted`;
  const evals = run.summary.filter((s) => s.key.startsWith('eval/'));
  const score = evals.map((s) => `${s.key} ${num(s.last)}`).join(', ');
  const why = run.error ? ` — ${run.error}` : '';
  const hint = run.status === 'finished' ? '' : `  (resume: forkbench run --resume ${run.id})`;
  const tail =
    run.status === 'failed' || run.status === 'crashed' ? `; log: forkbench logs ${run.id}` : '';
  return `${tag}run #${run.id} ${run.status} at step ${run.step ?? 0}${why}${score ? `; ${score}` : ''}${hint}${tail}`;
}
