// The configuration of one RL run: schema, defaults (the paper's / DAPO's, scaled down), and a
// field table the UI renders as a form. Unknown keys are refused; every error names its field.
// The field helpers and constants live in run-config-fields.ts, the nested sections in
// run-config-sections.ts; everything is exported from here.
import { z } from 'zod';
import { BACKENDS, field, int } from './run-config-fields';
import { TASK_BENCHMARKS, TASK_IDS, TASK_MAX_PROMPT_TOKENS } from './config/tasks';
import { evaluation, mask, model, rl } from './run-config-sections';
import { tokenRule, tokenRuleWarnings } from './run-config-token-rule';
import type { ConfigWarning } from './run-config-token-rule';

export {
  BACKENDS,
  MASK_MODES,
  NORMALIZERS,
  THRESHOLD_SCOPES,
  runConfigFields,
} from './run-config-fields';
export { TASK_BENCHMARKS, TASK_IDS, TASK_MAX_PROMPT_TOKENS } from './config/tasks';
export type { FieldMeta } from './run-config-fields';
export { TOKEN_RULES } from './run-config-token-rule';
export type { ConfigWarning, TokenRuleConfig, TokenRuleKind } from './run-config-token-rule';

export const runConfigSchema = z
  .strictObject({
    task: field('task', z.enum(TASK_IDS), {
      description: 'Task with a verifiable reward',
      unit: '',
      default: 'countdown',
      kind: 'enum',
      options: TASK_IDS,
    }),
    base: field(
      'base',
      z
        .string()
        .min(1, 'must not be empty')
        .max(100)
        // A registry name, never a server path (a path would reveal whether files exist).
        .regex(/^(?!\.)[A-Za-z0-9._-]+$/, 'must name a base model (pair-search-s), not a file path')
        .nullable(),
      {
        description:
          'Base model to start from (an SFT model from the registry); null = fresh weights',
        unit: '',
        default: null,
        kind: 'string',
      },
    ),
    model: model.prefault({}),
    rl: rl.prefault({}),
    mask: mask.prefault({}),
    tokenRule: tokenRule.prefault({}),
    eval: evaluation.prefault({}),
    seed: field('seed', int(0, 2 ** 31 - 1), {
      description: 'Seed for problems, sampling and random masks',
      unit: '',
      default: 1,
      kind: 'integer',
    }),
    backend: field('backend', z.enum(BACKENDS), {
      description: 'Preferred tfjs backend; auto = best available',
      unit: '',
      default: 'auto',
      kind: 'enum',
      options: BACKENDS,
    }),
  })
  .superRefine((c, ctx) => {
    const fail = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    if (c.model.dModel % c.model.heads !== 0) {
      fail(['model', 'heads'], `must divide model.dModel (${c.model.dModel})`);
    }
    const batch = c.rl.promptsPerStep * c.rl.groupSize;
    if (c.rl.promptsPerStep % c.rl.miniBatches !== 0) {
      fail(['rl', 'miniBatches'], `must divide rl.promptsPerStep (${c.rl.promptsPerStep})`);
    } else {
      const mini = batch / c.rl.miniBatches;
      if (mini % c.rl.microBatchSize !== 0) {
        fail(
          ['rl', 'microBatchSize'],
          `must divide the mini-batch of ${mini} sequences (promptsPerStep × groupSize / miniBatches)`,
        );
      }
    }
    if (c.rl.dualClipC !== 0 && c.rl.dualClipC <= 1)
      fail(['rl', 'dualClipC'], 'must be 0 (off) or > 1');
    if (c.rl.overlongBuffer >= c.rl.maxResponseTokens) {
      fail(
        ['rl', 'overlongBuffer'],
        `must be less than rl.maxResponseTokens (${c.rl.maxResponseTokens})`,
      );
    }
    const need = TASK_MAX_PROMPT_TOKENS[c.task] + c.rl.maxResponseTokens;
    if (c.model.contextLength < need) {
      fail(
        ['model', 'contextLength'],
        `must be at least ${need} (longest ${c.task} prompt ${TASK_MAX_PROMPT_TOKENS[c.task]} + rl.maxResponseTokens ${c.rl.maxResponseTokens})`,
      );
    }
    if (c.tokenRule.clipCovLb >= c.tokenRule.clipCovUb)
      fail(
        ['tokenRule', 'clipCovUb'],
        `must be greater than tokenRule.clipCovLb (${c.tokenRule.clipCovLb})`,
      );
    c.eval.benchmarks.forEach((id, i) => {
      if (!TASK_BENCHMARKS[c.task].includes(id)) {
        fail(
          ['eval', 'benchmarks', i],
          `unknown benchmark "${id}" for ${c.task} (one of ${TASK_BENCHMARKS[c.task].join(', ')})`,
        );
      }
    });
  });

export type RunConfig = z.output<typeof runConfigSchema>;
export type RunConfigInput = z.input<typeof runConfigSchema>;

export type ParseRunConfigResult =
  { ok: true; value: RunConfig } | { ok: false; field: string; message: string };

/** Validates and fills defaults. The message starts with the field: "mask.rho: must be in (0, 1]". */
export function parseRunConfig(input: unknown): ParseRunConfigResult {
  const parsed = runConfigSchema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  if (!issue) return { ok: false, field: 'config', message: 'config: invalid' };
  const path = issue.path.map(String);
  // An unknown key is reported on the key itself, not on its parent object.
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  const field = path.length ? path.join('.') : 'config';
  const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
  return { ok: false, field, message: `${field}: ${message}` };
}

/** Defaults of every field, as a full config. */
export function defaultRunConfig(): RunConfig {
  return runConfigSchema.parse({});
}

/** Valid settings that do nothing or mislead (the form shows them; a run logs them). */
export function runConfigWarnings(config: RunConfig): ConfigWarning[] {
  return tokenRuleWarnings(config);
}
