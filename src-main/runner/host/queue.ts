// The run queue, owned by the main process: takes queued runs oldest first, at most
// `concurrency` at a time, each in its own trainer process; keeps their heartbeat fresh; finds
// runs orphaned by a dead owner. Queued runs are read from the database, so a run queued by
// another process (the CLI next to a server) is picked up too; claiming is atomic.
import { join } from 'node:path';
import type { RunStatus } from '../../contract/entities';
import { storageErrorFrom } from '../../store/errors';
import type { StartMessage } from '../../contract/trainer-protocol';
import { TrainerHost } from './trainer-host';
import { removeOrphanTemps } from '../checkpoints/checkpoint-files';
import { recoverInterrupted, resumePoint, STALE_HEARTBEAT_MS } from './recovery';
import type { CheckpointRecord, EventSink, RunStore } from './run-store';
import type { SpawnTrainer } from './spawn';
import { forkTrainer, TRAINER_ENTRY } from './spawn';
import { RunWriter } from './writer';

export interface QueueOptions {
  store: RunStore;
  events: EventSink;
  /** The data folder (next to the database): base models, default checkpoint folder. */
  dataDir: string;
  /**
   * This database's checkpoint folder (checkpointRootFor: named by the database's identity).
   * Default `<dataDir>/checkpoints`.
   */
  checkpointRoot?: string;
  spawn?: SpawnTrainer;
  entry?: string;
  concurrency?: number;
  pollMs?: number;
  heartbeatMs?: number;
  staleMs?: number;
  stopTimeoutMs?: number;
  writer?: RunWriter;
}

export class RunQueue {
  readonly writer: RunWriter;
  private readonly hosts = new Map<number, TrainerHost>();
  private readonly waiters = new Map<number, ((s: RunStatus) => void)[]>();
  private concurrency: number;
  private timers: NodeJS.Timeout[] = [];
  private started = false;
  private only: Set<number> | undefined;
  private closed = false;

  constructor(private readonly o: QueueOptions) {
    this.concurrency = Math.max(1, o.concurrency ?? 1);
    this.writer =
      o.writer ??
      new RunWriter(o.store, o.events, {
        onError: (err, runIds) => {
          const why = storageErrorFrom(err, 'the database')?.message ?? errorText(err);
          for (const id of runIds) this.hosts.get(id)?.abort(`cannot record the run: ${why}`);
        },
        onSuperseded: (runIds) => {
          for (const id of runIds) this.hosts.get(id)?.supersede();
        },
      });
  }

  /**
   * Recovers orphans, then starts the poll and heartbeat timers and the first runs. `only`
   * limits this queue to some runs (the CLI runs its own, not every queued run in the file).
   */
  start(options: { only?: readonly number[] } = {}): this {
    if (this.started || this.closed) return this;
    this.started = true;
    if (options.only) this.only = new Set(options.only);
    recoverInterrupted(this.o.store, { staleMs: this.o.staleMs ?? STALE_HEARTBEAT_MS });
    const every = (ms: number, fn: () => void): void => {
      const t = setInterval(() => this.guard(fn), ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.o.heartbeatMs ?? 5000, () => this.beat());
    every(this.o.pollMs ?? 2000, () => {
      recoverInterrupted(this.o.store, {
        staleMs: this.o.staleMs ?? STALE_HEARTBEAT_MS,
        exclude: new Set(this.hosts.keys()),
      });
      this.kick();
    });
    this.kick();
    return this;
  }

  /** Lets this queue take more runs (a resumed one) when it was started with `only`. */
  allow(runId: number): void {
    this.only?.add(runId);
  }

  setConcurrency(n: number): void {
    this.concurrency = Math.max(1, Math.floor(n));
    this.kick();
  }

  get active(): number[] {
    return [...this.hosts.keys()];
  }

  pidOf(runId: number): number | undefined {
    return this.hosts.get(runId)?.pid;
  }

  /** Starts queued runs while there are free slots. Safe to call any time. */
  kick(): void {
    if (!this.started || this.closed) return;
    for (const runId of this.o.store.queuedRunIds()) {
      if (this.hosts.size >= this.concurrency) return;
      if (this.only && !this.only.has(runId)) continue;
      const generation = this.o.store.claim(runId, new Date().toISOString());
      if (generation !== null) this.launch(runId, generation);
    }
  }

  /** Stops a run: a queued one at once, a running one after its current step. */
  stop(runId: number): RunStatus | undefined {
    const host = this.hosts.get(runId);
    if (host) {
      host.stop();
      return 'running';
    }
    const run = this.o.store.getRun(runId);
    if (run?.status !== 'queued') return run?.status;
    this.writer.writeNow(runId, () => this.o.store.setStatus(runId, 'stopped'));
    this.settle(runId, 'stopped');
    return 'stopped';
  }

  /** Resolves with the run's final status once this queue has finished it. */
  waitFor(runId: number): Promise<RunStatus> {
    return new Promise((resolve) => {
      const list = this.waiters.get(runId) ?? [];
      list.push(resolve);
      this.waiters.set(runId, list);
    });
  }

  /** Stops every active run cleanly (or kills after the timeout), flushes, stops the timers. */
  async shutdown(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    const pending = [...this.hosts.values()];
    for (const h of pending) h.stop();
    await Promise.all(pending.map((h) => h.done));
    this.writer.close();
  }

  /**
   * Closes at once (the app is quitting without waiting): trainers are killed and their runs
   * marked interrupted, resumable from their last checkpoint.
   */
  closeNow(): void {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const host of this.hosts.values()) host.abandon();
    this.hosts.clear();
    this.writer.close();
  }

