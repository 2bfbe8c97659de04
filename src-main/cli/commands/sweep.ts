// `forkbench sweep`: expand a preset or a grid into an experiment of queued runs and train them.
import type { Experiment, Run } from '../../contract/entities';
import { parseGridFlag } from '../../runner/sweep';
import type { Command } from '../types';
import { UsageError } from '../types';
import { call, trainHere } from './run';

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'Expand a preset or grid into an experiment of runs and train them',
  usage: `Usage: forkbench sweep [--preset NAME] [--grid KEY=V1,V2 ...] [flags]

Examples:
  forkbench sweep --preset rho-ablation --seeds 0,1,2 --steps 100
  forkbench sweep --grid mask.mode=top,bottom --grid seed=0,1,2 --steps 50

Flags:
  --preset NAME      quick-ablation (all, top 20%, bottom 80%, random 20%: minutes) |
                     paper-main (all vs top 20%, 0.25M base) |
                     rho-ablation (top 10/20/50%, all, bottom 80%, random 20%) |
                     scaling (all vs top 20% at 0.03M, 0.1M and 0.25M parameters)
  --grid KEY=V,...   a config field by dotted path and the values to try (repeatable)
  --seeds LIST       seeds, comma-separated (same as --grid seed=...)
  --steps N          RL steps of every run
  --experiment NAME  experiment to add the runs to (default: a new one)
  --concurrency N    runs trained at once here (default 1)
  --follow           print a progress line per step
  --detach           only queue them, for a running app or 'forkbench serve' to train`,
  options: {
    preset: { type: 'string' },
    grid: { type: 'string', multiple: true },
    seeds: { type: 'string' },
    steps: { type: 'string' },
    experiment: { type: 'string' },
    concurrency: { type: 'string' },
    follow: { type: 'boolean' },
    detach: { type: 'boolean' },
  },
  async run(ctx) {
    const { values } = ctx;
    const request: Record<string, unknown> = {};
    if (typeof values.preset === 'string') request.preset = values.preset;
    if (typeof values.experiment === 'string') request.experimentName = values.experiment;
    const grids = Array.isArray(values.grid) ? values.grid.map(String) : [];
    if (grids.length > 0) {
      try {
        request.grid = Object.fromEntries(grids.map(parseGridFlag));
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
    }
    if (typeof values.seeds === 'string') request.seeds = intList('--seeds', values.seeds);
    if (typeof values.steps === 'string') request.steps = intList('--steps', values.steps)[0];
    if (request.preset === undefined && request.grid === undefined && request.seeds === undefined)
      throw new UsageError('give --preset, --grid or --seeds');
    const concurrency =
      typeof values.concurrency === 'string' ? intList('--concurrency', values.concurrency)[0] : 1;

    const wb = ctx.openWorkbench();
    const { experiment, runs } = await call<{ experiment: Experiment; runs: Run[] }>(
      wb,
      'sweeps.create',
      request,
    );
    ctx.stdout(`experiment #${experiment.id} "${experiment.name}": ${runs.length} runs queued`);
    for (const r of runs) ctx.stdout(`  #${r.id}  ${r.name}`);
    if (values.detach === true) return 0;
    const statuses = await trainHere(
      ctx,
      wb,
      runs.map((r) => r.id),
      { follow: values.follow === true, concurrency },
    );
    return statuses.every((s) => s === 'finished' || s === 'stopped') ? 0 : 1;
  },
};

function intList(flag: string, text: string): number[] {
  const items = text.split(',').map((t) => t.trim());
  if (items.some((t) => !/^\d+$/.test(t)))
    throw new UsageError(`${flag} takes whole numbers: ${text}`);
  return items.map(Number);
}
