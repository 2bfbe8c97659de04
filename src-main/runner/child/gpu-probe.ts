// Whether WebGPU can run here, found without loading Dawn: on Linux Dawn needs the Vulkan loader
// (libvulkan.so.1), and creating a Dawn instance without it prints "Couldn't load Vulkan" to
// stderr twice, which every CPU run's log then showed as warnings. So look for the library first.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const LOADER = 'libvulkan.so.1';
const LIB_DIRS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/lib/x86_64-linux-gnu',
  '/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/usr/lib',
  '/lib64',
  '/usr/local/lib',
];

export interface ProbeHost {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  exists: (path: string) => boolean;
  /** The dynamic linker's cache (/etc/ld.so.cache), or undefined when unreadable. */
  ldCache: () => string | undefined;
}

const realHost: ProbeHost = {
  platform: process.platform,
  env: process.env,
  exists: existsSync,
  ldCache: () => {
    try {
      return readFileSync('/etc/ld.so.cache', 'latin1');
    } catch {
      return undefined;
    }
  },
};

/** Why WebGPU cannot start on this machine, or undefined when it may (then Dawn is tried). */
export function webgpuBlocker(host: ProbeHost = realHost): string | undefined {
  if (host.platform !== 'linux') return undefined; // Metal / Direct3D ship with the OS
  const dirs = [...(host.env['LD_LIBRARY_PATH'] ?? '').split(':').filter(Boolean), ...LIB_DIRS];
  if (dirs.some((dir) => host.exists(join(dir, LOADER)))) return undefined;
  if (host.ldCache()?.includes(LOADER)) return undefined;
  return `no Vulkan loader (${LOADER}) on this machine, which WebGPU (Dawn) needs on Linux`;
}
