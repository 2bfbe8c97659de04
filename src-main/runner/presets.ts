// The engine's presets (engine/presets.ts: one entry of config overrides per run) seen as what
// the forms and the CLI offer: a one-run preset is a run preset; a many-run one is a sweep
// whose arms are those overrides, flattened to dotted paths so seeds and grids cross with them.
import type { PresetInfo } from '../contract/api-runs';
import type { RunConfig } from '../contract/run-config';
import { defaultRunConfig, runConfigSchema } from '../contract/run-config';
import { PRESETS } from '../engine/presets';
import type { Arm, GridValue, Overrides } from './sweep';

export interface ResolvedPreset {
  id: string;
  label: string;
  kind: 'run' | 'sweep';
  /** A run preset's full config; a sweep's defaults (its arms carry the differences). */
  config: RunConfig;
  arms?: Arm[];
}

export function findPreset(id: string): ResolvedPreset | undefined {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) return undefined;
  const first = p.runs[0];
  if (p.runs.length === 1 && first) {
    return { id, label: p.label, kind: 'run', config: runConfigSchema.parse(first.overrides) };
  }
  const arms = p.runs.map((r) => ({
    name: r.name,
    overrides: flatten(r.overrides as Record<string, unknown>),
  }));
  return { id, label: p.label, kind: 'sweep', config: defaultRunConfig(), arms };
}

export function listPresets(): PresetInfo[] {
  return PRESETS.map((p) => {
    const r = findPreset(p.id) as ResolvedPreset;
    const info: PresetInfo = {
      id: p.id,
      label: p.label,
      description: p.description,
      kind: r.kind,
      config: r.kind === 'run' ? r.config : runConfigSchema.parse(p.runs[0]?.overrides ?? {}),
    };
    if (r.arms) info.arms = r.arms.map((a) => a.name ?? '');
    return info;
  });
}

/** {mask: {mode: 'top'}} → {'mask.mode': 'top'}; arrays stay whole. */
function flatten(obj: Record<string, unknown>, prefix = '', out: Overrides = {}): Overrides {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      flatten(v as Record<string, unknown>, key, out);
    } else {
      out[key] = v as GridValue;
    }
  }
  return out;
}
