// How many threads share an RL step. On the CPU backends (wasm runs one thread per instance in
// Node; cpu is plain JavaScript) each idle core runs a replica; native and GPU backends
// parallelise inside their own kernels, so they keep one thread. 'auto' counts the cores idle
// right now (a short sample of the CPU counters, not the 1-minute load average, which still
// holds the previous run of a sweep): on a busy machine a replica only competes for the same
// core and the step gets slower (measured: docs/benchmarks.md).
import { cpus } from 'node:os';
import type { ConcreteBackend } from '../backend';

/** More replicas than this stop paying: a step has only a few micro-batches to share. */
export const MAX_THREADS = 4;

export function chooseThreads(
  backend: ConcreteBackend,
  requested: string | undefined,
  idle: number,
): number {
  if (backend !== 'wasm' && backend !== 'cpu') return 1;
  if (requested === undefined || requested === '' || requested === 'auto')
    return Math.max(1, Math.min(Math.round(idle), MAX_THREADS));
  const n = Number(requested);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new Error(
      `FORKBENCH_THREADS must be 'auto' or an integer from 1 to 64, got '${requested}'`,
    );
  return n;
}

/** Cores idle over the next `ms` milliseconds (e.g. 1.7 of 2), from the kernel's CPU counters. */
export async function idleCores(ms = 300): Promise<number> {
  const busy = (t: ReturnType<typeof cpus>[number]['times']) => t.user + t.nice + t.sys + t.irq;
  const before = cpus();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpus();
  let idle = 0;
  let total = 0;
  after.forEach((c, i) => {
    const p = before[i];
    if (!p) return;
    idle += c.times.idle - p.times.idle;
    total += c.times.idle - p.times.idle + busy(c.times) - busy(p.times);
  });
  return total > 0 ? (idle / total) * after.length : after.length;
}
