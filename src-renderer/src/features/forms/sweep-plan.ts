// The sweep form's plan: grid axes parsed with the form's own field rules, and the runs they
// expand to (arms × axes × seeds, named by what differs), checked against the run-config schema
// before launch as the server will (all or nothing).
import { runConfigFields, runConfigSchema } from '@contract/run-config';
import { parseFieldValue, setPath } from './forms.svelte';

export type GridValue = string | number | boolean | null;

/** One grid axis as typed: a config path and comma-separated values. */
export interface Axis {
  id: number;
  path: string;
  text: string;
}

export interface ParsedList {
  values: GridValue[];
  error: string | null;
}

export type ParsedAxis = Axis & ParsedList;

export interface PlannedRun {
  name: string;
  overrides: Record<string, GridValue>;
}

/** "0.1, 0.2" for the field at `path` → its values, or the first error. */
export function parseList(path: string, text: string): ParsedList {
  const field = runConfigFields.find((f) => f.path === path);
  if (!field) return { values: [], error: `unknown field ${path}` };
  const out: GridValue[] = [];
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const p = parseFieldValue(field, part);
    if (!p.ok) return { values: [], error: `${path}: ${p.message}` };
    if (field.kind === 'enum' && field.options && !field.options.includes(part))
      return {
        values: [],
        error: `${path}: “${part}” is not one of ${field.options.join(', ')}`,
      };
    out.push(p.value as GridValue);
  }
  if (out.length === 0) return { values: [], error: `${path}: needs at least one value` };
  return { values: out, error: null };
}

/** The first problem with the axes and seeds as a whole, or null. */
export function gridError(axes: readonly ParsedAxis[], seeds: ParsedList): string | null {
  return (
    axes.find((a) => a.error)?.error ??
    seeds.error ??
    (new Set(axes.map((a) => a.path)).size < axes.length ? 'two axes set the same field' : null) ??
    (axes.some((a) => a.path === 'seed') ? 'use the Seeds box for seeds' : null)
  );
}

/** Every combination of arms × axes × seeds, named by the values that vary. */
export function planRuns(
  arms: readonly string[],
  axes: readonly ParsedAxis[],
  seeds: readonly GridValue[],
): PlannedRun[] {
  let combos: PlannedRun[] = arms.length
    ? arms.map((name) => ({ name, overrides: {} }))
    : [{ name: '', overrides: {} }];
  const grid: [string, readonly GridValue[]][] = [
    ...axes.map((a) => [a.path, a.values] as [string, GridValue[]]),
    ['seed', seeds],
  ];
  for (const [path, vals] of grid) {
    const short = path === 'seed' ? 'seed' : path.slice(path.lastIndexOf('.') + 1);
    combos = combos.flatMap((c) =>
      vals.map((v) => ({
        name:
          vals.length > 1 || path === 'seed'
            ? `${c.name ? `${c.name} · ` : ''}${short} ${String(v)}`
            : c.name,
        overrides: { ...c.overrides, [path]: v },
      })),
    );
  }
  return combos;
}

/** The first planned run the schema refuses ("run 3 (top · seed 2): mask.rho: …"), or null. */
export function firstInvalidRun(
  base: Record<string, unknown>,
  planned: readonly PlannedRun[],
): string | null {
  for (const [i, p] of planned.entries()) {
    const config = structuredClone(base);
    for (const [path, v] of Object.entries(p.overrides)) setPath(config, path, v);
    const r = runConfigSchema.safeParse(config);
    if (!r.success) {
      const issue = r.error.issues[0];
      return `run ${i + 1} (${p.name}): ${issue?.path.join('.')}: ${issue?.message}`;
    }
  }
  return null;
}
