// The node-llama-cpp side of every LLM job: loads the binding (prebuilt binaries only; never a
// build at run time), a model and one context with `parallel` sequences, and asks llama.cpp for
// the full next-token distribution at given positions. Runs only in an LLM child process.
import type {
  ControlledEvaluateInputItem,
  Llama,
  LlamaContext,
  LlamaContextSequence,
  LlamaModel,
  Token,
} from 'node-llama-cpp';
import type { LlmToHost, ModelLoadSettings } from '../protocol';
import { logProbsFromMap } from '../distribution';

/** Asked at T=1 with no truncation: llama.cpp then returns every token's probability. */
export const FULL_DISTRIBUTION = { temperature: 1, topK: 0, topP: 1, minP: 0 } as const;

let llamaPromise: Promise<Llama> | undefined;

/** The binding, once per process. FORKBENCH_LLM_GPU=off forces the CPU build. */
export function loadBinding(): Promise<Llama> {
  llamaPromise ??= (async () => {
    const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
    const gpu = process.env['FORKBENCH_LLM_GPU'] === 'off' ? false : 'auto';
    return getLlama({ gpu, build: 'never', logLevel: LlamaLogLevel.error, progressLogs: false });
  })();
  return llamaPromise;
}

export function deviceOf(llama: Llama): string {
  return llama.gpu === false ? 'cpu' : llama.gpu;
}

export interface LoadedModel {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  vocabSize: number;
  contextSize: number;
  seconds: number;
  dispose(): Promise<void>;
}

export async function loadModel(s: ModelLoadSettings): Promise<LoadedModel> {
  const t0 = performance.now();
  const llama = await loadBinding();
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: s.modelPath });
  } catch (err) {
    const arch = /unknown model architecture: '([^']+)'/.exec(String(err));
    if (arch)
      throw new Error(
        `llama.cpp ${llama.buildType} does not support the architecture "${arch[1]}" of ${s.modelPath}`,
        { cause: err },
      );
    throw new Error(`llama.cpp cannot load ${s.modelPath}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const trained = model.trainContextSize;
  const contextSize = Math.min(s.contextSize, trained > 0 ? trained : s.contextSize);
  const context = await model.createContext({
    contextSize,
    sequences: Math.max(1, s.parallel),
    ...(s.threads > 0 ? { threads: s.threads } : {}),
  });
  return {
    llama,
    model,
    context,
    vocabSize: model.fileInfo.metadata.tokenizer.ggml.tokens.length,
    contextSize,
    seconds: (performance.now() - t0) / 1000,
    dispose: async () => {
      await context.dispose();
      await model.dispose();
    },
  };
}

/**
 * Evaluates `tokens` on `seq` and returns, for each index in `at` (positions in `tokens`), the
 * full-vocabulary log-probabilities of the token that follows it, in one llama.cpp batch.
 */
export async function distributionsAfter(
  seq: LlamaContextSequence,
  tokens: readonly Token[],
  at: ReadonlySet<number>,
  vocabSize: number,
): Promise<Map<number, Float64Array>> {
  const input: ControlledEvaluateInputItem[] = tokens.map((t, i) =>
    at.has(i) ? [t, { generateNext: { probabilities: true, options: FULL_DISTRIBUTION } }] : t,
  );
  const out = await seq.controlledEvaluate(input);
  const result = new Map<number, Float64Array>();
  for (const i of at) {
    const probs = out[i]?.next?.probabilities;
    if (!probs) throw new Error(`llama.cpp returned no distribution at position ${i}`);
    result.set(i, logProbsFromMap(probs, vocabSize));
  }
  return result;
}

/** Decoded text of each token id (special tokens spelled out). */
export function piecesOf(
  model: LlamaModel,
  ids: Iterable<number>,
  into: Record<number, string> = {},
) {
  for (const t of ids) into[t] ??= model.detokenize([t as Token], true);
  return into;
}

/** The first message of every job once its model is loaded. */
export function loadedMessage(
  m: LoadedModel,
  chatWrapper: string | null,
): Extract<LlmToHost, { type: 'loaded' }> {
  return {
    type: 'loaded',
    device: deviceOf(m.llama),
    vocabSize: m.vocabSize,
    chatWrapper,
    seconds: m.seconds,
  };
}
