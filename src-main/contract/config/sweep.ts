// Sweep expansion: a base config, optional arms (hand-picked override sets, like a preset's
// "top 20%" / "random 20%"), grid axes (every value of a key) and seeds → one config per run,
// named by what differs between runs ("top ρ=0.2 · seed 1"). The sweep form's preview and the
// sweeps.create service both call planSweep, so the preview is exactly what gets created.
import { parseRunConfig } from '../run-config';
import type { RunConfig } from '../run-config';
import { runName } from './naming';
import { cloneConfig, setPath } from './paths';
import { dottedPathProblem } from '../path-safety';

export type GridValue = string | number | boolean | null;
/** Dotted path → value (arrays stay whole: eval.benchmarks). */
export type Overrides = Record<string, unknown>;

/** One hand-picked setting of a sweep ("top 20%"); its name, when given, leads the run name. */
export interface Arm {
  name?: string;
  /** Dotted path → value: only what this arm sets differently from the sweep's base. */
  overrides: Overrides;
}

export interface SweepInput {
  /** The config every run starts from (defaults filled, so names can show unswept values). */
  base: Record<string, unknown>;
  arms?: readonly Arm[];
  /** Axes crossed with the arms, in order: dotted path → values. */
  grid?: Readonly<Record<string, readonly GridValue[]>>;
  /** Seeds, crossed last (the same as a grid axis on `seed`). */
  seeds?: readonly GridValue[];
  /** RL steps of every run: a one-value axis applied last, so it wins over the arms'. */
  steps?: number;
}

export interface PlannedRun {
  name: string;
  overrides: Overrides;
  /** The base with the overrides applied (not yet validated). */
  config: Record<string, unknown>;
}

/** A sweep creates at most this many runs. */
export const MAX_SWEEP_RUNS = 500;

/** Every combination of arms × grid values × seeds, in a stable order (arms first, seeds last). */
/** How many runs planSweep would make, counted without expanding anything. */
export function sweepSize(input: Omit<SweepInput, 'base'>): number {
  let n = Math.max(1, input.arms?.length ?? 0);
  for (const values of Object.values(input.grid ?? {})) n *= values.length;
  if (input.seeds) n *= input.seeds.length;
  return n;
}

export function planSweep(input: SweepInput): PlannedRun[] {
  const grid: Record<string, readonly GridValue[]> = { ...(input.grid ?? {}) };
  if (input.seeds) grid.seed = input.seeds;
  if (input.steps !== undefined) grid['rl.steps'] = [input.steps];
  let combos: { arm?: Arm; overrides: Overrides }[] =
    input.arms && input.arms.length > 0
      ? input.arms.map((arm) => ({ arm, overrides: { ...arm.overrides } }))
      : [{ overrides: {} }];
  for (const [key, values] of Object.entries(grid)) {
    combos = combos.flatMap((c) =>
      values.map((v) => ({ arm: c.arm, overrides: { ...c.overrides, [key]: v } })),
    );
  }
  const differing = differingKeys(combos.map((c) => c.overrides));
  return combos.map(({ arm, overrides }) => {
    const config = cloneConfig(input.base);
    for (const [path, value] of Object.entries(overrides)) setPath(config, path, value);
    return { name: runName(config, differing, arm), overrides, config };
  });
}

/** Keys whose value is not the same in every combination, in first-seen order. */
function differingKeys(combos: readonly Overrides[]): string[] {
  const keys = [...new Set(combos.flatMap((c) => Object.keys(c)))];
  return keys.filter((k) => new Set(combos.map((c) => JSON.stringify(c[k]))).size > 1);
}

export interface InvalidPlannedRun {
  /** 0-based position in the plan. */
  index: number;
  name: string;
  /** Dotted path of the refused field ("mask.rho"). */
  field: string;
  /** "mask.rho: Too big…" (the field leads). */
  message: string;
}

/** Every planned run checked against the schema: all configs, or the first refusal. */
export function validatePlan(
  planned: readonly PlannedRun[],
): { ok: true; configs: RunConfig[] } | { ok: false; invalid: InvalidPlannedRun } {
  const configs: RunConfig[] = [];
  for (const [index, p] of planned.entries()) {
    const parsed = parseRunConfig(p.config);
    if (!parsed.ok)
      return {
        ok: false,
        invalid: { index, name: p.name, field: parsed.field, message: parsed.message },
      };
    configs.push(parsed.value);
  }
  return { ok: true, configs };
}

/** "60 steps each", or "5–60 steps" when the runs differ. */
export function stepsSummary(planned: readonly PlannedRun[]): string {
  const steps = planned
    .map((p) => (p.config.rl as { steps?: unknown } | undefined)?.steps)
    .filter((s): s is number => typeof s === 'number');
  if (steps.length === 0) return '';
  const lo = Math.min(...steps);
  const hi = Math.max(...steps);
  return lo === hi ? `${lo} steps each` : `${lo}–${hi} steps`;
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
