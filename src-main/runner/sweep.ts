// Sweep expansion: a base config, optional arms (hand-picked override sets, like a preset's
// "top 20%" / "random 20%") and grid axes (every value of a key) → one config per run, named
// by the keys that differ between runs ("top ρ=0.2 · seed 1").
import { dottedPathProblem, getDottedPath, setDottedPath } from '../contract/path-safety';

export type GridValue = string | number | boolean | null;
export type Overrides = Record<string, GridValue>;

/** One hand-picked setting of a sweep ("top 20%"); its name, when given, leads the run name. */
export interface Arm {
  name?: string;
  overrides: Overrides;
}

export interface SweepSpec {
  base: Record<string, unknown>;
  arms?: Arm[];
  /** Axes crossed with the arms, in order: dotted path → values. */
  grid?: Record<string, GridValue[]>;
}

export interface SweepRun {
  name: string;
  overrides: Overrides;
  /** The base with the overrides applied (not yet validated). */
  config: Record<string, unknown>;
}

/** Every combination of arms × grid values, in a stable order (arms first, seeds last). */
export function expandSweep(spec: SweepSpec): SweepRun[] {
  let combos: { arm?: Arm; overrides: Overrides }[] =
    spec.arms && spec.arms.length > 0
      ? spec.arms.map((arm) => ({ arm, overrides: arm.overrides }))
      : [{ overrides: {} }];
  for (const [key, values] of Object.entries(spec.grid ?? {})) {
    combos = combos.flatMap((c) =>
      values.map((v) => ({ arm: c.arm, overrides: { ...c.overrides, [key]: v } })),
    );
  }
  const differing = differingKeys(combos.map((c) => c.overrides));
  return combos.map(({ arm, overrides }) => {
    const config = structuredClone(spec.base);
    for (const [path, value] of Object.entries(overrides)) setPath(config, path, value);
    // A named arm names its own keys; the label adds the grid's.
    const keys = arm?.name ? differing.filter((k) => !(k in arm.overrides)) : differing;
    const label = runLabel(config, keys);
    let name = label;
    if (arm?.name)
      name =
        keys.length === 0
          ? arm.name
          : `${arm.name}${label.startsWith('seed ') ? ' · ' : ' '}${label}`;
    return { name, overrides, config };
  });
}

/** Sets a dotted path, creating objects on the way ("mask.rho" = 0.2); refuses `__proto__` & co. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  setDottedPath(target, path, value);
}

export function getPath(source: Record<string, unknown>, path: string): unknown {
  return getDottedPath(source, path);
}

/** Keys whose value is not the same in every combination, in first-seen order. */
function differingKeys(combos: Overrides[]): string[] {
  const keys = [...new Set(combos.flatMap((c) => Object.keys(c)))];
  return keys.filter((k) => new Set(combos.map((c) => JSON.stringify(c[k]))).size > 1);
}

/** A short human name: mask first ("top ρ=0.2", "all"), other keys, then "· seed N". */
export function runLabel(config: Record<string, unknown>, keys: readonly string[]): string {
  const parts: string[] = [];
  const mode = getPath(config, 'mask.mode');
  const rho = getPath(config, 'mask.rho');
  if (keys.includes('mask.mode') || keys.includes('mask.rho')) {
    parts.push(mode === 'all' ? 'all' : `${String(mode)} ρ=${String(rho)}`);
  }
  for (const k of keys) {
    if (k === 'mask.mode' || k === 'mask.rho' || k === 'seed') continue;
    parts.push(`${k.split('.').pop()}=${String(getPath(config, k))}`);
  }
  const name = parts.join(' ');
  if (!keys.includes('seed')) return name;
  const seed = `seed ${String(getPath(config, 'seed'))}`;
  return name ? `${name} · ${seed}` : seed;
}

/** A CLI value as JSON would read it: numbers, true/false/null, else the text itself. */
export function parseScalar(text: string): GridValue {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t;
}

/** "mask.mode=top,bottom" → ['mask.mode', ['top', 'bottom']]. */
export function parseGridFlag(flag: string): [string, GridValue[]] {
  const eq = flag.indexOf('=');
  if (eq <= 0) throw new Error(`--grid ${flag}: expected key=value1,value2`);
  const values = flag
    .slice(eq + 1)
    .split(',')
    .filter((v) => v.trim() !== '');
  if (values.length === 0) throw new Error(`--grid ${flag}: no values`);
  const key = flag.slice(0, eq).trim();
  const problem = dottedPathProblem(key);
  if (problem) throw new Error(`--grid ${key}: ${problem}`);
  return [key, values.map(parseScalar)];
}
