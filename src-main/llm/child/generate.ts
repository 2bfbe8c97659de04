// An analysis run on a real model: every problem sampled `samplesPerProblem` times; at each
// generated token the full next-token distribution at T=1 comes from llama.cpp, is re-tempered
// to the sampling temperature in float64, and gives the stored entropy (whole vocabulary), the
// sampled token's log-prob under it, and the top alternatives. Top-p applies only to the draw.
// Samples run on `parallel` context sequences at once, which llama.cpp evaluates in one batch.
import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import { createRng } from '../../engine/rng';
import { entropyOf, sampleTopP, temper, topAlternatives } from '../distribution';
import type { GenerateSpec, LlmSample, LlmToHost } from '../protocol';
import { verifyBoxed } from '../verify';
import type { LoadedModel } from './model';
import { loadedMessage, distributionsAfter, piecesOf } from './model';
import type { BuiltPrompt } from './prompt';
import { promptBuilder } from './prompt';

interface Job {
  problemIndex: number;
  sampleIndex: number;
  prompt: BuiltPrompt;
}

/** Seed of one sample: the same spec gives the same tokens whatever the parallelism. */
const sampleSeed = (seed: number, p: number, s: number) => (seed * 1_000_003 + p * 1009 + s) >>> 0;

async function generateOne(
  m: LoadedModel,
  seq: LlamaContextSequence,
  spec: GenerateSpec,
  job: Job,
  onToken: () => void,
): Promise<LlmSample> {
  const { sampling } = spec;
  const rng = createRng(sampleSeed(sampling.seed, job.problemIndex, job.sampleIndex));
  await seq.clearHistory();
  const tokens: number[] = [];
  const entropies: number[] = [];
  const logprobs: number[] = [];
  const altTokens: number[] = [];
  const altProbs: number[] = [];
  let feed: Token[] = job.prompt.tokens;
  let stop = 'max_tokens';
  while (tokens.length < sampling.maxTokens) {
    if (seq.nextTokenIndex + feed.length >= m.contextSize) {
      stop = 'context';
      break;
    }
    const last = feed.length - 1;
    const dist = (await distributionsAfter(seq, feed, new Set([last]), m.vocabSize)).get(last);
    const logp = temper(dist as Float64Array, sampling.temperature);
    const token = sampleTopP(logp, sampling.topP, rng);
    tokens.push(token);
    entropies.push(entropyOf(logp));
    logprobs.push(logp[token] as number);
    for (const a of topAlternatives(logp, spec.alternatives)) {
      altTokens.push(a.token);
      altProbs.push(a.prob);
    }
    onToken();
    if (m.model.isEogToken(token as Token)) {
      stop = 'eos';
      break;
    }
    feed = [token as Token];
  }
  const responseTokens = tokens.filter((t) => !m.model.isEogToken(t as Token)) as Token[];
  const response = m.model.detokenize(responseTokens, false);
  const problem = spec.problems[job.problemIndex];
  const verdict = verifyBoxed(response, problem?.answer ?? '');
  return {
    problemIndex: job.problemIndex,
    sampleIndex: job.sampleIndex,
    prompt: job.prompt.text,
    response,
    tokens,
    entropies,
    logprobs,
    alternatives: { k: spec.alternatives, tokens: altTokens, probs: altProbs },
    pieces: piecesOf(m.model, [...tokens, ...altTokens]),
    correct: verdict.correct,
    reward: verdict.correct ? 1 : 0,
    extracted: verdict.extracted,
    stop,
  };
}

export async function runGenerate(
  m: LoadedModel,
  spec: GenerateSpec,
  post: (message: LlmToHost) => void,
): Promise<{ tokens: number }> {
  const builder = await promptBuilder(m.model, spec.sampling);
  const jobs: Job[] = [];
  // Every prompt is checked before anything is generated: an overflow writes nothing.
  spec.problems.forEach((p, problemIndex) => {
    const prompt = builder.build(p.prompt);
    if (prompt.tokens.length + 1 >= m.contextSize)
      throw new Error(
        `problem ${p.id}: its prompt is ${prompt.tokens.length} tokens, the context holds ${m.contextSize}; ` +
          'raise the context size or shorten the prompt',
      );
    for (let s = 0; s < spec.sampling.samplesPerProblem; s++)
      jobs.push({ problemIndex, sampleIndex: s, prompt });
  });
  post(loadedMessage(m, builder.wrapper));
  const t0 = performance.now();
  let done = 0;
  let generated = 0;
  let lastPost = 0;
  const progress = (force = false) => {
    const now = performance.now();
    if (!force && now - lastPost < 500) return;
    lastPost = now;
    post({ type: 'progress', done, total: jobs.length, tokens: generated, elapsedMs: now - t0 });
  };
  let next = 0;
  const worker = async () => {
    const seq = m.context.getSequence();
    try {
      for (let j = next++; j < jobs.length; j = next++) {
        const sample = await generateOne(m, seq, spec, jobs[j] as Job, () => {
          generated++;
          progress();
        });
        done++;
        post({ type: 'sample', sample });
        progress(true);
      }
    } finally {
      seq.dispose();
    }
  };
  const workers = Math.max(1, Math.min(spec.parallel, jobs.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return { tokens: generated };
}
