// Real language models (local GGUF files through node-llama-cpp): the models registry and the
// analysis runs generated or teacher-forced by them. Merged into api.ts.
import { z } from 'zod';

const id = z.number().int().positive();

export const llmSamplingSchema = z
  .object({
    temperature: z.number().gt(0).max(5).default(0.6),
    topP: z.number().gt(0).max(1).default(0.95),
    maxTokens: z.number().int().min(1).max(32_768).default(512),
    samplesPerProblem: z.number().int().min(1).max(64).default(1),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .default(0),
    chat: z.boolean().default(true),
    thinking: z.enum(['auto', 'off']).default('auto'),
    instruction: z
      .string()
      .max(2000)
      .default('Reason step by step and put the final answer in \\boxed{}.'),
  })
  .strict();

const problem = z
  .object({
    id: z.string().min(1).max(200),
    prompt: z.string().min(1).max(20_000),
    answer: z.string().max(1000),
  })
  .strict();

export const llmRequestSchemas = {
  /** Registered models, and whether (and on which device) this machine can run them. */
  'llm.models.list': z.object({}).strict(),
  /** Registers a GGUF file already on disk (absolute path); its header is read and checked. */
  'llm.models.add': z.object({ path: z.string().min(1).max(4096) }).strict(),
  'llm.models.remove': z.object({ id }).strict(),
  /** Shipped prompt sets (name, licence, problem count). */
  'llm.promptSets.list': z.object({}).strict(),
  /**
   * Starts an analysis run: the model samples every problem (a shipped prompt set or the caller's
   * own), storing per token the full-vocabulary entropy, log-prob, alternatives and text. Answers
   * once the model loaded and every prompt fits the context (nothing is written before that).
   */
  'llm.analyze': z
    .object({
      modelId: id,
      promptSet: z.string().min(1).max(100).optional(),
      problems: z.array(problem).min(1).max(5000).optional(),
      limit: z.number().int().min(1).max(5000).optional(),
      sampling: llmSamplingSchema.optional(),
      contextSize: z.number().int().min(64).max(131_072).default(4096),
      parallel: z.number().int().min(1).max(64).default(4),
      /** llama.cpp CPU threads; 0 = FORKBENCH_LLM_THREADS or llama.cpp's default (all cores). */
      threads: z.number().int().min(0).max(256).default(0),
      name: z.string().trim().min(1).max(200).optional(),
    })
    .strict()
    .refine((r) => r.promptSet !== undefined || r.problems !== undefined, {
      message: 'give a promptSet or problems',
      path: ['promptSet'],
    }),
  /**
   * Teacher forcing: the responses of run `runId` (any run with stored rollouts) re-scored by
   * model `modelId`; stored as a new run. When both tokenise alike, the top-20% position overlap
   * with the source (Table 1) is recorded as metric overlap/top20.
   */
  'llm.teacherForce': z
    .object({
      runId: id,
      modelId: id,
      step: z.number().int().min(0).optional(),
      temperature: z.number().gt(0).max(5).default(1),
      contextSize: z.number().int().min(64).max(131_072).default(4096),
      parallel: z.number().int().min(1).max(64).default(4),
      threads: z.number().int().min(0).max(256).default(0),
    })
    .strict(),
};

/** What a registered GGUF file says about itself (read from its header). */
export interface LlmModelFile {
  path: string;
  name: string;
  architecture: string;
  bytes: number;
  quantization: string;
  contextLength: number | null;
  parameters: number | null;
  vocabSize: number | null;
  chatTemplate: boolean;
}

export interface LlmModel extends LlmModelFile {
  id: number;
  addedAt: string;
  /** Whether the file is still there and whether this llama.cpp build knows its architecture. */
  problem: string | null;
}

export interface LlmBindingStatus {
  available: boolean;
  error: string | null;
  device: string | null;
  deviceNames: string[];
  bindingVersion: string | null;
}

export interface LlmPromptSet {
  name: string;
  label: string;
  licence: string;
  problems: number;
}

export interface LlmModelsList {
  models: LlmModel[];
  binding: LlmBindingStatus;
}

export interface LlmResponses {
  'llm.models.list': LlmModelsList;
  'llm.models.add': LlmModel;
  'llm.models.remove': { deleted: true };
  'llm.promptSets.list': LlmPromptSet[];
  'llm.analyze': { runId: number; device: string; chatWrapper: string | null; samples: number };
  'llm.teacherForce': { runId: number; device: string; samples: number };
}
