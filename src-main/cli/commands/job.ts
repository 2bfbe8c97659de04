// `forkbench job`: launch an exported bundle where the engine's command is on PATH, follow its
// jobs (status, log lines, the engine's own logs for verl) and stop them.
import type { JobLogLine, LaunchResult, ScaleoutJob } from '../../contract/api-scaleout';
import type { Workbench } from '../../services/workbench';
import type { Command } from '../types';
import { UsageError } from '../types';
import { call } from './run';

const ACTIVE = new Set(['starting', 'running']);

async function follow(
  wb: Workbench,
  jobs: ScaleoutJob[],
  print: (t: string) => void,
  engineLogs: boolean,
) {
  const seen = new Map<number, number>();
  for (;;) {
    let active = false;
    for (const j of jobs) {
      const { job, logs } = await call<{ job: ScaleoutJob; logs: JobLogLine[] }>(wb, 'jobs.get', {
        id: j.id,
        sinceSeq: seen.get(j.id) ?? 0,
        refresh: engineLogs,
      });
      for (const l of logs)
        if (l.stream !== 'engine' || engineLogs) print(`[job ${j.id}] ${l.line}`);
      if (logs.length) seen.set(j.id, (logs[logs.length - 1] as JobLogLine).seq + 1);
      if (ACTIVE.has(job.status)) active = true;
    }
    if (!active) return;
    await new Promise((r) => setTimeout(r, 300));
  }
}

export const jobCommand: Command = {
  name: 'job',
  summary: 'Launch an exported job bundle and follow or stop its jobs',
  usage: `Usage: forkbench job launch DIR [--run ID]... [--accept-refused]
       forkbench job list
       forkbench job status ID      (refreshes a verl job from 'ray job status')
       forkbench job logs ID        (the launcher's output; for verl also 'ray job logs')
       forkbench job stop ID        (verl: ray job stop; TRL: stops accelerate)

launch runs each run's launch.sh when the engine's command (ray / accelerate) is on PATH and
waits for the launchers (verl's submits and returns; TRL's trains in the foreground); without it
it prints what to install and the commands to run by hand. Nothing is sent anywhere but the
bundle's Ray address.

Flags:
  --run ID           only this run of the bundle (repeatable)
  --accept-refused   launch runs with refused settings anyway (FORKBENCH_ACCEPT_REFUSED=1)`,
  options: { run: { type: 'string', multiple: true }, 'accept-refused': { type: 'boolean' } },
  positionals: { min: 1, max: 2 },
  async run({ positionals, values, openWorkbench, stdout, stderr }) {
    const [sub, arg] = positionals;
    const wb = openWorkbench();
    const id = () => {
      if (!arg || !/^\d+$/.test(arg)) throw new UsageError(`job ${sub} needs a job id`);
      return Number(arg);
    };
    const line = (j: ScaleoutJob) =>
      `#${j.id} ${j.engine} ${j.status.padEnd(9)} ${j.submissionId}${j.exitCode === null ? '' : ` exit ${j.exitCode}`}`;
    switch (sub) {
      case 'launch': {
        if (!arg) throw new UsageError('job launch needs the bundle folder');
        const runs = ((values.run as string[] | undefined) ?? []).map(Number);
        const outcome = await call<LaunchResult>(wb, 'jobs.launch', {
          bundleDir: arg,
          ...(runs.length ? { runIds: runs } : {}),
          ...(values['accept-refused'] === true ? { acceptRefused: true } : {}),
        });
        if (!outcome.launched) {
          stderr(`'${outcome.missing}' is not on PATH. Install: ${outcome.install}`);
          stderr('Then run by hand:');
          for (const c of outcome.commands) stderr(`  ${c}`);
          return 1;
        }
        await follow(wb, outcome.jobs, stdout, false);
        const done = await call<ScaleoutJob[]>(wb, 'jobs.list', {});
        const mine = done.filter((j) => outcome.jobs.some((o) => o.id === j.id));
        for (const j of mine) stdout(line(j));
        return mine.some((j) => j.status === 'failed') ? 1 : 0;
      }
      case 'list':
        for (const j of await call<ScaleoutJob[]>(wb, 'jobs.list', {})) stdout(line(j));
        return 0;
      case 'status': {
        const { job } = await call<{ job: ScaleoutJob }>(wb, 'jobs.get', {
          id: id(),
          refresh: true,
        });
        stdout(line(job));
        return 0;
      }
      case 'logs': {
        const { logs } = await call<{ logs: JobLogLine[] }>(wb, 'jobs.get', {
          id: id(),
          refresh: true,
        });
        for (const l of logs) stdout(`${l.stream === 'engine' ? '[ray] ' : ''}${l.line}`);
        return 0;
      }
      case 'stop':
        stdout(line(await call<ScaleoutJob>(wb, 'jobs.stop', { id: id() })));
        return 0;
      default:
        throw new UsageError(
          `unknown job command '${sub ?? ''}' (launch, list, status, logs, stop)`,
        );
    }
  },
};
