// Can this machine run GGUF models? Loads the binding (no model) and says on which device, the
// architectures this llama.cpp build knows, or why it cannot load.
import type { ProbeResult } from '../protocol';
import { deviceOf, loadBinding } from './model';

export async function probeBinding(): Promise<ProbeResult> {
  try {
    const mod = await import('node-llama-cpp');
    const llama = await loadBinding();
    const names = llama.gpu === false ? [] : await llama.getGpuDeviceNames();
    return {
      available: true,
      error: null,
      device: deviceOf(llama),
      deviceNames: names.length ? names : [`llama.cpp ${llama.buildType} build, CPU`],
      // A const enum in the typings, an object at run time.
      architectures: Object.values(
        (mod as unknown as Record<string, Record<string, string>>)['GgufArchitectureType'] ?? {},
      ),
      bindingVersion: mod.getModuleVersion ? await mod.getModuleVersion() : null,
    };
  } catch (err) {
    return {
      available: false,
      error: err instanceof Error ? err.message : String(err),
      device: null,
      deviceNames: [],
      architectures: [],
      bindingVersion: null,
    };
  }
}
