// Main-process side of analysis jobs: forks one child per job (analysis-entry.ts through tsx,
// the trainer's spawn machinery) and turns its messages into callbacks. Never runs tensors.
import { fileURLToPath } from 'node:url';
import type { HostToTrainer } from '../../contract/trainer-protocol';
import type { AnalysisJobSpec, AnalysisResultData } from '../../contract/analysis-protocol';
import { parseAnalysisMessage } from '../../contract/analysis-protocol';
import type { ChildLike, SpawnTrainer } from './spawn';
import { forkTrainer } from './spawn';

export const ANALYSIS_ENTRY = fileURLToPath(new URL('../child/analysis-entry.ts', import.meta.url));

const TFJS_BANNER = /^=+$|looks like you are running TensorFlow\.js in Node\.js/;

export interface AnalysisCallbacks {
  onProgress(done: number, total: number, message: string): void;
  /** Called exactly once: the result, or why there is none. */
  onEnd(outcome: { result: AnalysisResultData } | { error: string }): void;
  onOutput?(level: 'info' | 'warn', line: string): void;
}

export interface AnalysisRunnerOptions {
  spawn?: SpawnTrainer;
  entry?: string;
}

interface ActiveJob {
  child: ChildLike;
  /** Resolves when the process has exited (and been reaped). */
  exited: Promise<void>;
  /** Ends the job without calling onEnd (cancel, shutdown). */
  silence(): void;
}

export class AnalysisRunner {
  private readonly children = new Map<number, ActiveJob>();

  constructor(private readonly options: AnalysisRunnerOptions = {}) {}

  get active(): number[] {
    return [...this.children.keys()];
  }

  pidOf(jobId: number): number | undefined {
    return this.children.get(jobId)?.child.pid;
  }

  /** Starts job `jobId` in its own process. */
  launch(jobId: number, spec: AnalysisJobSpec, cb: AnalysisCallbacks): void {
    let ended = false;
    const end = (outcome: { result: AnalysisResultData } | { error: string }) => {
      if (ended) return;
      ended = true;
      this.children.delete(jobId);
      cb.onEnd(outcome);
    };
    let child: ChildLike;
    try {
      child = (this.options.spawn ?? forkTrainer)(this.options.entry ?? ANALYSIS_ENTRY);
    } catch (err) {
      end({ error: `cannot start the analysis process: ${(err as Error).message}` });
      return;
    }
    let exited!: () => void;
    const job: ActiveJob = {
      child,
      exited: new Promise<void>((resolve) => (exited = resolve)),
      silence: () => {
        ended = true;
        this.children.delete(jobId);
      },
    };
    this.children.set(jobId, job);
    const lastLines: string[] = [];
    child.onOutput((level, line) => {
      if (TFJS_BANNER.test(line)) return;
      lastLines.push(line);
      if (lastLines.length > 5) lastLines.shift();
      cb.onOutput?.(level, line);
    });
    child.onMessage((raw) => {
      const m = parseAnalysisMessage(raw);
      if (!m || ended) return;
      if (m.type === 'progress') cb.onProgress(m.done, m.total, m.message);
      else if (m.type === 'result') end({ result: m.result });
      else end({ error: m.error });
    });
    child.onExit((code, signal) => {
      exited();
      const how = signal ? `was killed by ${signal}` : `exited with code ${code ?? '?'}`;
      const tail = lastLines.length ? `: ${lastLines.join(' | ')}` : '';
      end({ error: `analysis process ${how} before reporting a result${tail}` });
    });
    // The spawn machinery is typed for the trainer; the channel carries any structured clone.
    child.send({ type: 'start', spec } as unknown as HostToTrainer);
  }

  /**
   * Kills job `jobId`'s process without reporting an end (the caller records it); resolves once
   * the process is gone, false when this runner has no such job.
   */
  async cancel(jobId: number, waitMs = 10_000): Promise<boolean> {
    const job = this.children.get(jobId);
    if (!job) return false;
    job.silence();
    job.child.kill('SIGKILL');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      job.exited,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs))),
    ]);
    clearTimeout(timer);
    return true;
  }

  /** Kills every running job's process (the main process is closing); returns their ids. */
  killAll(): number[] {
    const ids = this.active;
    for (const job of [...this.children.values()]) {
      job.child.kill('SIGKILL');
      job.silence();
    }
    this.children.clear();
    return ids;
  }
}
