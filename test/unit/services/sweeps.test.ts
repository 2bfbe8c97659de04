// The sweep form's preview (contract planSweep over presets.list) equals what sweeps.create
// writes, run by run, names and configs included, for every preset and for grids.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresetInfo } from '../../../src-main/contract/api-runs';
import { planSweep, validatePlan } from '../../../src-main/contract/config/sweep';
import type { GridValue } from '../../../src-main/contract/config/sweep';
import { defaultRunConfig } from '../../../src-main/contract/run-config';
import type { Run } from '../../../src-main/contract/entities';
import type { ChildLike } from '../../../src-main/runner/host/spawn';
import type { Workbench } from '../../../src-main/services/workbench';
import { createWorkbench } from '../../../src-main/services/workbench';
import { openStore } from '../../../src-main/store';

/** A trainer that never trains: runs stay where the service put them. */
function idleChild(): ChildLike {
  const exits: ((code: number | null, signal: string | null) => void)[] = [];
  return {
    pid: undefined,
    send: () => undefined,
    onMessage: () => undefined,
    onOutput: () => undefined,
    onExit: (l) => void exits.push(l),
    kill: () => exits.forEach((l) => l(null, 'SIGKILL')),
  };
}

let dir: string;
let wb: Workbench;
let presets: PresetInfo[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fb-sweeps-'));
  wb = createWorkbench(openStore(join(dir, 'wb.db')), 'http', {
    spawn: idleChild,
    concurrency: 1,
    stopTimeoutMs: 10,
    dataDir: dir,
  });
  const r = await wb.call('presets.list', {});
  if (!r.ok) throw new Error(r.error.message);
  presets = r.value as PresetInfo[];
});
afterAll(async () => {
  await wb.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

interface Case {
  label: string;
  preset?: PresetInfo;
  edit?: (base: Record<string, unknown>) => void;
  grid?: Record<string, GridValue[]>;
  seeds?: number[];
}

async function previewMatchesCreated(c: Case): Promise<Run[]> {
  const base = structuredClone(
    (c.preset?.config ?? defaultRunConfig()) as unknown as Record<string, unknown>,
  );
  c.edit?.(base);
  const arms = c.preset?.kind === 'sweep' ? c.preset.arms : undefined;
  const planned = planSweep({ base, arms, grid: c.grid, seeds: c.seeds });
  const checked = validatePlan(planned);
  if (!checked.ok) throw new Error(`${c.label}: ${checked.invalid.message}`);
  const r = await wb.call('sweeps.create', {
    config: base,
    ...(c.grid ? { grid: c.grid } : {}),
    ...(c.seeds ? { seeds: c.seeds } : {}),
    ...(c.preset?.kind === 'sweep' ? { preset: c.preset.id } : {}),
  });
  if (!r.ok) throw new Error(`${c.label}: ${r.error.message}`);
  const runs = (r.value as { runs: Run[] }).runs;
  expect(
    runs.map((x) => x.name),
    c.label,
  ).toEqual(planned.map((p) => p.name));
  expect(
    runs.map((x) => x.config),
    c.label,
  ).toEqual(checked.configs);
  return runs;
}

const steps = (runs: Run[]) => runs.map((r) => (r.config.rl as { steps: number }).steps);
const setSteps = (n: number) => (b: Record<string, unknown>) => {
  (b.rl as Record<string, unknown>).steps = n;
};

describe('sweeps.create equals the preview', () => {
  it('for every preset as offered, with seeds', async () => {
    expect(presets.length).toBeGreaterThan(1);
    for (const preset of presets)
      await previewMatchesCreated({ label: preset.id, preset, seeds: [1, 2] });
  });

  it('for every preset with a changed base rl.steps: every run gets it', async () => {
    for (const preset of presets) {
      const runs = await previewMatchesCreated({
        label: `${preset.id} steps 30`,
        preset,
        edit: setSteps(30),
        seeds: [1],
      });
      expect(new Set(steps(runs)), preset.id).toEqual(new Set([30]));
    }
  });

  it('for every preset with a grid axis on rl.steps and on mask.rho', async () => {
    for (const preset of presets) {
      const runs = await previewMatchesCreated({
        label: `${preset.id} grid`,
        preset,
        edit: setSteps(30),
        grid: { 'rl.steps': [5], 'mask.rho': [0.1, 0.5] },
        seeds: [1, 2],
      });
      expect(new Set(steps(runs)), preset.id).toEqual(new Set([5]));
    }
  });

  it('for a custom grid over the defaults', async () => {
    const runs = await previewMatchesCreated({
      label: 'custom',
      grid: { 'mask.mode': ['top', 'all'], 'mask.rho': [0.2], 'rl.steps': [4, 8] },
      seeds: [1, 2, 3],
    });
    expect(runs).toHaveLength(12);
    expect(runs[0]?.name).toBe('top ρ=0.2 steps=4 · seed 1');
  });
});