  private launch(runId: number, generation: number): void {
    const run = this.o.store.getRun(runId);
    if (!run) return;
    this.writer.own(runId, generation);
    const dir = join(this.o.checkpointRoot ?? join(this.o.dataDir, 'checkpoints'), `run-${runId}`);
    for (const name of removeOrphanTemps(dir))
      this.writer.log(runId, 'info', `removed ${name}, left by a trainer killed mid-write`);
    let ckpt: CheckpointRecord | undefined;
    try {
      ckpt = resumePoint(this.o.store, runId, (s) =>
        this.writer.log(runId, 'warn', `${s.why}; skipped`),
      );
    } catch (err) {
      // Its checkpoints are all gone or damaged: fail loudly rather than restart from step 0.
      const error = errorText(err);
      this.writer.log(runId, 'error', error);
      this.writer.writeNow(runId, () => this.o.store.setStatus(runId, 'failed', { error }));
      this.writer.disown(runId);
      this.settle(runId, 'failed');
      return;
    }
    const start: StartMessage = {
      type: 'start',
      runId,
      config: run.config,
      dataDir: this.o.dataDir,
      checkpointDir: dir,
      generation,
      ...(ckpt ? { resumeFrom: { path: ckpt.path, sha256: ckpt.sha256, step: ckpt.step } } : {}),
    };
    const host = new TrainerHost(
      {
        store: this.o.store,
        writer: this.writer,
        spawn: this.o.spawn ?? forkTrainer,
        entry: this.o.entry ?? TRAINER_ENTRY,
        stopTimeoutMs: this.o.stopTimeoutMs ?? 120_000,
      },
      runId,
      start,
    );
    this.hosts.set(runId, host);
    this.writer.writeNow(runId, () => undefined); // announce 'running'
    void host.done.then((status) => {
      this.hosts.delete(runId);
      this.writer.disown(runId);
      this.settle(runId, status);
      this.kick();
    });
    host.launch();
  }

  private settle(runId: number, status: RunStatus): void {
    for (const resolve of this.waiters.get(runId) ?? []) resolve(status);
    this.waiters.delete(runId);
  }

  /** Heartbeats the runs this process still holds; one whose generation moved on is let go. */
  private beat(): void {
    if (this.hosts.size === 0) return;
    const owned = [...this.hosts.values()].map((h) => ({ id: h.runId, generation: h.generation }));
    const fresh = new Set(this.o.store.heartbeatOwned(owned, new Date().toISOString()));
    for (const { id } of owned) if (!fresh.has(id)) this.hosts.get(id)?.supersede();
  }

  /** A timer's failure (database gone read-only, say) must not take the process down. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      console.error(`forkbench: run queue: ${errorText(err)}`);
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
