// One running job seen from the main process: starts its trainer process, turns the trainer's
// messages into batched writes and live events, and decides the run's final state from how
// the process ended (a 'done' message, or a death without one: crashed).
import { rmSync } from 'node:fs';
import type { RunStatus } from '../../contract/entities';
import type { StartMessage, TrainerMessage } from '../../contract/trainer-protocol';
import { parseTrainerMessage } from '../../contract/trainer-protocol';
import { storageErrorFrom } from '../../store/errors';
import type { CheckpointRecord, RunStore } from './run-store';
import type { ChildLike, SpawnTrainer } from './spawn';
import { startChildJob } from './child-job';
import type { RunWriter } from './writer';

const KEEP_CHECKPOINTS = 2;
const KEEP_MILESTONES = 6;

/** Up to `count` of `steps` (sorted either way), evenly spread, always keeping the first. */
export function spreadEvenly(steps: number[], count: number): number[] {
  if (steps.length <= count) return steps;
  const sorted = [...steps].sort((a, b) => a - b);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(sorted[Math.round((i * (sorted.length - 1)) / Math.max(1, count - 1))] as number);
  }
  return [...new Set(out)];
}

export interface HostDeps {
  store: RunStore;
  writer: RunWriter;
  spawn: SpawnTrainer;
  entry: string;
  /** After a stop request, how long the trainer gets to finish its step and save. */
  stopTimeoutMs: number;
}

export class TrainerHost {
  readonly done: Promise<RunStatus>;
  private child: ChildLike | undefined;
  private outcome: Extract<TrainerMessage, { type: 'done' }> | undefined;
  private stopRequested = false;
  private killedAfterTimeout = false;
  private failure: string | undefined;
  private resolveDone!: (status: RunStatus) => void;
  private badMessages = 0;
  private finished = false;

