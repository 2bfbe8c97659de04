// Runs as TensorBoard event files, one folder per run, so a colleague can open Forkbench runs in
// the tool they already use (`tensorboard --logdir DIR`).
import { WorkbenchError } from '../contract/result';
import { writeEventFile } from '../importers/tb-events';
import type { ScalarEvent } from '../importers/tb-events';
import type { Store } from '../store';

export interface TensorboardRunFile {
  runId: number;
  /** Relative path: <run folder>/events.out.tfevents.<time>.forkbench */
  path: string;
  bytes: Uint8Array;
  scalars: number;
}

const folderName = (id: number, name: string) =>
  `run${id}-${name.replace(/[^\w.-]+/g, '_').slice(0, 60)}`;

export function tensorboardFiles(
  store: Store,
  runIds: readonly number[],
  now = Date.now() / 1000,
): TensorboardRunFile[] {
  return runIds.map((runId) => {
    const run = store.runs.get(runId);
    if (!run) throw new WorkbenchError('not_found', `run #${runId} does not exist`);
    const scalars: ScalarEvent[] = store.metrics
      .series(runId)
      .flatMap((s) =>
        s.points.map((p) => ({ tag: s.key, step: p.step, wallTime: p.wallTime, value: p.value })),
      );
    scalars.sort((a, b) => a.step - b.step || a.wallTime - b.wallTime);
    return {
      runId,
      path: `${folderName(run.id, run.name)}/events.out.tfevents.${Math.floor(now)}.forkbench`,
      bytes: writeEventFile(scalars, now),
      scalars: scalars.length,
    };
  });
}
