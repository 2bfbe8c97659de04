// Preset resolution: a preset definition (engine/presets.ts: one override set per run) seen as
// what the forms, the services and the CLI offer. A one-run preset is a run preset; a many-run
// one is a sweep whose base holds what every run shares and whose arms hold only what differs,
// so an edit to the base (rl.steps) reaches every arm and the arms keep their own settings.
import type { RunConfig } from '../run-config';
import { runConfigSchema } from '../run-config';
import { flattenConfig, setPath } from './paths';
import type { Arm, Overrides } from './sweep';

export interface PresetDefinition {
  id: string;
  label: string;
  description: string;
  /** Overrides applied to the default config, one entry per run. */
  runs: readonly { name: string; overrides: unknown }[];
}

export interface ResolvedPreset {
  id: string;
  label: string;
  description: string;
  kind: 'run' | 'sweep';
  /** A run preset's full config; a sweep's base (defaults + what all its arms share). */
  config: RunConfig;
  /** Sweep presets: each arm's name and the settings only it has. */
  arms?: Arm[];
}

export function resolvePreset(def: PresetDefinition): ResolvedPreset {
  const { id, label, description } = def;
  const flat: Overrides[] = def.runs.map((r) => flattenConfig(r.overrides));
  const first = flat[0];
  if (def.runs.length <= 1 || !first)
    return { id, label, description, kind: 'run', config: parseBase(first ?? {}) };
  const shared = Object.keys(first).filter((k) =>
    flat.every((f) => k in f && JSON.stringify(f[k]) === JSON.stringify(first[k])),
  );
  const common: Overrides = Object.fromEntries(shared.map((k) => [k, first[k]]));
  const arms = def.runs.map((r, i) => ({
    name: r.name,
    overrides: Object.fromEntries(
      Object.entries(flat[i] as Overrides).filter(([k]) => !shared.includes(k)),
    ),
  }));
  return { id, label, description, kind: 'sweep', config: parseBase(common), arms };
}

function parseBase(flat: Overrides): RunConfig {
  const nested: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flat)) setPath(nested, k, v);
  return runConfigSchema.parse(nested);
}
