// Backend choice: the best tfjs backend this process can run, best first.
// Optional native packages are loaded with dynamic import so their absence is not an error
// under 'auto'; a forced backend that cannot start throws with the reason.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import './backend/gradients';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type BackendPreference = 'auto' | 'tfjs-node-gpu' | 'tfjs-node' | 'webgpu' | 'wasm' | 'cpu';
export type ConcreteBackend = Exclude<BackendPreference, 'auto'>;

export interface BackendInfo {
  /** Backend name as chosen (not tf.getBackend(): tfjs-node registers itself as 'tensorflow'). */
  backend: ConcreteBackend;
  device: string;
  notes: string[];
}

export const BACKEND_ORDER: ConcreteBackend[] = [
  'tfjs-node-gpu',
  'tfjs-node',
  'webgpu',
  'wasm',
  'cpu',
];

/** What the caller found out about the host without loading a backend (engine/ does no I/O). */
export interface BackendHost {
  /** Why WebGPU cannot run here (e.g. no Vulkan loader); 'auto' then skips it without probing. */
  webgpuBlocked?: string;
}

class Unavailable extends Error {}

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|software|cpu/i;
let current: { pref: BackendPreference; info: BackendInfo } | undefined;
let inflight: Promise<BackendInfo> | undefined;

async function importOptional(pkg: string, why: string): Promise<void> {
  try {
    await import(/* @vite-ignore */ pkg);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Unavailable(`package ${pkg} is not installed (${why})`);
    }
    const msg = (err as Error).message;
    if (/native addon|\.node\b/i.test(msg)) {
      // Installed without its install script (npm 11 skips it unless allowed) or offline.
      throw new Unavailable(
        `package ${pkg} is installed but its native addon is missing (${why}): ${msg.split('\n')[0]}`,
      );
    }
    throw new Unavailable(`package ${pkg} failed to load: ${msg.split('\n')[0]}`);
  }
}

async function activate(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Unavailable(`tf.setBackend('${name}') failed`);
  await tf.ready();
}

async function tryNative(gpu: boolean, notes: string[]): Promise<string> {
  const pkg = gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  const why = gpu
    ? 'optional dependency; needs CUDA and a libtensorflow download'
    : 'optional; needs a libtensorflow download';
  await importOptional(pkg, why);
  await activate('tensorflow');
  if (gpu) notes.push('tfjs-node-gpu loaded; TensorFlow picks the first CUDA device');
  return gpu ? 'CUDA GPU (libtensorflow)' : 'CPU (libtensorflow)';
}

async function tryWebgpu(auto: boolean, notes: string[]): Promise<string> {
  let mod: { create: (flags: string[]) => unknown; globals: Record<string, unknown> };
  try {
    mod = (await import('webgpu')) as unknown as typeof mod;
  } catch (err) {
    throw new Unavailable(`package webgpu (Dawn) failed to load: ${(err as Error).message}`);
  }
  const gpu = mod.create([]) as {
    requestAdapter(): Promise<{ info?: { description?: string; device?: string } } | null>;
  };
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Unavailable('no WebGPU adapter (no GPU, or Vulkan driver missing)');
  const name = adapter.info?.description || adapter.info?.device || 'unknown adapter';
  if (auto && SOFTWARE_ADAPTER.test(name)) {
    throw new Unavailable(`adapter '${name}' is a software rasteriser, slower than wasm`);
  }
  // tfjs-backend-webgpu looks for navigator.gpu and the WebGPU globals when it registers.
  Object.assign(globalThis, mod.globals);
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: {}, writable: true });
  (g.navigator as { gpu?: unknown }).gpu = gpu;
  await import('@tensorflow/tfjs-backend-webgpu');
  await activate('webgpu');
  if (SOFTWARE_ADAPTER.test(name)) notes.push(`software WebGPU adapter: correct but slow`);
  return `GPU (webgpu: ${name})`;
}

async function tryWasm(notes: string[]): Promise<string> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  // Node has no fetch of file: URLs for the wasm loader; give it file paths by name.
  const names = [
    'tfjs-backend-wasm.wasm',
    'tfjs-backend-wasm-simd.wasm',
    'tfjs-backend-wasm-threaded-simd.wasm',
  ];
  wasm.setWasmPaths(Object.fromEntries(names.map((n) => [n, join(dist, n)])));
  await activate('wasm');
  const threads = wasm.getThreadsCount();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  notes.push(`wasm simd=${String(simd)} threads=${threads}`);
  return `CPU (wasm${simd ? ' simd' : ''}, ${threads} thread${threads === 1 ? '' : 's'})`;
}

async function tryOne(b: ConcreteBackend, auto: boolean, notes: string[]): Promise<string> {
  switch (b) {
    case 'tfjs-node-gpu':
      return tryNative(true, notes);
    case 'tfjs-node':
      return tryNative(false, notes);
    case 'webgpu':
      return tryWebgpu(auto, notes);
    case 'wasm':
      return tryWasm(notes);
    case 'cpu':
      await activate('cpu');
      return 'CPU (plain JavaScript)';
  }
}

async function choose(pref: BackendPreference, host: BackendHost): Promise<BackendInfo> {
  const notes: string[] = [];
  if (pref !== 'auto') {
    try {
      const device = await tryOne(pref, false, notes);
      return { backend: pref, device, notes };
    } catch (err) {
      const why = err instanceof Unavailable ? err.message : String(err);
      throw new Error(`backend '${pref}' is not available: ${why}`, { cause: err });
    }
  }
  for (const b of BACKEND_ORDER) {
    if (b === 'webgpu' && host.webgpuBlocked) {
      notes.push(`skipped webgpu: ${host.webgpuBlocked}`);
      continue;
    }
    try {
      const device = await tryOne(b, true, notes);
      return { backend: b, device, notes };
    } catch (err) {
      notes.push(`skipped ${b}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  throw new Error('no tfjs backend could start');
}

/**
 * Pick and activate a tfjs backend. Idempotent: a repeated call for the same preference (or
 * 'auto' after any successful choice) returns the first answer without re-initialising.
 */
export async function initBackend(
  preference: BackendPreference = 'auto',
  host: BackendHost = {},
): Promise<BackendInfo> {
  if (inflight) await inflight.catch(() => undefined);
  if (current && (preference === 'auto' || preference === current.info.backend)) {
    return current.info;
  }
  inflight = choose(preference, host);
  const info = await inflight;
  current = { pref: preference, info };
  return info;
}

/** The backend chosen by the last successful initBackend, if any. */
export function currentBackend(): BackendInfo | undefined {
  return current?.info;
}
