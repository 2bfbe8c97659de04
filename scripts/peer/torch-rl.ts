// The Node side of the PyTorch peer RL step (scripts/peer/rl_step.py): what both benches share
// (the base weights, the RL settings and one queue of problems, drawn in the same order by both),
// and the timers that split Forkbench's step into the same phases as the peer's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunConfig } from '../../src-main/contract/run-config';
import type { Executor } from '../../src-main/engine/parallel/executor';
import type { Policy, SerializedWeights } from '../../src-main/engine/model/types';
import type { Problem, Task } from '../../src-main/engine/tasks/types';
import { BOS_ID, EOS_ID, PAD_ID, VOCAB, encode } from '../../src-main/engine/tokenizer';

export const PYTHON = process.env.FORKBENCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = resolve(import.meta.dirname, 'rl_step.py');

/** null when torch imports, else why not (the bench then reports Forkbench alone). */
export function torchMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} not runnable: ${r.error.message}`;
  if (r.status !== 0)
    return `torch not importable by ${PYTHON} (apt-get install -y python3-torch libopenblas0-pthread): ${r.stderr.trim().split('\n').at(-1)}`;
  return null;
}

/** A task that hands out `problems` in order, round and round (the peer reads the same list). */
export function queueTask(inner: Task, problems: Problem[]): Task {
  let next = 0;
  return {
    ...inner,
    sampleProblem: () => problems[next++ % problems.length]!,
  };
}

/** Writes the peer's spec (JSON + raw float32 weights) into a fresh temp folder; returns its path. */
export function writePeerSpec(args: {
  config: RunConfig;
  weights: SerializedWeights;
  problems: Problem[];
  steps: number;
}): string {
  const { config, weights, problems, steps } = args;
  const dir = mkdtempSync(join(tmpdir(), 'forkbench-peer-'));
  let offset = 0;
  const tensors = weights.tensors.map((t) => {
    const row = { name: t.name, shape: t.shape, offset };
    offset += t.data.length;
    return row;
  });
  const flat = new Float32Array(offset);
  weights.tensors.forEach((t, i) => flat.set(t.data, tensors[i]!.offset));
  writeFileSync(join(dir, 'weights.f32'), Buffer.from(flat.buffer));
  const c = weights.config;
  const spec = {
    model: {
      vocab: c.vocabSize,
      ctx: c.contextLength,
      d: c.dModel,
      layers: c.nLayers,
      heads: c.nHeads,
    },
    weights_file: join(dir, 'weights.f32'),
    tensors,
    vocab: VOCAB,
    skip_ids: [PAD_ID, BOS_ID, EOS_ID],
    eos_id: EOS_ID,
    rl: config.rl,
    mask: config.mask,
    tokenRule: config.tokenRule.kind,
    seed: config.seed,
    steps,
    problems: problems.map((p) => ({
      prompt_ids: [BOS_ID, ...encode(p.prompt)],
      nums: p.numbers.slice(0, -1),
      target: p.numbers.at(-1),
    })),
  };
  if (config.task !== 'pair-search')
    throw new Error(`the peer step ports pair-search only, not ${config.task}`);
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  return join(dir, 'spec.json');
}

export interface PeerResult {
  impl: string;
  threads: number;
  step_s: number;
  rollout_s: number;
  scoring_s: number;
  logprob_pass_s: number;
  update_s: number;
  generated_tokens: number;
  kept_groups: number;
}

/** One peer measurement; device is rl_step.py's --device (auto: CUDA where torch sees one). */
export function runPeer(specPath: string, threads: number, device = 'auto'): PeerResult {
  const args = [SCRIPT, specPath, '--threads', String(threads), '--device', device];
  const r = spawnSync(PYTHON, args, {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: String(threads) },
  });
  if (r.status !== 0) throw new Error(`rl_step.py failed (${r.status}): ${r.stderr.trim()}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as PeerResult;
}

/** Phase clocks of one Forkbench measurement, in seconds summed over the timed steps. */
export interface Clocks {
  sample: number;
  logits: number;
  generated: number;
}

/**
 * Times sampling through the executor, and (on the calling thread's policy) every training
 * forward: tfjs-wasm runs kernels synchronously, so policy.logits' wall time is the forward.
 */
export function instrument(executor: Executor, policy: Policy, clocks: Clocks): Executor {
  const logits = policy.logits.bind(policy);
  policy.logits = (tokens) => {
    const t0 = performance.now();
    try {
      return logits(tokens);
    } finally {
      clocks.logits += (performance.now() - t0) / 1000;
    }
  };
  return {
    get threads() {
      return executor.threads;
    },
    sample: async (prompts, options, rng) => {
      const t0 = performance.now();
      const out = await executor.sample(prompts, options, rng);
      clocks.sample += (performance.now() - t0) / 1000;
      clocks.generated += out.tokens.reduce((s, t) => s + t.length, 0);
      return out;
    },
    entropies: (jobs, t) => executor.entropies(jobs, t),
    gradients: (jobs, s) => executor.gradients(jobs, s),
    sftGradients: (jobs) => executor.sftGradients(jobs),
    dispose: () => executor.dispose(),
  };
}

/** The peer's equivalence mode: logits of spec.check's rows and of its cached decoder. */
export interface PeerCheck {
  train: number[][];
  decode: number[][];
  loss?: number;
  grads?: Record<string, number[]>;
}

export function runPeerCheck(specPath: string): PeerCheck {
  const r = spawnSync(PYTHON, [SCRIPT, specPath], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`rl_step.py check failed (${r.status}): ${r.stderr.trim()}`);
  return JSON.parse(r.stdout) as PeerCheck;
}