  constructor(
    private readonly deps: HostDeps,
    readonly runId: number,
    private readonly start: StartMessage,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** The owner generation this host's claim got. */
  get generation(): number {
    return this.start.generation ?? 0;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the trainer and hands it the run. The run is already claimed ('running'). */
  launch(): void {
    const { writer, spawn, entry } = this.deps;
    const resumed = this.start.resumeFrom ? ` from step ${this.start.resumeFrom.step}` : '';
    writer.log(this.runId, 'info', `starting trainer process${resumed}`);
    writer.log(this.runId, 'info', `config ${JSON.stringify(this.start.config)}`);
    let child: ChildLike;
    try {
      child = startChildJob(spawn, entry, {
        parse: parseTrainerMessage,
        onMessage: (m) => this.onMessage(m),
        onBadMessage: (error) => {
          // Never trust, never crash: note it (a few times) and carry on.
          if (!this.finished && ++this.badMessages <= 5)
            writer.log(this.runId, 'warn', `bad trainer message (${error})`);
        },
        onOutput: (level, line) => writer.log(this.runId, level, `[trainer] ${line}`),
        onExit: (code, signal) => this.finish(code, signal),
      });
    } catch (err) {
      this.failure = `cannot start the trainer process: ${(err as Error).message}`;
      this.finish(null, null);
      return;
    }
    this.child = child;
    child.send(this.start);
    writer.log(this.runId, 'debug', `trainer pid ${child.pid ?? '?'}`);
  }

  /** Asks the trainer to stop after its current step; kills it if it does not in time. */
  stop(): void {
    if (this.stopRequested || !this.child) return;
    this.stopRequested = true;
    this.deps.writer.log(this.runId, 'info', 'stop requested');
    this.child.send({ type: 'stop' });
    const timer = setTimeout(() => {
      this.killedAfterTimeout = true;
      this.deps.writer.log(this.runId, 'warn', 'trainer did not stop in time; killing it');
      this.child?.kill('SIGKILL');
    }, this.deps.stopTimeoutMs);
    timer.unref();
    void this.done.then(() => clearTimeout(timer));
  }

  /** A storage failure while writing this run's data: end the trainer, record why if we can. */
  abort(reason: string): void {
    if (this.failure) return;
    this.failure = reason;
    this.child?.kill('SIGKILL');
  }

  /**
   * Another process took the run over (this one stalled past its heartbeat and the run was
   * recovered and resumed elsewhere): kill the trainer and write nothing more, not even a status.
   */
  supersede(): void {
    if (this.finished) return;
    this.finished = true;
    this.child?.kill('SIGKILL');
    console.error(
      `forkbench: run ${this.runId} was taken over by another process while this one was ` +
        'stalled; stopped its trainer here without writing to the run',
    );
    this.resolveDone('interrupted');
  }

  /** The main process is closing without waiting: kill the trainer, record 'interrupted'. */
  abandon(): void {
    if (this.finished) return;
    this.finished = true;
    this.child?.kill('SIGKILL');
    const error = 'Forkbench closed while the run was training; resume it';
    try {
      this.deps.writer.log(this.runId, 'warn', error);
      this.deps.writer.writeNow(this.runId, () =>
        this.deps.store.setStatus(this.runId, 'interrupted', { error }),
      );
    } catch (err) {
      console.error(`forkbench: run ${this.runId}: ${String(err)}`);
    }
    this.resolveDone('interrupted');
  }

  private onMessage(m: TrainerMessage): void {
    if (this.finished) return;
    try {
      this.handle(m);
    } catch (err) {
      // A write that failed now (database gone, disk full) must not take the process down.
      const why = storageErrorFrom(err, 'the database')?.message ?? String(err);
      this.abort(`cannot record the run: ${why}`);
    }
  }

  private handle(m: TrainerMessage): void {
    const { writer } = this.deps;
    switch (m.type) {
      case 'heartbeat':
        return;
      case 'status':
        return void writer.writeNow(this.runId, () =>
          this.deps.store.setBackend(this.runId, m.backend, m.device),
        );
      case 'metrics':
        return writer.metrics(this.runId, m.points);
      case 'rollouts':
        return writer.rollouts(this.runId, m.step, m.samples);
      case 'eval':
        return writer.evalResults(this.runId, m.step, m.results);
      case 'checkpoint':
        writer.checkpoint(this.runId, m);
        writer.log(this.runId, 'info', `checkpoint at step ${m.step} (${m.bytes} bytes)`);
        return this.pruneCheckpoints();
      case 'log':
        return writer.log(this.runId, m.level, m.message);
      case 'done':
        this.outcome = m;
        return;
    }
  }

  /**
   * Keeps the newest KEEP_CHECKPOINTS (resume needs one, the other covers a damaged file) and
   * up to KEEP_MILESTONES older ones spread over training, for the entropy-pattern overlap
   * analysis (the paper's Table 1 follows the top-20% positions across checkpoints).
   */
  private pruneCheckpoints(): void {
    const { store, writer } = this.deps;
    const old: CheckpointRecord[] = [];
    writer.writeNow(this.runId, () => {
      const all = store.checkpoints(this.runId).sort((a, b) => b.step - a.step);
      const older = all.slice(KEEP_CHECKPOINTS);
      const keep = new Set(
        spreadEvenly(
          older.map((c) => c.step),
          KEEP_MILESTONES,
        ),
      );
      for (const c of older.filter((c) => !keep.has(c.step))) {
        store.removeCheckpoint(this.runId, c.step);
        old.push(c);
      }
    });
    // Files go only after the rows are committed: a row never points at a missing file.
    for (const c of old) rmSync(c.path, { force: true });
  }

  private finish(code: number | null, signal: string | null): void {
    if (this.finished) return;
    this.finished = true;
    const { status, error } = this.verdict(code, signal);
    const { writer, store } = this.deps;
    // A trainer that reported its failure has logged it already; say what the host saw.
    if (error && !this.outcome) writer.log(this.runId, 'error', error);
    writer.log(this.runId, 'info', `run ${status}`);
    try {
      writer.writeNow(this.runId, () => store.setStatus(this.runId, status, { error }));
    } catch (err) {
      // The database itself is failing (disk full, read-only): say so where someone looks.
      console.error(
        `forkbench: run ${this.runId} ended ${status}; could not record it: ${String(err)}`,
      );
    }
    this.resolveDone(status);
  }

  private verdict(
    code: number | null,
    signal: string | null,
  ): { status: RunStatus; error: string | null } {
    if (this.failure) return { status: 'failed', error: this.failure };
    if (this.outcome) {
      const { outcome, error } = this.outcome;
      return { status: outcome, error: outcome === 'failed' ? (error ?? 'training failed') : null };
    }
    if (this.killedAfterTimeout) {
      return {
        status: 'stopped',
        error: 'trainer killed after the stop timeout; resumes from the last checkpoint',
      };
    }
    const how = signal ? `was killed by ${signal}` : `exited with code ${code ?? '?'}`;
    return { status: 'crashed', error: `trainer process ${how} before finishing` };
  }
}
