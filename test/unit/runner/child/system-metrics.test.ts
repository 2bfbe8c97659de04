// The trainer's system metrics: CPU % since the last sample, resident memory, GPU memory only
// where a GPU backend runs.
import { describe, expect, it } from 'vitest';
import { systemSampler } from '../../../../src-main/runner/child/system-metrics';

function fakeDeps() {
  const state = { user: 0, system: 0, now: 0, rss: 200 * 1024 * 1024, gpu: 64 * 1024 * 1024 };
  return {
    state,
    deps: {
      cpuUsage: () => ({ user: state.user, system: state.system }),
      rss: () => state.rss,
      now: () => state.now,
      tfMemory: () => ({ numBytes: 1, numBytesInGPU: state.gpu }),
    },
  };
}

describe('systemSampler', () => {
  it('CPU % of the time since the last sample (150 = one and a half cores), RSS in MB', () => {
    const { state, deps } = fakeDeps();
    const sample = systemSampler('wasm', deps);
    state.now = 1000; // 1 s later, 1.2 s user + 0.3 s system CPU
    state.user = 1_200_000;
    state.system = 300_000;
    expect(sample()).toEqual({ 'system/rss_mb': 200, 'system/cpu_percent': 150 });
    state.now = 3000; // then 2 s idle
    expect(sample()['system/cpu_percent']).toBe(0);
  });

  it('GPU memory only on a GPU backend', () => {
    const { state, deps } = fakeDeps();
    state.now = 10;
    expect(systemSampler('webgpu', deps)()['system/gpu_memory_mb']).toBe(64);
    expect(systemSampler('cpu', deps)()).not.toHaveProperty('system/gpu_memory_mb');
  });
});
