// Real-model analysis end to end on the tiny synthetic GGUF: the registry validates files, an
// analysis run generates in a child process (node-llama-cpp), and what it stored is checked here
// against the binding's own full-vocabulary distribution at the sampling temperature.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Method,
  Request,
  Responses,
  Result,
  TemperatureResult,
} from '../../../src-main/contract';
import { buildTinyLlamaGguf } from '../../../src-main/llm/gguf/tiny-model';
import { writeGguf } from '../../../src-main/llm/gguf/writer';
import type { Workbench } from '../../../src-main/services/workbench';
import { createWorkbench } from '../../../src-main/services/workbench';
import { openStore } from '../../../src-main/store';

process.env['FORKBENCH_LLM_GPU'] = 'off';
let dir: string;
let wb: Workbench;
let modelPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-llm-'));
  modelPath = join(dir, 'tiny.gguf');
  writeFileSync(modelPath, buildTinyLlamaGguf({ seed: 7 }));
  wb = createWorkbench(openStore(join(dir, 'forkbench.db')), 'http');
});

afterAll(async () => {
  await wb?.shutdown();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function api<M extends Method>(method: M, payload: Request<M>): Promise<Result<Responses[M]>> {
  return wb.call(method, payload) as Promise<Result<Responses[M]>>;
}

async function ok<M extends Method>(method: M, payload: Request<M>): Promise<Responses[M]> {
  const r = await api(method, payload);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
}

async function untilEnded(runId: number, timeoutMs = 90_000) {
  const t0 = Date.now();
  for (;;) {
    const run = wb.store.runs.get(runId);
    if (run && run.status !== 'running') return run;
    if (Date.now() - t0 > timeoutMs) throw new Error(`run ${runId} did not end`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const problems = [
  { id: 'p1', prompt: 'What is 2 + 3? Let us check the answer.', answer: '5' },
  { id: 'p2', prompt: 'How many apples are left if we have 12 and add 10?', answer: '22' },
];
const sampling = {
  temperature: 0.8,
  topP: 0.95,
  maxTokens: 20,
  samplesPerProblem: 2,
  seed: 3,
  chat: true,
  thinking: 'auto' as const,
  instruction: '',
};

describe('models registry', () => {
  it('refuses a missing file, a non-GGUF file and an unsupported architecture, writing nothing', async () => {
    const missing = await api('llm.models.add', { path: join(dir, 'nope.gguf') });
    expect(!missing.ok && missing.error.message).toMatch(/no file at/);
    const text = join(dir, 'readme.gguf');
    writeFileSync(text, 'not a model');
    const notGguf = await api('llm.models.add', { path: text });
    expect(!notGguf.ok && notGguf.error).toMatchObject({ code: 'invalid_request', field: 'path' });
    expect(!notGguf.ok && notGguf.error.message).toMatch(/not a GGUF file/);
    const odd = join(dir, 'odd.gguf');
    writeFileSync(
      odd,
      writeGguf(
        [
          ['general.architecture', { type: 'string', value: 'nosucharch' }],
          ['nosucharch.block_count', { type: 'u32', value: 1 }],
        ],
        [],
      ),
    );
    const unsupported = await api('llm.models.add', { path: odd });
    expect(!unsupported.ok && unsupported.error.message).toMatch(
      /does not support the architecture "nosucharch"/,
    );
    expect(wb.store.llmModels.list()).toEqual([]);
  });

  it('adds the tiny model and lists it with its header facts and the device', async () => {
    const added = await ok('llm.models.add', { path: modelPath });
    expect(added).toMatchObject({
      architecture: 'llama',
      quantization: 'F32',
      contextLength: 1024,
      problem: null,
    });
    const again = await api('llm.models.add', { path: modelPath });
    expect(!again.ok && again.error.code).toBe('conflict');
    const list = await ok('llm.models.list', {});
    expect(list.models.map((m) => m.path)).toEqual([modelPath]);
    expect(list.binding).toMatchObject({ available: true, device: 'cpu' });
  });
});

describe('analysis run on the tiny model', () => {
  let runId: number;

  it('refuses a prompt that overflows the context before writing anything', async () => {
    const modelId = (wb.store.llmModels.list()[0] as { id: number }).id;
    const runsBefore = wb.store.runs.list().length;
    const r = await api('llm.analyze', {
      modelId,
      problems: [{ id: 'long', prompt: 'wait so '.repeat(80), answer: '1' }],
      sampling,
      contextSize: 64,
      threads: 1,
    });
    expect(!r.ok && r.error.message).toMatch(
      /problem long: its prompt is \d+ tokens, the context holds 64/,
    );
    expect(wb.store.runs.list().length).toBe(runsBefore);
  });

  it('generates in a child process and stores every token with entropy, log-prob, alternatives and text', async () => {
    const modelId = (wb.store.llmModels.list()[0] as { id: number }).id;
    const started = await ok('llm.analyze', {
      modelId,
      problems,
      sampling,
      contextSize: 512,
      parallel: 2,
      threads: 1,
    });
    expect(started).toMatchObject({ device: 'cpu', samples: 4 });
    expect(started.chatWrapper).toBeTruthy();
    runId = started.runId;
    const run = await untilEnded(runId);
    expect(run.status).toBe('finished');
    expect(run.backend).toBe('llama.cpp');
    const rows = wb.store.rollouts.list(runId, 0);
    expect(rows.map((r) => r.idx)).toEqual([0, 1, 2, 3]);
    for (const r of rows) {
      expect(r.tokens.length).toBeGreaterThan(0);
      expect(r.entropies.length).toBe(r.tokens.length);
      expect(r.logprobs?.length).toBe(r.tokens.length);
      expect(r.alternatives?.k).toBe(3);
      expect(r.prompt).toContain('<|im_start|>user');
      const pieces = r.extra?.['pieces'] as Record<string, string>;
      for (const t of r.tokens) expect(typeof pieces[t]).toBe('string');
    }
    expect(wb.store.logs.tail(runId).some((l) => /ETA/.test(l.message))).toBe(true);
    expect(wb.store.metrics.summaries(runId).map((s) => s.key)).toContain('entropy/mean');
  });

  it('stored entropies are −Σ p log p of the full distribution the binding returns at T', async () => {
    const { getLlama } = await import('node-llama-cpp');
    const llama = await getLlama({ gpu: false, build: 'never' });
    const model = await llama.loadModel({ modelPath });
    const context = await model.createContext({ contextSize: 512, threads: 1 });
    const seq = context.getSequence();
    const vocab = model.fileInfo.metadata.tokenizer.ggml.tokens.length;
    const rows = wb.store.rollouts.list(runId, 0);
    let checked = 0;
    for (const r of rows) {
      await seq.clearHistory();
      const prompt = model.tokenize(r.prompt, true);
      const all = [...prompt, ...(r.tokens as Token[])];
      const out = await seq.controlledEvaluate(
        all.slice(0, -1).map((t, i) =>
          i >= prompt.length - 1
            ? [
                t,
                {
                  generateNext: {
                    probabilities: true,
                    options: { temperature: sampling.temperature, topK: 0, topP: 1, minP: 0 },
                  },
                },
              ]
            : t,
        ),
      );
      r.tokens.forEach((tok, j) => {
        const probs = out[prompt.length - 1 + j]?.next.probabilities as Map<number, number>;
        expect(probs.size).toBe(vocab); // the whole vocabulary, not a top-k
        let h = 0;
        for (const p of probs.values()) if (p > 0) h -= p * Math.log(p);
        expect(r.entropies[j]).toBeCloseTo(h, 3);
        expect(r.logprobs?.[j]).toBeCloseTo(Math.log(probs.get(tok) as number), 3);
        const alt = r.alternatives as { tokens: number[]; probs: number[] };
        const top = [...probs.entries()].sort((a, b) => b[1] - a[1])[0] as [number, number];
        expect(alt.tokens[j * 3]).toBe(top[0]);
        expect(alt.probs[j * 3]).toBeCloseTo(top[1], 2);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(8);
    await context.dispose();
    await model.dispose();
  });

  it('the lens reads the run: decoded pieces as token text, histogram and token table', async () => {
    const list = await ok('rollouts.list', { runId, step: 0 });
    const row = wb.store.rollouts.list(runId, 0)[0];
    const pieces = row?.extra?.['pieces'] as Record<string, string>;
    for (const t of row?.tokens ?? []) expect(list.vocab[t]).toBe(pieces[t]);
    const ent = await ok('analysis.entropy', { runId, minCount: 0 });
    expect(ent.tokens).toBe(
      wb.store.rollouts.list(runId, 0).reduce((n, r) => n + r.tokens.length, 0),
    );
    expect(ent.tokenTable.highest.length).toBeGreaterThan(0);
    for (const r of ent.tokenTable.highest) expect(r.text).not.toMatch(/^<?unk|^\?$/);
  });

  it('teacher-forces the run under the same model: same tokens, same entropies, overlap 100%', async () => {
    const modelId = (wb.store.llmModels.list()[0] as { id: number }).id;
    const tf = await ok('llm.teacherForce', {
      runId,
      modelId,
      temperature: sampling.temperature,
      contextSize: 512,
      threads: 1,
    });
    const run = await untilEnded(tf.runId);
    expect(run.status).toBe('finished');
    const a = wb.store.rollouts.list(runId, 0);
    const b = wb.store.rollouts.list(tf.runId, 0);
    expect(b.length).toBe(a.length);
    // One vocabulary: the very token ids are scored, so entropies equal the generation's.
    a.forEach((s, i) => {
      expect(b[i]?.tokens).toEqual(s.tokens);
      s.entropies.forEach((e, j) => expect(b[i]?.entropies[j]).toBeCloseTo(e, 3));
    });
    const overlap = wb.store.metrics.summaries(tf.runId).find((m) => m.key === 'overlap/top20');
    expect(overlap?.last).toBeCloseTo(1, 6);
  });

  it('runs Fig. 3 (two temperatures) on the model as an analysis job with avg@k and standard errors', async () => {
    process.env['FORKBENCH_LLM_THREADS'] = '1';
    const job = await ok('analysis.start', {
      runId,
      kind: 'temperature',
      options: { k: 2, grid: [0, 1, 2], percentile: 80 },
    });
    const t0 = Date.now();
    let row = wb.store.analysisResults.get(job.id);
    while (row?.status === 'running' && Date.now() - t0 < 90_000) {
      await new Promise((r) => setTimeout(r, 200));
      row = wb.store.analysisResults.get(job.id);
    }
    expect(row?.error ?? null).toBeNull();
    expect(row?.status).toBe('done');
    const result = row?.result as TemperatureResult;
    expect(result.grid).toEqual([0, 1, 2]);
    expect(result.varyHigh.map((p) => [p.tHigh, p.tLow])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    expect(result.varyLow.map((p) => [p.tHigh, p.tLow])).toEqual([
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(result.problems).toBe(2);
    expect(result.threshold).toBeGreaterThan(0);
    // About a fifth of the calibration point's tokens lie above its own 80th percentile.
    expect(result.varyHigh[1]?.highShare).toBeGreaterThan(0.1);
    expect(result.varyHigh[1]?.highShare).toBeLessThan(0.3);
    for (const p of [...result.varyHigh, ...result.varyLow])
      expect(p.stderr).toBeGreaterThanOrEqual(0);
  });
});
