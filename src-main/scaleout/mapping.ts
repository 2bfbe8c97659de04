// How a Forkbench run config becomes an engine's settings. Every leaf of the config goes through
// the engine's rule table; a leaf with no rule is refused, so a config field added later is never
// silently dropped from an export (the leaf test enumerates RunConfig and checks this).
import type { RunConfig } from '../contract/run-config';
import type { JobForm } from './form';

export interface EngineSetting {
  /** The engine's own key (a Hydra path for verl, a GRPOConfig field for TRL). */
  key: string;
  value: string | number | boolean | null | string[];
  /** The Forkbench fields (or form fields) it comes from. */
  from: string;
}

export interface Refusal {
  field: string;
  value: unknown;
  reason: string;
}

/** A local-only setting the form's cluster values stand in for (model, data, backend). */
export interface Replacement {
  field: string;
  value: unknown;
  by: string;
}

export interface MappingResult {
  settings: EngineSetting[];
  refused: Refusal[];
  replaced: Replacement[];
  notes: string[];
}

export interface RuleContext {
  config: RunConfig;
  form: JobForm;
  value: unknown;
}

/** What a rule says about one leaf: engine keys to set, a refusal, or a replacement. */
export interface RuleOutcome {
  set?: [string, EngineSetting['value']][];
  refuse?: string;
  replacedBy?: string;
  note?: string;
}

export type LeafRule = (ctx: RuleContext) => RuleOutcome;
export type RuleTable = Record<string, LeafRule>;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Dotted paths of every leaf (arrays are leaves), in the config's own order. */
export function configLeaves(value: unknown, prefix = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return prefix ? [[prefix, value]] : [];
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(value as Record<string, Json>))
    out.push(...configLeaves(v, prefix ? `${prefix}.${k}` : k));
  return out;
}

export function applyRules(
  engine: string,
  rules: RuleTable,
  config: RunConfig,
  form: JobForm,
): MappingResult {
  const result: MappingResult = { settings: [], refused: [], replaced: [], notes: [] };
  for (const [field, value] of configLeaves(config)) {
    const rule = rules[field];
    if (!rule) {
      result.refused.push({
        field,
        value,
        reason: `Forkbench has no ${engine} mapping for ${field}; refused rather than dropped`,
      });
      continue;
    }
    const outcome = rule({ config, form, value });
    if (outcome.refuse) result.refused.push({ field, value, reason: outcome.refuse });
    if (outcome.replacedBy) result.replaced.push({ field, value, by: outcome.replacedBy });
    if (outcome.note) result.notes.push(`${field}: ${outcome.note}`);
    for (const [key, v] of outcome.set ?? []) result.settings.push({ key, value: v, from: field });
  }
  return result;
}

/** A rule setting one key to the leaf's value (optionally transformed). */
export const to =
  (key: string, f: (v: never, c: RunConfig) => EngineSetting['value'] = (v) => v): LeafRule =>
  ({ value, config }) => ({ set: [[key, f(value as never, config)]] });

/** A rule for a leaf the form's cluster values replace. */
export const replacedBy =
  (by: string): LeafRule =>
  () => ({ replacedBy: by });
