// Supervised fine-tuning on a task's demonstrations: cross-entropy on response tokens only
// (prompt and padding masked out). This turns fresh weights into a base policy that already
// speaks the task's format, so RL has something to sharpen (the paper starts from base LMs).
import * as tf from '@tensorflow/tfjs-core';
import '../backend/gradients';
import { createOptimizer } from '../model/optimizer';
import type { Policy } from '../model/types';
import type { Executor } from '../parallel/executor';
import { localExecutor, shares } from '../parallel/executor';
import { createRng } from '../rng';
import type { Task } from '../tasks/types';
import { BOS_ID, EOS_ID, PAD_ID, encode } from '../tokenizer';
import type { SftJob } from './sft-loss';

export interface SftProgress {
  step: number;
  steps: number;
  loss: number;
  lr: number;
  tokensPerSecond: number;
  elapsedSeconds: number;
}

export interface SftOptions {
  policy: Policy;
  task: Task;
  /** Iteration budget. */
  steps: number;
  /** Wall-clock budget; training stops at whichever budget runs out first. */
  maxSeconds?: number;
  batchSize?: number;
  /** Peak learning rate (linear warmup, then cosine decay to 10%). */
  lr?: number;
  warmupSteps?: number;
  gradClip?: number;
  seed?: number;
  /** Called every `progressEvery` steps and at the end. */
  onProgress?: (p: SftProgress) => void;
  progressEvery?: number;
  /** Checked between steps; return true to stop early (the policy keeps what it learnt). */
  shouldStop?: () => boolean;
  /** Threads sharing each batch's rows (parallel/); the calling thread alone by default. */
  executor?: Executor;
}

export interface SftResult {
  steps: number;
  finalLoss: number;
  seconds: number;
  tokens: number;
}

/** One padded batch: inputs/targets [B, L-1] and a 0/1 mask on response targets. */
export function demonstrationBatch(
  task: Task,
  size: number,
  rng: ReturnType<typeof createRng>,
  contextLength: number,
) {
  const rows = Array.from({ length: size }, () => {
    const p = task.sampleProblem(rng, 'train');
    const prompt = [BOS_ID, ...encode(p.prompt)];
    const response = [...encode(task.demonstration(p, rng)), EOS_ID];
    const full = [...prompt, ...response].slice(0, contextLength);
    return { full, promptLength: prompt.length };
  });
  const L = Math.max(...rows.map((r) => r.full.length)) - 1;
  const inputs: number[][] = [];
  const targets: number[][] = [];
  const mask = new Float32Array(size * L);
  rows.forEach((r, i) => {
    const pad = (row: number[]) => [...row, ...new Array<number>(L - row.length).fill(PAD_ID)];
    inputs.push(pad(r.full.slice(0, -1)));
    targets.push(pad(r.full.slice(1)));
    for (let t = r.promptLength - 1; t < r.full.length - 1; t++) mask[i * L + t] = 1;
  });
  return { inputs, targets, mask, L, responseTokens: mask.reduce((s, v) => s + v, 0) };
}

export async function trainSft(options: SftOptions): Promise<SftResult> {
  const { policy, task, steps } = options;
  const batchSize = options.batchSize ?? 32;
  const peak = options.lr ?? 3e-3;
  const warmup = options.warmupSteps ?? Math.min(50, Math.floor(steps / 10));
  const every = options.progressEvery ?? 10;
  const rng = createRng(options.seed ?? 0);
  const optimizer = createOptimizer({ lr: peak, clipNorm: options.gradClip ?? 1 });
  const executor = options.executor ?? localExecutor(policy);
  const start = performance.now();
  let tokens = 0;
  let loss = NaN;
  let step = 0;
  const lrAt = (s: number) =>
    s < warmup
      ? (peak * (s + 1)) / warmup
      : peak *
        (0.1 + 0.45 * (1 + Math.cos((Math.PI * (s - warmup)) / Math.max(1, steps - warmup))));
  try {
    while (step < steps) {
      if (options.shouldStop?.()) break;
      const elapsed = (performance.now() - start) / 1000;
      if (options.maxSeconds !== undefined && elapsed >= options.maxSeconds) break;
      const b = demonstrationBatch(task, batchSize, rng, policy.config.contextLength);
      const lr = lrAt(step);
      const jobs: SftJob[] = shares(batchSize, executor.threads).map(([from, to]) => ({
        inputs: b.inputs.slice(from, to),
        targets: b.targets.slice(from, to),
        mask: b.mask.slice(from * b.L, to * b.L),
        denom: b.responseTokens,
      }));
      const parts = await executor.sftGradients(jobs);
      const grads = policy.variables.map((_, i) => tf.addN(parts.map((p) => p.grads[i]!)));
      optimizer.apply(policy.variables, grads, lr);
      tf.dispose([...grads, ...parts.flatMap((p) => p.grads)]);
      const out = { loss: parts.reduce((sum, p) => sum + p.loss, 0) };
      loss = out.loss;
      tokens += batchSize * b.L;
      step++;
      if (step % every === 0 || step === steps) {
        const secs = (performance.now() - start) / 1000;
        options.onProgress?.({
          step,
          steps,
          loss,
          lr,
          tokensPerSecond: tokens / Math.max(1e-9, secs),
          elapsedSeconds: secs,
        });
        // Let the host's event loop breathe (progress messages, stop requests).
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
  } finally {
    optimizer.dispose();
  }
  return { steps: step, finalLoss: loss, seconds: (performance.now() - start) / 1000, tokens };
}
