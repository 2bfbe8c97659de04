// A CPU run under backend 'auto' logs its backend once, with why the better ones were skipped,
// and no stderr noise from probing WebGPU ("Couldn't load Vulkan") on a machine without Vulkan.
import { afterEach, describe, expect, it } from 'vitest';
import type { Run } from '../../../src-main/contract/entities';
import { BACKEND_ORDER } from '../../../src-main/engine/backend';
import { webgpuBlocker } from '../../../src-main/runner/child/gpu-probe';
import type { Harness } from './helpers';
import { harness, TINY } from './helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

describe('backend choice in the run log', () => {
  it('one line names the chosen backend and the skipped ones; no Vulkan warnings', async () => {
    h = harness();
    const { wb } = h;
    const config = {
      ...TINY,
      backend: 'auto',
      rl: { ...TINY.rl, steps: 1 },
      eval: { ...TINY.eval, every: 0 },
    };
    const created = await wb.call('runs.create', { name: 'auto', config });
    if (!created.ok) throw new Error(created.error.message);
    const id = (created.value as Run).id;
    wb.queue.start();
    expect(await wb.queue.waitFor(id)).toBe('finished');

    const lines = wb.store.logs.list(id);
    expect(lines.filter((l) => /vulkan/i.test(l.message) && l.level === 'warn')).toEqual([]);
    const backendLines = lines.filter((l) => l.message.startsWith('backend '));
    expect(backendLines).toHaveLength(1);
    const line = backendLines[0]!;
    expect(line.level).toBe('info');
    const chosen = wb.store.runs.get(id)!.backend!;
    expect(line.message).toMatch(new RegExp(`^backend ${chosen} on `));
    for (const better of BACKEND_ORDER.slice(0, BACKEND_ORDER.indexOf(chosen as never)))
      expect(line.message, better).toMatch(new RegExp(`skipped .*\\b${better}: `));
    const blocked = webgpuBlocker();
    if (blocked && BACKEND_ORDER.indexOf(chosen as never) > BACKEND_ORDER.indexOf('webgpu'))
      expect(line.message).toContain(`webgpu: ${blocked}`);
  });
});
