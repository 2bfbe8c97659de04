// Tokens/s of the real-model paths on synthetic GGUFs (random weights; speed only, never a
// result about language): generation with the full-vocabulary distribution at every token
// (the analysis-run path) at several parallel sequence counts, teacher forcing (one batch per
// response), and plain llama.cpp sampling without distributions for comparison.
// Usage: npx tsx scripts/bench-llm.ts [--threads 1,2] [--tokens 64]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTinyLlamaGguf } from '../src-main/llm/gguf/tiny-model';
import type { TinyModelOptions } from '../src-main/llm/gguf/tiny-model';
import { runGenerate } from '../src-main/llm/child/generate';
import { loadModel } from '../src-main/llm/child/model';
import { runTeacherForce } from '../src-main/llm/child/teacher-force';
import type { GenerateSpec, LlmSample } from '../src-main/llm/protocol';

process.env['FORKBENCH_LLM_GPU'] = 'off';
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const threadsList = arg('threads', '1').split(',').map(Number);
const maxTokens = Number(arg('tokens', '64'));

const SHAPES: [string, TinyModelOptions][] = [
  ['tiny (64 wide, 2 layers)', {}],
  [
    'small (256 wide, 4 layers)',
    { embedding: 256, layers: 4, heads: 8, kvHeads: 4, feedForward: 768 },
  ],
];
const problems = Array.from({ length: 8 }, (_, i) => ({
  id: `p${i}`,
  prompt: `Let us check the answer: what is ${i} plus ${i + 3}? wait, so the sum is`,
  answer: String(2 * i + 3),
}));

const dir = mkdtempSync(join(tmpdir(), 'fb-bench-llm-'));
try {
  console.log(`| model | params | threads | path | parallel | tokens | tokens/s |`);
  console.log(`| --- | --- | --- | --- | --- | --- | --- |`);
  for (const [label, shape] of SHAPES) {
    const path = join(dir, 'm.gguf');
    const bytes = buildTinyLlamaGguf({ ...shape, seed: 1 });
    writeFileSync(path, bytes);
    const params = `${(bytes.length / 4 / 1e6).toFixed(2)}M`;
    for (const threads of threadsList) {
      for (const parallel of [1, 4]) {
        const m = await loadModel({ modelPath: path, contextSize: 1024, parallel, threads });
        const spec: GenerateSpec = {
          kind: 'generate',
          modelPath: path,
          contextSize: 1024,
          parallel,
          threads,
          problems,
          sampling: {
            temperature: 1,
            topP: 1,
            maxTokens,
            samplesPerProblem: 1,
            seed: 0,
            chat: false,
            thinking: 'auto',
            instruction: '',
          },
          alternatives: 3,
        };
        const samples: LlmSample[] = [];
        let t0 = performance.now();
        const { tokens } = await runGenerate(
          m,
          spec,
          (msg) => msg.type === 'sample' && samples.push(msg.sample),
        );
        let s = (performance.now() - t0) / 1000;
        console.log(
          `| ${label} | ${params} | ${threads} | generate + full distribution | ${parallel} | ${tokens} | ${(tokens / s).toFixed(0)} |`,
        );
        // A fresh context: sequences a finished job disposed are not handed out again at once.
        await m.dispose();
        const m2 = await loadModel({ modelPath: path, contextSize: 1024, parallel, threads });
        t0 = performance.now();
        const tf = await runTeacherForce(
          m2,
          {
            kind: 'teacher-force',
            modelPath: path,
            contextSize: 1024,
            parallel,
            threads,
            temperature: 1,
            alternatives: 3,
            items: samples.map((x) => ({
              prompt: x.prompt,
              response: x.response,
              reward: 0,
              correct: false,
              tokens: x.tokens,
            })),
          },
          () => undefined,
        );
        s = (performance.now() - t0) / 1000;
        console.log(
          `| ${label} | ${params} | ${threads} | teacher forcing | ${parallel} | ${tf.tokens} | ${(tf.tokens / s).toFixed(0)} |`,
        );
        await m2.dispose();
        if (parallel === 1) {
          // llama.cpp's own sampler, no distributions copied out: the binding's ceiling here.
          const m3 = await loadModel({ modelPath: path, contextSize: 1024, parallel, threads });
          const seq = m3.context.getSequence();
          let n = 0;
          t0 = performance.now();
          for (const p of problems) {
            await seq.clearHistory();
            for await (const _ of seq.evaluate(m3.model.tokenize(p.prompt), {
              temperature: 1,
              topK: 0,
              topP: 1,
            })) {
              void _;
              if (++n % maxTokens === 0) break;
            }
          }
          s = (performance.now() - t0) / 1000;
          seq.dispose();
          console.log(
            `| ${label} | ${params} | ${threads} | plain sampling (no distribution) | 1 | ${n} | ${(n / s).toFixed(0)} |`,
          );
          await m3.dispose();
        }
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
