// The nested sections of the run config (model, rl, mask, eval), field by field with their
// defaults. Declared in form order: each field() call adds its row to runConfigFields.
import { z } from 'zod';
import {
  MASK_MODES,
  NORMALIZERS,
  THRESHOLD_SCOPES,
  field,
  int,
  positive,
} from './run-config-fields';

export const model = z.strictObject({
  layers: field('model.layers', int(1, 48), {
    description: 'Transformer blocks',
    unit: 'layers',
    default: 4,
    kind: 'integer',
  }),
  dModel: field('model.dModel', int(8, 4096), {
    description: 'Width of the residual stream',
    unit: 'dims',
    default: 128,
    kind: 'integer',
  }),
  heads: field('model.heads', int(1, 64), {
    description: 'Attention heads per layer (must divide dModel)',
    unit: 'heads',
    default: 4,
    kind: 'integer',
  }),
  mlpRatio: field('model.mlpRatio', int(1, 16), {
    description: 'MLP hidden width as a multiple of dModel',
    unit: '×',
    default: 4,
    kind: 'integer',
  }),
  contextLength: field('model.contextLength', int(16, 4096), {
    description: 'Longest prompt + response the model sees',
    unit: 'tokens',
    default: 128,
    kind: 'integer',
  }),
});

export const rl = z.strictObject({
  steps: field('rl.steps', int(1), {
    description: 'RL steps (one rollout batch each)',
    unit: 'steps',
    default: 200,
    kind: 'integer',
  }),
  promptsPerStep: field('rl.promptsPerStep', int(1, 4096), {
    description: 'Prompts per rollout batch (paper: 512)',
    unit: 'prompts',
    default: 16,
    kind: 'integer',
  }),
  groupSize: field('rl.groupSize', int(2, 256), {
    description: 'Responses sampled per prompt, G (paper: 16)',
    unit: 'responses',
    default: 8,
    kind: 'integer',
  }),
  miniBatches: field('rl.miniBatches', int(1, 4096), {
    description: 'Optimizer steps per rollout batch (paper: 16)',
    unit: 'mini-batches',
    default: 1,
    kind: 'integer',
  }),
  ppoEpochs: field('rl.ppoEpochs', int(1, 64), {
    description: 'Passes over each rollout batch',
    unit: 'epochs',
    default: 1,
    kind: 'integer',
  }),
  microBatchSize: field('rl.microBatchSize', int(1, 65536), {
    description: 'Sequences per forward/backward pass (gradient accumulation)',
    unit: 'sequences',
    default: 32,
    kind: 'integer',
  }),
  lr: field('rl.lr', positive().max(1, 'must be at most 1'), {
    description: 'Adam learning rate, constant (paper: 1e-6 at 8–32B)',
    unit: '',
    default: 5e-5,
    kind: 'number',
  }),
  epsLow: field('rl.epsLow', positive().max(1, 'must be at most 1'), {
    description: 'Clip range below 1 for the ratio, ε_low',
    unit: '',
    default: 0.2,
    kind: 'number',
  }),
  epsHigh: field('rl.epsHigh', positive().max(10, 'must be at most 10'), {
    description: 'Clip-higher: clip range above 1, ε_high (DAPO)',
    unit: '',
    default: 0.28,
    kind: 'number',
  }),
  dualClipC: field('rl.dualClipC', z.number().min(0, 'must be 0 (off) or > 1'), {
    description: 'Dual-clip bound c for negative advantages; 0 = off (authors: 10)',
    unit: '',
    default: 10,
    kind: 'number',
  }),
  temperature: field('rl.temperature', positive().max(10, 'must be at most 10'), {
    description: 'Rollout temperature; entropies and log-probs use it too',
    unit: '',
    default: 1,
    kind: 'number',
  }),
  maxResponseTokens: field('rl.maxResponseTokens', int(1, 4096), {
    description: 'Longest response sampled',
    unit: 'tokens',
    default: 96,
    kind: 'integer',
  }),
  overlongBuffer: field('rl.overlongBuffer', int(0, 4096), {
    description: 'Soft overlong zone before the limit; 0 = off (DAPO)',
    unit: 'tokens',
    default: 16,
    kind: 'integer',
  }),
  overlongPenalty: field('rl.overlongPenalty', z.number().min(0, 'must be ≥ 0'), {
    description: 'Reward penalty reached at the length limit',
    unit: 'reward',
    default: 1,
    kind: 'number',
  }),
  dynamicSampling: field('rl.dynamicSampling', z.boolean(), {
    description: 'Drop groups that are all correct or all wrong, and refill (DAPO)',
    unit: '',
    default: true,
    kind: 'boolean',
  }),
  maxGenBatches: field('rl.maxGenBatches', int(1, 100), {
    description: 'Most rollout batches generated per step to refill (authors: 10)',
    unit: 'batches',
    default: 4,
    kind: 'integer',
  }),
  klCoef: field('rl.klCoef', z.number().min(0, 'must be ≥ 0'), {
    description: 'KL penalty to the base model (k3); 0 = off as in the paper',
    unit: '',
    default: 0,
    kind: 'number',
  }),
  entropyCoef: field('rl.entropyCoef', z.number().min(0, 'must be ≥ 0'), {
    description: 'Entropy bonus on selected tokens; 0 = off as in the paper',
    unit: '',
    default: 0,
    kind: 'number',
  }),
  gradClip: field('rl.gradClip', positive(), {
    description: 'Global gradient-norm clip',
    unit: 'norm',
    default: 1,
    kind: 'number',
  }),
});

