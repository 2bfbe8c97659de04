// `forkbench export-tensorboard`: runs as TensorBoard event files, a folder per run.
import type { Command } from '../types';
import { UsageError } from '../types';
import { resolveRuns } from './export';
import { call } from './run';

export const exportTensorboardCommand: Command = {
  name: 'export-tensorboard',
  summary: 'Write runs as TensorBoard event files (open with tensorboard --logdir DIR)',
  usage: `Usage: forkbench export-tensorboard <run|experiment:ID>... --out DIR

Writes DIR/run<ID>-<name>/events.out.tfevents.<time>.forkbench for each run: every metric as
a scalar at its step and wall time (double precision; 'forkbench import DIR' reads it back).`,
  options: { out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 100 },
  async run({ positionals, values, openStore, openWorkbench, stdout }) {
    if (typeof values.out !== 'string') throw new UsageError('--out DIR is required');
    const runIds = resolveRuns(openStore(), positionals);
    const result = await call<{ dir: string; files: { path: string; scalars: number }[] }>(
      openWorkbench(),
      'export.tensorboard',
      { runIds, outDir: values.out },
    );
    for (const f of result.files) stdout(`${f.path} (${f.scalars} scalars)`);
    stdout(`open with: tensorboard --logdir ${result.dir}`);
    return 0;
  },
};
