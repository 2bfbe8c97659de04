// How many threads share an RL step. On the CPU backends (wasm runs one thread per instance in
// Node; cpu is plain JavaScript) each idle core runs a replica; native and GPU backends
// parallelise inside their own kernels, so they keep one thread. 'auto' counts idle cores as
// cores minus the 1-minute load average: on a busy machine a replica only competes for the
// same core and the step gets slower (measured: docs/benchmarks.md).
import { availableParallelism, loadavg } from 'node:os';
import type { ConcreteBackend } from '../backend';

/** More replicas than this stop paying: a step has only a few micro-batches to share. */
export const MAX_THREADS = 4;

export function chooseThreads(
  backend: ConcreteBackend,
  requested: string | undefined,
  cores = availableParallelism(),
  load = loadavg()[0] ?? 0,
): number {
  if (backend !== 'wasm' && backend !== 'cpu') return 1;
  if (requested === undefined || requested === '' || requested === 'auto')
    return Math.max(1, Math.min(Math.round(cores - load), MAX_THREADS));
  const n = Number(requested);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new Error(
      `FORKBENCH_THREADS must be 'auto' or an integer from 1 to 64, got '${requested}'`,
    );
  return n;
}
