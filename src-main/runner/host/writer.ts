// The one SQLite writer for everything trainers produce. Trainer messages arrive in bursts
// (one step = metrics + rollouts + logs); writing each in its own transaction would fsync per
// row, so items are queued and committed together every ~250 ms or every N items. Live events
// go out after the commit, so a UI never shows data that a crash could still take back.
import type { MetricPoint } from '../../contract/entities';
import type { RolloutRecord } from '../../contract/rollout';
import type { EvalRecord } from '../../contract/eval-record';
import type { LogLevel, MetricPointMessage } from '../../contract/trainer-protocol';
import type { CheckpointRecord, EventSink, LogLine, RunStore } from './run-store';

type Op =
  | { kind: 'metrics'; runId: number; points: MetricPointMessage[] }
  | { kind: 'log'; runId: number; line: LogLine }
  | { kind: 'rollouts'; runId: number; step: number; samples: RolloutRecord[] }
  | { kind: 'eval'; runId: number; step: number; results: EvalRecord[] }
  | { kind: 'checkpoint'; runId: number; checkpoint: CheckpointRecord };

export interface WriterOptions {
  flushMs?: number;
  maxItems?: number;
  /** Minimum gap between two run.updated events for the same run caused by new metrics. */
  runEventMs?: number;
  /** A batch could not be written (disk full, read-only...): the runs it concerned. */
  onError?: (err: unknown, runIds: number[]) => void;
  /** Runs another process took over (their owner generation moved on): nothing was written. */
  onSuperseded?: (runIds: number[]) => void;
}

export class RunWriter {
  private pending: Op[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastRunEvent = new Map<number, number>();
  /** Owner generation this process holds per run; writes for a run check it first. */
  private readonly owned = new Map<number, number>();
  private readonly flushMs: number;
  private readonly maxItems: number;
  private readonly runEventMs: number;

  constructor(
    private readonly store: RunStore,
    private readonly events: EventSink,
    private readonly options: WriterOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 250;
    this.maxItems = options.maxItems ?? 200;
    this.runEventMs = options.runEventMs ?? 1000;
  }

  metrics(runId: number, points: MetricPointMessage[]): void {
    this.push({ kind: 'metrics', runId, points });
  }
  log(runId: number, level: LogLevel, message: string): void {
    this.push({ kind: 'log', runId, line: { time: new Date().toISOString(), level, message } });
  }
  rollouts(runId: number, step: number, samples: RolloutRecord[]): void {
    this.push({ kind: 'rollouts', runId, step, samples });
  }
  evalResults(runId: number, step: number, results: EvalRecord[]): void {
    this.push({ kind: 'eval', runId, step, results });
  }
  checkpoint(runId: number, checkpoint: CheckpointRecord): void {
    this.push({ kind: 'checkpoint', runId, checkpoint });
  }

  /** From now on, writes for `runId` land only while the run is still at `generation`. */
  own(runId: number, generation: number): void {
    this.owned.set(runId, generation);
  }

  /** Stops checking `runId`; with `drop`, pending writes for it are discarded. */
  disown(runId: number, drop = false): void {
    this.owned.delete(runId);
    if (drop) this.pending = this.pending.filter((op) => op.runId !== runId);
  }

  /** Whether this process still holds the run (or never claimed to). Call inside the write. */
  private holds(runId: number): boolean {
    const generation = this.owned.get(runId);
    return generation === undefined || this.store.owner(runId)?.generation === generation;
  }

  /**
   * Commits pending items, then runs `after` (a status change, say) as its own write, and
   * announces the run. Status changes go through here so they never overtake queued data.
   * Returns false when the run was taken over by another process (nothing written).
   */
  writeNow(runId: number, after: () => void): boolean {
    this.flush();
    const held = this.store.transaction(() => {
      if (!this.holds(runId)) return false;
      after();
      return true;
    });
    if (!held) {
      this.superseded([runId]);
      return false;
    }
    this.publishRun(runId);
    return true;
  }

  private superseded(runIds: number[]): void {
    for (const id of runIds) this.disown(id, true);
    this.options.onSuperseded?.(runIds);
  }

  /** Commits everything pending in one transaction; returns false when the write failed. */
  flush(): boolean {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    if (pending.length === 0) return true;
    this.pending = [];
    const lost = new Set<number>();
    let ops = pending;
    try {
      const now = new Date().toISOString();
      this.store.transaction(() => {
        // Fencing: a run whose generation moved on belongs to another process now.
        for (const id of new Set(pending.map((o) => o.runId))) if (!this.holds(id)) lost.add(id);
        ops = lost.size === 0 ? pending : pending.filter((o) => !lost.has(o.runId));
        for (const op of ops) this.apply(op, now);
      });
    } catch (err) {
      this.options.onError?.(err, [...new Set(pending.map((o) => o.runId))]);
      return false;
    }
    if (lost.size > 0) this.superseded([...lost]);
    this.announce(ops);
    return true;
  }

  close(): void {
    this.flush();
    if (this.timer) clearTimeout(this.timer);
  }

  private push(op: Op): void {
    this.pending.push(op);
    if (this.pending.length >= this.maxItems) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  private apply(op: Op, now: string): void {
    switch (op.kind) {
      case 'metrics':
        return this.store.appendMetrics(op.runId, op.points);
      case 'log':
        return this.store.appendLogs(op.runId, [op.line]);
      case 'rollouts':
        return this.store.appendRollouts(op.runId, op.step, op.samples);
      case 'eval':
        return this.store.appendEval(op.runId, op.step, op.results, now);
      case 'checkpoint':
        return this.store.addCheckpoint(op.runId, op.checkpoint, now);
    }
  }

  /** One metrics.appended and one log.appended per run per batch; run.updated throttled. */
  private announce(ops: Op[]): void {
    const points = new Map<number, Record<string, MetricPoint[]>>();
    const lines = new Map<number, string[]>();
    for (const op of ops) {
      if (op.kind === 'metrics') {
        const byKey = points.get(op.runId) ?? {};
        points.set(op.runId, byKey);
        for (const p of op.points) {
          for (const [key, value] of Object.entries(p.values)) {
            (byKey[key] ??= []).push({ step: p.step, wallTime: p.wallTime, value });
          }
        }
      } else if (op.kind === 'log') {
        const list = lines.get(op.runId) ?? [];
        lines.set(op.runId, list);
        list.push(`${op.line.time} ${op.line.level.toUpperCase()} ${op.line.message}`);
      }
    }
    for (const [runId, byKey] of points) {
      this.events.publish({ type: 'metrics.appended', runId, points: byKey });
      const last = this.lastRunEvent.get(runId) ?? 0;
      if (Date.now() - last >= this.runEventMs) this.publishRun(runId);
    }
    for (const [runId, list] of lines)
      this.events.publish({ type: 'log.appended', runId, lines: list });
  }

  private publishRun(runId: number): void {
    this.lastRunEvent.set(runId, Date.now());
    const run = this.store.getRun(runId);
    if (run) this.events.publish({ type: 'run.updated', run });
  }
}
