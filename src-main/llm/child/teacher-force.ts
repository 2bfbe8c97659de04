// Teacher forcing: the entropy of every response token of given text under this model, all
// positions of one response in a single llama.cpp batch (controlledEvaluate), responses spread
// over the context's sequences. The text is re-tokenised by this model's tokenizer.
import type { Token } from 'node-llama-cpp';
import { entropyOf, temper, topAlternatives } from '../distribution';
import type { LlmToHost, TeacherForceSpec } from '../protocol';
import type { LoadedModel } from './model';
import { loadedMessage, distributionsAfter, piecesOf } from './model';

export async function runTeacherForce(
  m: LoadedModel,
  spec: TeacherForceSpec,
  post: (message: LlmToHost) => void,
): Promise<{ tokens: number }> {
  const encoded = spec.items.map((item, i) => {
    const prompt = m.model.tokenize(item.prompt, true);
    const response = item.tokens
      ? (item.tokens as Token[])
      : m.model.tokenize(item.response, false);
    if (response.some((t) => t >= m.vocabSize))
      throw new Error(`response ${i}: token ids outside this model's vocabulary`);
    if (prompt.length === 0) throw new Error(`response ${i}: the prompt is empty`);
    if (prompt.length + response.length >= m.contextSize)
      throw new Error(
        `response ${i}: prompt and response are ${prompt.length + response.length} tokens, ` +
          `the context holds ${m.contextSize}`,
      );
    return { prompt, response };
  });
  post(loadedMessage(m, null));
  const t0 = performance.now();
  let next = 0;
  let done = 0;
  let tokens = 0;
  const worker = async () => {
    const seq = m.context.getSequence();
    try {
      for (let i = next++; i < encoded.length; i = next++) {
        const { prompt, response } = encoded[i] as { prompt: Token[]; response: Token[] };
        const item = spec.items[i] as TeacherForceSpec['items'][number];
        await seq.clearHistory();
        const all = [...prompt, ...response];
        // Position j of `all` predicts token j+1: the last prompt token predicts response[0].
        const at = new Set(response.map((_, r) => prompt.length - 1 + r));
        const dists = response.length
          ? await distributionsAfter(seq, all.slice(0, -1), at, m.vocabSize)
          : new Map<number, Float64Array>();
        const entropies: number[] = [];
        const logprobs: number[] = [];
        const altTokens: number[] = [];
        const altProbs: number[] = [];
        response.forEach((tok, r) => {
          const logp = temper(dists.get(prompt.length - 1 + r) as Float64Array, spec.temperature);
          entropies.push(entropyOf(logp));
          logprobs.push(logp[tok] as number);
          for (const a of topAlternatives(logp, spec.alternatives)) {
            altTokens.push(a.token);
            altProbs.push(a.prob);
          }
        });
        tokens += response.length;
        done++;
        post({
          type: 'sample',
          sample: {
            problemIndex: i,
            sampleIndex: 0,
            prompt: item.prompt,
            response: item.response,
            tokens: [...response],
            entropies,
            logprobs,
            alternatives: { k: spec.alternatives, tokens: altTokens, probs: altProbs },
            pieces: piecesOf(m.model, [...response, ...altTokens]),
            correct: item.correct,
            reward: item.reward,
            extracted: null,
            stop: 'teacher-forced',
          },
        });
        post({
          type: 'progress',
          done,
          total: encoded.length,
          tokens,
          elapsedMs: performance.now() - t0,
        });
      }
    } finally {
      seq.dispose();
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(spec.parallel, encoded.length)) }, worker),
  );
  return { tokens };
}
