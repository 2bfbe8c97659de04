// The sweep form's grid boxes: each axis and the seeds parsed with the form's own field rules.
// What they expand to is the contract's planSweep (contract/config/sweep.ts), as on the server.
import type { GridValue } from '@contract/config/sweep';
import { runConfigFields } from '@contract/run-config';
import { parseFieldValue } from './forms.svelte';
import { sweepRunCount, sweepSizeError } from './sweep-count';

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
export function gridError(axes: readonly ParsedAxis[], seeds: ParsedList, arms = 0): string | null {
  // Counted, never expanded: pasting long value lists must not freeze the page.
  const count = sweepRunCount(
    arms,
    seeds.values.length,
    axes.map((a) => a.values.length),
  );
  return (
    axes.find((a) => a.error)?.error ??
    seeds.error ??
    (new Set(axes.map((a) => a.path)).size < axes.length ? 'two axes set the same field' : null) ??
    (axes.some((a) => a.path === 'seed') ? 'use the Seeds box for seeds' : null) ??
    sweepSizeError(count)
  );
}
