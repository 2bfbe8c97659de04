// `forkbench logs <run>`: a run's log (config, backend, warnings, errors, timing).
import { WorkbenchError } from '../../contract/result';
import type { RunLogLine } from '../../contract/api-runs';
import type { Command } from '../types';
import { UsageError } from '../types';
import { call } from './run';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export const logsCommand: Command = {
  name: 'logs',
  readsOnly: true,
  summary: "Print a run's log",
  usage: `Usage: forkbench logs <run> [--level LEVEL] [--tail N] [--follow]

Flags:
  --level LEVEL  lowest level shown: debug | info (default) | warn | error
  --tail N       only the last N lines
  --follow       keep printing new lines while the run is queued or running`,
  options: {
    level: { type: 'string' },
    tail: { type: 'string' },
    follow: { type: 'boolean' },
  },
  positionals: { min: 1, max: 1 },
  async run({ positionals, values, openWorkbench, stdout }) {
    const ref = positionals[0] as string;
    if (!/^\d+$/.test(ref)) throw new UsageError(`<run> is a run id, not '${ref}'`);
    const runId = Number(ref);
    const level = typeof values.level === 'string' ? values.level : 'info';
    const min = LEVELS.indexOf(level as (typeof LEVELS)[number]);
    if (min < 0) throw new UsageError(`--level must be one of ${LEVELS.join(', ')}`);
    const tail = typeof values.tail === 'string' ? Number(values.tail) : undefined;
    if (tail !== undefined && !(Number.isInteger(tail) && tail > 0))
      throw new UsageError('--tail takes a positive whole number');

    const wb = openWorkbench();
    const show = (lines: RunLogLine[]): void => {
      for (const l of lines) {
        if (LEVELS.indexOf(l.level) >= min)
          stdout(`${l.time} ${l.level.toUpperCase().padEnd(5)} ${l.message}`);
      }
    };
    let lines = await call<RunLogLine[]>(wb, 'logs.get', { runId });
    if (tail !== undefined)
      lines = lines.filter((l) => LEVELS.indexOf(l.level) >= min).slice(-tail);
    show(lines);
    let after = lines[lines.length - 1]?.seq ?? 0;
    // Follows by polling the database, so it works whichever process trains the run.
    while (values.follow === true) {
      const run = wb.store.runs.get(runId);
      if (!run) throw new WorkbenchError('not_found', `run #${runId} was deleted`);
      const more = await call<RunLogLine[]>(wb, 'logs.get', { runId, afterSeq: after });
      show(more);
      after = more[more.length - 1]?.seq ?? after;
      if (more.length === 0 && run.status !== 'running' && run.status !== 'queued') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    return 0;
  },
};
