import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';

describe('initBackend', () => {
  it('names a forced missing backend and why', async () => {
    // Absent (usual) or present without its native addon (npm install without the download).
    await expect(initBackend('tfjs-node-gpu')).rejects.toThrow(
      /backend 'tfjs-node-gpu' is not available: package @tensorflow\/tfjs-node-gpu (is not installed|is installed but its native addon is missing)/,
    );
  });

  it('auto picks a working backend and is idempotent', async () => {
    const a = await initBackend('auto');
    expect(['tfjs-node-gpu', 'tfjs-node', 'webgpu', 'wasm', 'cpu']).toContain(a.backend);
    expect(a.device).toMatch(/CPU|GPU/);
    expect(await initBackend('auto')).toBe(a);
  });

  it('forces cpu', async () => {
    const c = await initBackend('cpu');
    expect(c.backend).toBe('cpu');
    expect(c.device).toMatch(/CPU/);
  });
});
