import { RUN_STATUSES } from '../../contract/entities';
import type { ExperimentWithRuns, RunStatus } from '../../contract/entities';
import { WorkbenchError } from '../../contract/result';
import { accuracyOf, age, maskLabel, num, summaryOf, table } from '../format';
import type { Command } from '../types';
import { UsageError } from '../types';

export const listCommand: Command = {
  name: 'list',
  readsOnly: true,
  summary: 'List experiments and their runs',
  usage: `Usage: forkbench list [--experiment NAME|ID] [--status STATUS] [--search TEXT] [--all] [--json]

Flags:
  --experiment NAME|ID  only this experiment
  --status STATUS       only runs in this state (${RUN_STATUSES.join(', ')})
  --search TEXT         experiments or runs whose name or a tag contains TEXT
  --all                 include archived experiments and runs
  --json                print JSON (experiments with their runs) instead of a table`,
  options: {
    experiment: { type: 'string' },
    status: { type: 'string' },
    search: { type: 'string' },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values, openWorkbench, stdout }) {
    const status = values.status as string | undefined;
    if (status !== undefined && !(RUN_STATUSES as readonly string[]).includes(status))
      throw new UsageError(`--status must be one of ${RUN_STATUSES.join(', ')}`);
    const workbench = openWorkbench();
    const result = await workbench.call('experiments.list', {
      includeArchived: values.all === true,
      ...(typeof values.search === 'string' ? { search: values.search } : {}),
    });
    if (!result.ok) throw new WorkbenchError(result.error.code, result.error.message);
    let experiments = result.value as ExperimentWithRuns[];
    const wanted = values.experiment as string | undefined;
    if (wanted !== undefined) {
      experiments = experiments.filter((e) => e.name === wanted || String(e.id) === wanted);
      if (experiments.length === 0)
        throw new WorkbenchError('not_found', `no experiment named or numbered '${wanted}'`);
    }
    if (status)
      experiments = experiments.map((e) => ({
        ...e,
        runs: e.runs.filter((r) => r.status === (status as RunStatus)),
      }));

    if (values.json === true) {
      stdout(JSON.stringify(experiments, null, 2));
      return 0;
    }
    if (experiments.length === 0) {
      stdout('No experiments yet. Open the app (or `forkbench serve`) and start a run.');
      return 0;
    }
    const now = Date.now();
    const rows: string[][] = [];
    for (const e of experiments) {
      if (e.runs.length === 0)
        rows.push(['-', e.name, '(no runs)', '', '', '', '', '', '', age(e.createdAt, now)]);
      for (const r of e.runs)
        rows.push([
          String(r.id),
          e.name,
          r.name + (r.archived ? ' [archived]' : ''),
          r.status,
          r.task,
          maskLabel(r),
          r.step === null ? '—' : String(r.step),
          num(summaryOf(r, 'reward/mean')?.last),
          num(accuracyOf(r)),
          age(r.createdAt, now),
        ]);
    }
    const header = [
      'ID',
      'EXPERIMENT',
      'NAME',
      'STATUS',
      'TASK',
      'MASK',
      'STEP',
      'REWARD',
      'ACC',
      'AGE',
    ];
    const runCount = experiments.reduce((n, e) => n + e.runs.length, 0);
    stdout(`${table(header, rows)}\n\n${experiments.length} experiments, ${runCount} runs`);
    return 0;
  },
};
