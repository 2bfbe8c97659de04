// Run names: a sweep run is named by what differs between the runs of its sweep ("top ρ=0.2 ·
// seed 1", "top 20% · seed 2" for a named arm); a run with nothing to tell it apart gets
// "<task> <mask> · seed N".
import { getPath } from './paths';

const MASK_KEYS = ['mask.mode', 'mask.rho'];

/** "top ρ=0.2" or "all" from a config's mask section. */
export function maskName(config: Record<string, unknown>): string {
  const mode = getPath(config, 'mask.mode');
  return mode === 'all' ? 'all' : `${String(mode)} ρ=${String(getPath(config, 'mask.rho'))}`;
}

/** "<task> <mask>[ <token rule>] · seed N": the name of a run that nothing else names. */
export function defaultRunName(config: Record<string, unknown>): string {
  const rule = getPath(config, 'tokenRule.kind');
  const ruled = rule === undefined || rule === 'none' ? '' : ` ${String(rule)}`;
  return `${String(getPath(config, 'task'))} ${maskName(config)}${ruled} · seed ${String(getPath(config, 'seed'))}`;
}

/**
 * The name of one run of a sweep whose runs differ in `differing` (dotted paths). A named arm
 * leads and speaks for the keys it sets (a mask arm for the whole mask: never "all tokens all").
 */
export function runName(
  config: Record<string, unknown>,
  differing: readonly string[],
  arm?: { name?: string; overrides: Record<string, unknown> },
): string {
  const own = arm?.name ? Object.keys(arm.overrides) : [];
  const ownsMask = own.some((k) => MASK_KEYS.includes(k));
  const keys = differing.filter((k) => !own.includes(k) && !(ownsMask && MASK_KEYS.includes(k)));
  const label = sweepLabel(config, keys);
  if (!arm?.name) return label || defaultRunName(config);
  if (label === '') return arm.name;
  return `${arm.name}${label.startsWith('seed ') ? ' · ' : ' '}${label}`;
}

/** A short label of `keys`: mask first ("top ρ=0.2", "all"), other keys, then "· seed N". */
export function sweepLabel(config: Record<string, unknown>, keys: readonly string[]): string {
  const parts: string[] = [];
  if (keys.some((k) => MASK_KEYS.includes(k))) parts.push(maskName(config));
  for (const k of keys) {
    if (MASK_KEYS.includes(k) || k === 'seed') continue;
    parts.push(`${k.split('.').pop()}=${String(getPath(config, k))}`);
  }
  const name = parts.join(' ');
  if (!keys.includes('seed')) return name;
  const seed = `seed ${String(getPath(config, 'seed'))}`;
  return name ? `${name} · ${seed}` : seed;
}

/** A run's name without its " · seed N" suffix: the sweep arm it belongs to. */
export function armOf(name: string): string {
  return name.replace(/\s*·\s*seed \d+$/, '').trim();
}
