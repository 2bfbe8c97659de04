// Scale-out jobs: run a bundle's launchers where the engine's command is on PATH (ray job
// submit for verl, accelerate launch for TRL), follow them (status, log lines) and stop them.
// Bundles are written by job-bundles.ts. Nothing is sent anywhere but the form's Ray address.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { WorkbenchError } from '../contract/result';
import type { ManifestRun } from '../scaleout/bundle';
import { ENGINE_PINS } from '../scaleout/engines';
import type { Store } from '../store';
import type { JobStatus, ScaleoutJob } from '../store';
import { importInputs } from './imports';
import { readManifest } from './job-bundles';

export { exportJob, readManifest } from './job-bundles';
export type { ExportJobInput } from './job-bundles';

/** The executable `command` on PATH, or null. */
export function findOnPath(command: string, path: string | undefined): string | null {
  for (const dir of (path ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export type LaunchOutcome =
  | { launched: true; jobs: ScaleoutJob[] }
  | { launched: false; missing: string; install: string; commands: string[] };

interface Child {
  kill(signal?: NodeJS.Signals): void;
}

export interface JobRunnerOptions {
  env?: NodeJS.ProcessEnv;
}

/** Runs a command to completion; stdout lines and the exit code. */
function capture(
  argv: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<{ code: number; out: string[] }> {
  return new Promise((resolveRun) => {
    const child = spawn(argv[0] as string, argv.slice(1), {
      env,
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (text += d.toString('utf8')));
    child.on('error', (err) => resolveRun({ code: 127, out: [err.message] }));
    child.on('close', (code) =>
      resolveRun({ code: code ?? 1, out: text.split(/\r?\n/).filter((l) => l.length) }),
    );
  });
}

const RAY_STATUS: Record<string, JobStatus> = {
  PENDING: 'submitted',
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  STOPPED: 'stopped',
};

export function createJobRunner(store: Store, options: JobRunnerOptions = {}) {
  const env = () => options.env ?? process.env;
  const children = new Map<number, Child>();
  const exits = new Map<number, Promise<void>>();

  function start(job: ScaleoutJob, run: ManifestRun, acceptRefused: boolean): void {
    const child = spawn('bash', [run.launcher], {
      cwd: job.bundleDir,
      env: { ...env(), ...(acceptRefused ? { FORKBENCH_ACCEPT_REFUSED: '1' } : {}) },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.set(job.id, {
      kill: (signal = 'SIGTERM') => child.pid && process.kill(-child.pid, signal),
    });
    store.scaleoutJobs.update(job.id, {
      status: 'running',
      ...(child.pid ? { pid: child.pid } : {}),
    });
    const pipe = (stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr') => {
      let rest = '';
      stream.on('data', (d: Buffer) => {
        const parts = (rest + d.toString('utf8')).split(/\r?\n/);
        rest = parts.pop() ?? '';
        store.scaleoutJobs.appendLog(job.id, name, parts);
      });
      stream.on('end', () => rest && store.scaleoutJobs.appendLog(job.id, name, [rest]));
    };
    pipe(child.stdout, 'stdout');
    pipe(child.stderr, 'stderr');
    exits.set(
      job.id,
      new Promise((done) => {
        child.on('close', (code, signal) => {
          children.delete(job.id);
          const current = store.scaleoutJobs.get(job.id);
          // verl's launcher only submits (--no-wait): success means the cluster has the job.
          const status: JobStatus =
            current?.status === 'stopped' || signal
              ? 'stopped'
              : code === 0
                ? job.engine === 'verl'
                  ? 'submitted'
                  : 'succeeded'
                : 'failed';
          store.scaleoutJobs.update(job.id, {
            status,
            exitCode: code ?? -1,
            ended: status !== 'submitted',
          });
          done();
        });
      }),
    );
  }

  return {
    /** Starts the launcher of each chosen run (default: every run of the bundle). */
    launch(
      bundleDir: string,
      opts: { runIds?: number[]; acceptRefused?: boolean } = {},
    ): LaunchOutcome {
      const dir = resolve(bundleDir);
      const manifest = readManifest(dir);
      const runs = manifest.runs.filter((r) => !opts.runIds || opts.runIds.includes(r.runId));
      if (runs.length === 0)
        throw new WorkbenchError('not_found', `no run ${opts.runIds?.join(', ')} in ${dir}`);
      const pin = ENGINE_PINS[manifest.engine.id];
      if (!findOnPath(pin.command, env().PATH))
        return {
          launched: false,
          missing: pin.command,
          install: pin.install,
          commands: runs.map((r) => `bash ${join(dir, r.launcher)}`),
        };
      const jobs = runs.map((run) => {
        const id = store.scaleoutJobs.create({
          runId: store.runs.get(run.runId) ? run.runId : null,
          engine: manifest.engine.id,
          bundleDir: dir,
          launcher: run.launcher,
          submissionId: run.submissionId,
          address: manifest.engine.id === 'verl' ? manifest.form.rayAddress : null,
        });
        const job = store.scaleoutJobs.get(id) as ScaleoutJob;
        start(job, run, opts.acceptRefused === true);
        return store.scaleoutJobs.get(id) as ScaleoutJob;
      });
      return { launched: true, jobs };
    },

    /** Resolves when the job's launcher process has exited (now, if it is not running here). */
    async waitForLauncher(jobId: number): Promise<void> {
      await exits.get(jobId);
    },

    /** The job with fresh status and engine logs (verl: ray job status / logs). */
    async refresh(jobId: number): Promise<ScaleoutJob> {
      const job = store.scaleoutJobs.get(jobId);
      if (!job) throw new WorkbenchError('not_found', `job #${jobId} does not exist`);
      if (
        job.engine !== 'verl' ||
        !job.address ||
        children.has(jobId) ||
        !['submitted', 'running'].includes(job.status)
      )
        return job;
      if (!findOnPath('ray', env().PATH)) return job;
      const status = await capture(
        ['ray', 'job', 'status', '--address', job.address, job.submissionId],
        env(),
      );
      const word = status.out
        .join('\n')
        .match(/\b(PENDING|RUNNING|SUCCEEDED|FAILED|STOPPED)\b/)?.[1];
      const logs = await capture(
        ['ray', 'job', 'logs', '--address', job.address, job.submissionId],
        env(),
      );
      if (logs.code === 0) {
        store.scaleoutJobs.replaceEngineLog(jobId, logs.out);
        // The console's metric lines become a run that grows with each refresh (live curves).
        if (logs.out.some((l) => /step:\d+ - /.test(l)))
          importInputs(
            store,
            [
              {
                path: `ray-jobs/${job.submissionId}.log`,
                bytes: new TextEncoder().encode(logs.out.join('\n')),
                mtime: Date.now() / 1000,
              },
            ],
            {},
            'job:',
          );
      }
      if (word) {
        const next = RAY_STATUS[word] as JobStatus;
        store.scaleoutJobs.update(jobId, {
          status: next,
          ended: !['submitted', 'running'].includes(next),
        });
      }
      return store.scaleoutJobs.get(jobId) as ScaleoutJob;
    },

    async stop(jobId: number): Promise<ScaleoutJob> {
      const job = store.scaleoutJobs.get(jobId);
      if (!job) throw new WorkbenchError('not_found', `job #${jobId} does not exist`);
      const child = children.get(jobId);
      if (child) {
        store.scaleoutJobs.update(jobId, { status: 'stopped' });
        child.kill('SIGTERM');
        await exits.get(jobId);
      }
      if (job.engine === 'verl' && job.address && !child) {
        if (!findOnPath('ray', env().PATH))
          throw new WorkbenchError(
            'internal',
            `ray is not on PATH; stop it by hand: ray job stop --address ${job.address} ${job.submissionId}`,
          );
        const r = await capture(
          ['ray', 'job', 'stop', '--address', job.address, job.submissionId],
          env(),
        );
        store.scaleoutJobs.appendLog(jobId, 'forkbench', [
          `ray job stop: exit ${r.code}`,
          ...r.out,
        ]);
        if (r.code !== 0)
          throw new WorkbenchError(
            'internal',
            `ray job stop failed (exit ${r.code}): ${r.out.at(-1) ?? ''}`,
          );
        store.scaleoutJobs.update(jobId, { status: 'stopped', ended: true });
      }
      return store.scaleoutJobs.get(jobId) as ScaleoutJob;
    },

    /** Stops every launcher process this runner started (app shutdown). */
    closeAll(): void {
      for (const child of children.values()) child.kill('SIGTERM');
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
