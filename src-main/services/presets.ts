// The engine's preset definitions (engine/presets.ts) resolved by the contract's one rule
// (contract/config/presets.ts) into what the forms, the sweep service and the CLI offer.
import type { PresetInfo } from '../contract/api-runs';
import { resolvePreset } from '../contract/config/presets';
import type { ResolvedPreset } from '../contract/config/presets';
import { PRESETS } from '../engine/presets';

export function findPreset(id: string): ResolvedPreset | undefined {
  const p = PRESETS.find((x) => x.id === id);
  return p ? resolvePreset(p) : undefined;
}

export function listPresets(): PresetInfo[] {
  return PRESETS.map(resolvePreset);
}
