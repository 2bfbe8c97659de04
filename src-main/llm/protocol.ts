// Messages between the main process and an LLM child process (child/llm-entry.ts). Plain data
// (structured clone). The child loads node-llama-cpp and the model; the main process only
// writes what it is told into SQLite.
import type { TemperatureResult } from '../contract/api-analysis';

export interface PromptProblem {
  id: string;
  prompt: string;
  answer: string;
}

export interface SamplingSettings {
  temperature: number;
  topP: number;
  maxTokens: number;
  samplesPerProblem: number;
  seed: number;
  /** Wrap prompts in the model's chat template (when it has one). */
  chat: boolean;
  /** Thinking mode for models whose chat wrapper has one (Qwen3): 'auto' or 'off'. */
  thinking: 'auto' | 'off';
  /** Prepended to each problem (e.g. "put the final answer in \\boxed{}"). */
  instruction: string;
}

export interface ModelLoadSettings {
  modelPath: string;
  contextSize: number;
  /** Sequences evaluated together in one llama.cpp batch. */
  parallel: number;
  /** CPU threads for llama.cpp (0 = its default). */
  threads: number;
}

export interface GenerateSpec extends ModelLoadSettings {
  kind: 'generate';
  problems: PromptProblem[];
  sampling: SamplingSettings;
  alternatives: number;
}

export interface TeacherForceItem {
  /** The exact prompt text (already templated) and the response text to score. */
  prompt: string;
  response: string;
  reward: number;
  correct: boolean;
  /** The response's token ids, given when both models share one vocabulary (used as they are). */
  tokens?: number[];
}

export interface TeacherForceSpec extends ModelLoadSettings {
  kind: 'teacher-force';
  temperature: number;
  items: TeacherForceItem[];
  alternatives: number;
}

/** Fig. 3 on a real model: T_high where the T=1 entropy exceeds τ, T_low elsewhere. */
export interface TemperatureSweepSpec extends ModelLoadSettings {
  kind: 'temperature';
  runId: number;
  promptSetLabel: string;
  problems: PromptProblem[];
  /** Everything but the temperature comes from the analysis run's sampling. */
  sampling: SamplingSettings;
  k: number;
  grid: number[];
  /** τ's percentile of the model's own T=1 entropies (measured on the T_high = T_low = 1 point). */
  percentile: number;
  /** A given τ instead (nats). */
  threshold?: number;
}

export interface ProbeSpec {
  kind: 'probe';
}

export type LlmJobSpec = GenerateSpec | TeacherForceSpec | TemperatureSweepSpec | ProbeSpec;

/** One scored response, token by token (the rollout row the host stores). */
export interface LlmSample {
  problemIndex: number;
  sampleIndex: number;
  prompt: string;
  response: string;
  tokens: number[];
  entropies: number[];
  logprobs: number[];
  alternatives: { k: number; tokens: number[]; probs: number[] };
  /** Decoded text of every token id in tokens and alternatives. */
  pieces: Record<number, string>;
  correct: boolean;
  reward: number;
  extracted: string | null;
  /** Why generation stopped: 'eos' | 'max_tokens' | 'context'. */
  stop: string;
}

export interface ProbeResult {
  available: boolean;
  /** Why the binding cannot load (when not available). */
  error: string | null;
  /** 'cpu', 'cuda', 'vulkan' or 'metal'. */
  device: string | null;
  /** The GPU's name(s), or the CPU build. */
  deviceNames: string[];
  architectures: string[];
  bindingVersion: string | null;
}

export type LlmToHost =
  | {
      type: 'loaded';
      device: string;
      vocabSize: number;
      chatWrapper: string | null;
      seconds: number;
    }
  | { type: 'sample'; sample: LlmSample }
  | { type: 'progress'; done: number; total: number; tokens: number; elapsedMs: number }
  | { type: 'probe'; result: ProbeResult }
  | { type: 'done'; tokens: number; seconds: number; result?: TemperatureResult }
  | { type: 'error'; error: string };

export type HostToLlm = { type: 'start'; spec: LlmJobSpec };
