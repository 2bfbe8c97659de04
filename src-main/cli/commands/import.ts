// `forkbench import`: verl / TRL / TensorBoard logs as runs beside the local ones.
import type { ImportResult } from '../../contract/api-scaleout';
import type { Command } from '../types';
import { call } from './run';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import verl, TRL or TensorBoard logs (files or folders) as runs',
  usage: `Usage: forkbench import PATH... [--experiment NAME] [--json]

Reads, under each file or folder:
  verl    the file logger's JSONL (several files per run after resumes are merged by step),
          console logs (step:N - key:value lines, e.g. from 'ray job logs'), and rollout dumps
          (trainer.rollout_data_dir/<step>.jsonl) as rollout samples
  TRL     trainer_state.json (the final one, else the newest checkpoint-N), the per-step
          metrics.jsonl and completions/*.jsonl that Forkbench's train.py writes
  any     TensorBoard event files (events.out.tfevents.*)

Engine metric names are mapped onto Forkbench's (critic/score/mean and reward → reward/mean,
actor/entropy and entropy → entropy/mean, val-core/<ds>/acc/mean@N → eval/<ds>/avg@N, …);
other keys keep their names. Importing the same files again changes nothing; a run whose logs
grew is updated. Malformed or truncated lines are skipped and listed.

Flags:
  --experiment NAME   experiment for new runs (default "Imported runs")
  --json              print the import report as JSON`,
  options: { experiment: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 100 },
  async run({ positionals, values, openWorkbench, stdout, stderr }) {
    const report = await call<ImportResult>(openWorkbench(), 'imports.paths', {
      paths: positionals,
      ...(typeof values.experiment === 'string' ? { experimentName: values.experiment } : {}),
    });
    if (values.json === true) {
      stdout(JSON.stringify(report, null, 2));
      return 0;
    }
    for (const r of report.runs) {
      stdout(
        `${r.outcome.padEnd(9)} run #${r.runId} ${r.name} (${r.engine}): ${r.points} points, ${r.samples} samples from ${r.files.length} file(s)`,
      );
      for (const f of r.files)
        for (const s of f.skipped)
          stderr(`  skipped ${f.path}${s.line ? `:${s.line}` : ''}: ${s.reason}`);
    }
    if (report.ignored.length)
      stdout(`not recognised (left out): ${report.ignored.length} file(s)`);
    return 0;
  },
};
