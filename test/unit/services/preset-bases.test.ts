// Presets carry their bases' measured held-out scores, read from the sidecar JSON beside each
// checkpoint (the data folder's base-models/ first, as the runner looks), or say why there is none.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listPresets } from '../../../src-main/services/presets';
import { readPresetBase, withBases } from '../../../src-main/services/preset-bases';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-bases-'));
  mkdirSync(join(dir, 'base-models'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sidecar = (name: string, body: unknown) =>
  writeFileSync(join(dir, 'base-models', `${name}.json`), JSON.stringify(body));
const heldOut = (avgAtK: number) => ({
  eval: [
    {
      benchmark: 'pair-heldout',
      k: 8,
      temperature: 1,
      avgAtK,
      stdErr: 0.01,
      passAtK: 0.3,
      problems: 200,
    },
  ],
});

describe('preset bases', () => {
  it('reads the eval array of the sidecar beside the checkpoint', () => {
    sidecar('b1', heldOut(0.25));
    expect(readPresetBase('b1', dir)).toEqual({
      name: 'b1',
      heldOut: [
        {
          benchmark: 'pair-heldout',
          k: 8,
          temperature: 1,
          avgAtK: 0.25,
          stdErr: 0.01,
          passAtK: 0.3,
          problems: 200,
        },
      ],
      note: null,
    });
  });

  it('says why there is no score: fresh weights, no sidecar, a bad or malformed one', () => {
    expect(readPresetBase(null, dir).note).toMatch(/fresh weights/);
    expect(readPresetBase('nowhere-zz', dir).note).toMatch(/no nowhere-zz\.json sidecar/);
    writeFileSync(join(dir, 'base-models', 'bad.json'), '{ nope');
    expect(readPresetBase('bad', dir).note).toMatch(/unreadable/);
    sidecar('old', { steps: 3 });
    expect(readPresetBase('old', dir)).toMatchObject({
      heldOut: null,
      note: expect.stringMatching(/no eval array/),
    });
  });

  it('lists every base a preset’s runs start from, each sweep arm’s included', () => {
    const presets = withBases(listPresets(), dir);
    for (const p of presets) expect(p.bases?.length, p.id).toBeGreaterThan(0);
    const scaling = presets.find((p) => p.id === 'scaling');
    if (scaling) expect(scaling.bases!.length).toBeGreaterThan(1);
    // A sidecar written into the data folder is what the form then shows.
    const named = presets.find((p) => p.bases?.[0]?.name);
    expect(named).toBeDefined();
    const name = named!.bases![0]!.name!;
    sidecar(name, heldOut(0));
    const again = withBases(listPresets(), dir).find((p) => p.id === named!.id)!;
    expect(again.bases![0]!.heldOut![0]!.avgAtK).toBe(0);
  });
});