export const mask = z.strictObject({
  mode: field('mask.mode', z.enum(MASK_MODES), {
    description: 'Tokens that get the gradient: all, top-ρ / bottom (1−ρ) by entropy, or random ρ',
    unit: '',
    default: 'top',
    kind: 'enum',
    options: MASK_MODES,
  }),
  rho: field('mask.rho', z.number().gt(0, 'must be in (0, 1]').max(1, 'must be in (0, 1]'), {
    description: 'ρ: fraction of highest-entropy tokens kept (paper: 0.2)',
    unit: 'fraction',
    default: 0.2,
    kind: 'number',
  }),
  thresholdScope: field('mask.thresholdScope', z.enum(THRESHOLD_SCOPES), {
    description: 'Entropy threshold per micro-batch (authors) or per mini-batch',
    unit: '',
    default: 'microbatch',
    kind: 'enum',
    options: THRESHOLD_SCOPES,
  }),
  normalizer: field('mask.normalizer', z.enum(NORMALIZERS), {
    description: 'Loss denominator: selected tokens (paper Eq. 6) or all response tokens (TRL)',
    unit: '',
    default: 'selected',
    kind: 'enum',
    options: NORMALIZERS,
  }),
});

export const evaluation = z.strictObject({
  every: field('eval.every', int(0), {
    description: 'Evaluate every N steps; 0 = only at the end',
    unit: 'steps',
    default: 10,
    kind: 'integer',
  }),
  k: field('eval.k', int(1, 256), {
    description: 'Samples per problem (paper: 16)',
    unit: 'samples',
    default: 4,
    kind: 'integer',
  }),
  temperature: field('eval.temperature', positive().max(10, 'must be at most 10'), {
    description: 'Sampling temperature for evaluation (paper: 1.0)',
    unit: '',
    default: 1,
    kind: 'number',
  }),
  benchmarks: field('eval.benchmarks', z.array(z.string()), {
    description: "Benchmark ids; empty = all of the task's",
    unit: '',
    default: [],
    kind: 'list',
  }),
  maxProblems: field('eval.maxProblems', int(0), {
    description: 'Problems per benchmark; 0 = all',
    unit: 'problems',
    default: 100,
    kind: 'integer',
  }),
});
