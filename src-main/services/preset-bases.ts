// What each preset starts from: its base model(s) and their measured held-out scores, read from
// the sidecar JSON `forkbench make-base` writes beside each checkpoint (its `eval` array). A
// preset whose base scores 0% held-out then says so in the form instead of looking ready to learn.
import { existsSync, readFileSync } from 'node:fs';
import type { PresetBase, PresetInfo } from '../contract/api-runs';
import type { BaseHeldOut } from '../contract/eval-record';
import { baseModelCandidates } from '../runner/checkpoints/checkpoint-files';
import { findPreset } from './presets';

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function heldOutOf(raw: unknown): BaseHeldOut[] | string {
  const list = (raw as { eval?: unknown } | null)?.eval;
  if (!Array.isArray(list)) return 'its sidecar has no eval array';
  const out: BaseHeldOut[] = [];
  for (const e of list as Record<string, unknown>[]) {
    if (typeof e?.['benchmark'] !== 'string' || !num(e['avgAtK']) || !num(e['k']))
      return 'its sidecar eval entries lack benchmark, k or avgAtK';
    out.push({
      benchmark: e['benchmark'],
      k: e['k'],
      // make-base has always sampled its held-out eval at T = 1.
      temperature: num(e['temperature']) ? e['temperature'] : 1,
      avgAtK: e['avgAtK'],
      stdErr: num(e['stdErr']) ? e['stdErr'] : 0,
      passAtK: num(e['passAtK']) ? e['passAtK'] : 0,
      problems: num(e['problems']) ? e['problems'] : 0,
    });
  }
  return out;
}

/** One base: its sidecar found where the runner would find its checkpoint, and read. */
export function readPresetBase(name: string | null, dataDir: string): PresetBase {
  if (name === null)
    return { name, heldOut: null, note: 'fresh weights (no SFT base): expect ~0% at first' };
  const paths = baseModelCandidates(name, dataDir).map((p) => p.replace(/\.ckpt$/, '.json'));
  const path = paths.find((p) => existsSync(p));
  if (!path)
    return {
      name,
      heldOut: null,
      note: `not measured: no ${name}.json sidecar (make-base writes it)`,
    };
  try {
    const heldOut = heldOutOf(JSON.parse(readFileSync(path, 'utf8')));
    return typeof heldOut === 'string'
      ? { name, heldOut: null, note: `not measured: ${heldOut} (${path})` }
      : { name, heldOut, note: null };
  } catch (err) {
    return { name, heldOut: null, note: `sidecar ${path} unreadable: ${(err as Error).message}` };
  }
}

/** The presets with the bases their runs start from. */
export function withBases(presets: PresetInfo[], dataDir: string): PresetInfo[] {
  return presets.map((p) => {
    const resolved = findPreset(p.id);
    const names = new Set<string | null>();
    if (resolved?.arms?.length)
      for (const arm of resolved.arms) {
        const b = arm.overrides['base'];
        names.add(typeof b === 'string' ? b : b === null ? null : resolved.config.base);
      }
    else names.add(p.config.base);
    return { ...p, bases: [...names].map((n) => readPresetBase(n, dataDir)) };
  });
}
