// The run-config forms (new run, sweep): raw field text ⇄ config, validated inline with the
// contract's own runConfigSchema, so the form refuses exactly what the main side would.
import type { PresetInfo } from '@contract';
import { defaultRunConfig, runConfigFields, runConfigSchema } from '@contract/run-config';
import type { FieldMeta } from '@contract/run-config';
import { call } from '../../api/client';

export interface FormSection {
  id: string;
  title: string;
  blurb: string;
  fields: FieldMeta[];
}

const SECTION_DEFS: { id: string; title: string; blurb: string; match: (p: string) => boolean }[] =
  [
    {
      id: 'task',
      title: 'Task',
      blurb: 'What the policy learns, with which seed and backend.',
      match: (p) => p === 'task' || p === 'seed' || p === 'backend',
    },
    {
      id: 'model',
      title: 'Model / base',
      blurb: 'The transformer and the checkpoint it starts from.',
      match: (p) => p === 'base' || p.startsWith('model.'),
    },
    {
      id: 'rl',
      title: 'RL (DAPO)',
      blurb: 'Rollouts, clipping and optimisation; defaults follow the paper, scaled down.',
      match: (p) => p.startsWith('rl.'),
    },
    {
      id: 'mask',
      title: 'Entropy mask',
      blurb: 'Which tokens receive the policy gradient.',
      match: (p) => p.startsWith('mask.'),
    },
    {
      id: 'eval',
      title: 'Evaluation',
      blurb: 'Held-out benchmarks, avg@k.',
      match: (p) => p.startsWith('eval.'),
    },
  ];

export const FORM_SECTIONS: FormSection[] = SECTION_DEFS.map((s) => ({
  id: s.id,
  title: s.title,
  blurb: s.blurb,
  fields: runConfigFields.filter((f) => s.match(f.path)),
}));

/** Raw input per dotted path: text for numbers, lists and strings; booleans as booleans. */
export type FormValues = Record<string, string | boolean>;
export type FieldErrors = Record<string, string>;

export function getPath(obj: unknown, path: string): unknown {
  let node = obj;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = obj;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

export function formatFieldValue(field: FieldMeta, v: unknown): string | boolean {
  if (field.kind === 'boolean') return v === true;
  if (field.kind === 'list') return Array.isArray(v) ? v.join(', ') : '';
  if (v === null || v === undefined) return '';
  return String(v);
}

export function valuesFromConfig(config: unknown): FormValues {
  const defaults = defaultRunConfig();
  const out: FormValues = {};
  for (const f of runConfigFields) {
    const v = getPath(config, f.path);
    out[f.path] = formatFieldValue(f, v === undefined ? getPath(defaults, f.path) : v);
  }
  return out;
}

/** Parses one field's raw text; an error message when it cannot be a value of its kind. */
export function parseFieldValue(
  field: FieldMeta,
  raw: string | boolean,
): { ok: true; value: unknown } | { ok: false; message: string } {
  if (field.kind === 'boolean') return { ok: true, value: raw === true || raw === 'true' };
  const text = String(raw).trim();
  switch (field.kind) {
    case 'number':
    case 'integer': {
      if (text === '') return { ok: false, message: 'required' };
      const n = Number(text);
      if (!Number.isFinite(n)) return { ok: false, message: `“${text}” is not a number` };
      return { ok: true, value: n };
    }
    case 'list':
      return {
        ok: true,
        value: text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    case 'string':
      return { ok: true, value: text === '' ? null : text };
    default:
      return { ok: true, value: text };
  }
}

export interface Validation {
  config: Record<string, unknown>;
  errors: FieldErrors;
  /** Paths in form order. */
  invalid: string[];
}

/** Turns the form into a config and checks it with the contract schema (every issue, by field). */
export function validateValues(values: FormValues): Validation {
  const config: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const f of runConfigFields) {
    const parsed = parseFieldValue(f, values[f.path] ?? '');
    if (parsed.ok) setPath(config, f.path, parsed.value);
    else errors[f.path] = parsed.message;
  }
  if (Object.keys(errors).length === 0) {
    const result = runConfigSchema.safeParse(config);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = issue.path.filter((p) => typeof p === 'string').join('.');
        const known = runConfigFields.find((f) => f.path === path);
        const key = known ? path : path || 'config';
        errors[key] ??= issue.message;
      }
    }
  }
  const invalid = runConfigFields.map((f) => f.path).filter((p) => errors[p] !== undefined);
  if (errors['config'] !== undefined) invalid.push('config');
  return { config, errors, invalid };
}

/** Paths whose value differs from the defaults (shown as "changed"). */
export function changedPaths(values: FormValues): string[] {
  const defaults = valuesFromConfig(defaultRunConfig());
  return runConfigFields
    .map((f) => f.path)
    .filter((p) => String(values[p]) !== String(defaults[p]));
}

/** Mask shortcuts of the paper's arms, applied over whatever the form holds. */
export const MASK_SHORTCUTS: {
  id: string;
  label: string;
  title: string;
  mode: string;
  rho: number;
}[] = [
  {
    id: 'top20',
    label: 'Top 20%',
    title: 'The paper: top 20% highest-entropy tokens',
    mode: 'top',
    rho: 0.2,
  },
  {
    id: 'all',
    label: 'All tokens',
    title: 'Baseline DAPO: every response token',
    mode: 'all',
    rho: 1,
  },
  {
    id: 'bottom80',
    label: 'Bottom 80%',
    title: 'The complement: lowest-entropy 80%',
    mode: 'bottom',
    rho: 0.2,
  },
  {
    id: 'random20',
    label: 'Random 20% (control)',
    title: 'Control: a random 20% of tokens',
    mode: 'random',
    rho: 0.2,
  },
];

class PresetStore {
  list = $state.raw<PresetInfo[]>([]);
  error = $state<string | null>(null);
  private loading: Promise<void> | null = null;

  load(): Promise<void> {
    this.loading ??= (async () => {
      const r = await call('presets.list', {});
      if (r.ok) this.list = r.value;
      else {
        this.error = r.error.message;
        this.loading = null;
      }
    })();
    return this.loading;
  }
}

export const presets = new PresetStore();
