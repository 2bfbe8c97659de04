// WebGPU is probed without loading Dawn: on Linux it needs the Vulkan loader library.
import { describe, expect, it } from 'vitest';
import { webgpuBlocker } from '../../../../src-main/runner/child/gpu-probe';
import { backendLine } from '../../../../src-main/runner/child/trainer-loop';

const linux = (files: string[], cache?: string, env: NodeJS.ProcessEnv = {}) => ({
  platform: 'linux' as const,
  env,
  exists: (p: string) => files.includes(p),
  ldCache: () => cache,
});

describe('webgpuBlocker', () => {
  it('blocks WebGPU on Linux without libvulkan.so.1, naming the library', () => {
    expect(webgpuBlocker(linux([], 'libc.so.6\0libm.so.6'))).toMatch(
      /no Vulkan loader \(libvulkan\.so\.1\)/,
    );
    expect(webgpuBlocker(linux([]))).toMatch(/Vulkan/);
  });

  it('lets Dawn try where the loader is in a lib folder, LD_LIBRARY_PATH or the linker cache', () => {
    expect(webgpuBlocker(linux(['/usr/lib/x86_64-linux-gnu/libvulkan.so.1']))).toBeUndefined();
    expect(
      webgpuBlocker(
        linux(['/opt/vk/libvulkan.so.1'], undefined, { LD_LIBRARY_PATH: '/x:/opt/vk' }),
      ),
    ).toBeUndefined();
    expect(
      webgpuBlocker(linux([], 'xx\0libvulkan.so.1\0/usr/lib/y/libvulkan.so.1')),
    ).toBeUndefined();
  });

  it('does not block on macOS or Windows (Metal, Direct3D)', () => {
    for (const platform of ['darwin', 'win32'] as const)
      expect(webgpuBlocker({ ...linux([]), platform })).toBeUndefined();
  });
});

describe('backendLine', () => {
  it('names the chosen backend once, with why each skipped one was skipped', () => {
    const line = backendLine(
      {
        backend: 'wasm',
        device: 'CPU (wasm simd, 2 threads)',
        notes: [
          'skipped tfjs-node: package x is not installed',
          'skipped webgpu: no Vulkan loader',
          'wasm simd=true',
        ],
      },
      12,
    );
    expect(line).toBe(
      'backend wasm on CPU (wasm simd, 2 threads) (12 ms); skipped tfjs-node: package x is not installed; webgpu: no Vulkan loader',
    );
  });
});
