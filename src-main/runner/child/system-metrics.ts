// System metrics per training step, sampled in the trainer process as trackers do (W&B's
// system/*): CPU use of this process since the last sample (100 = one core busy; replica worker
// threads count too), its resident memory, and GPU memory where a GPU backend runs.
import * as tf from '@tensorflow/tfjs-core';

const GPU_BACKENDS = new Set(['webgpu', 'tfjs-node-gpu']);
const MB = 1024 * 1024;

export interface SamplerDeps {
  cpuUsage: () => NodeJS.CpuUsage;
  rss: () => number;
  /** Milliseconds, monotonic. */
  now: () => number;
  /** tf.memory(): numBytesInGPU on WebGPU/WebGL, numBytes on tfjs-node. */
  tfMemory: () => { numBytes: number; numBytesInGPU?: number };
}

const realDeps: SamplerDeps = {
  cpuUsage: () => process.cpuUsage(),
  rss: () => process.memoryUsage.rss(),
  now: () => performance.now(),
  tfMemory: () => tf.memory() as { numBytes: number; numBytesInGPU?: number },
};

/** Returns a function giving this step's system/* values (CPU % over the time since the last). */
export function systemSampler(backend: string, deps: SamplerDeps = realDeps) {
  let lastCpu = deps.cpuUsage();
  let lastAt = deps.now();
  const gpu = GPU_BACKENDS.has(backend);
  return (): Record<string, number> => {
    const cpu = deps.cpuUsage();
    const at = deps.now();
    const busyMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
    const wallMs = at - lastAt;
    [lastCpu, lastAt] = [cpu, at];
    const values: Record<string, number> = { 'system/rss_mb': deps.rss() / MB };
    if (wallMs > 0) values['system/cpu_percent'] = (100 * busyMs) / wallMs;
    if (gpu) {
      const m = deps.tfMemory();
      values['system/gpu_memory_mb'] = (m.numBytesInGPU ?? m.numBytes) / MB;
    }
    return values;
  };
}
