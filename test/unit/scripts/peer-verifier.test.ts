// The PyTorch peer RL step scores its rollouts with a Python port of the pair-search verifier,
// the tokenizer's decode and the overlong shaping (scripts/peer/pair_search.py). Both benches
// must reward the same completions, so the port is checked against the TypeScript originals on
// hand-picked edge cases and on demonstrations and mutations drawn from the task itself.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { overlongPenalty } from '../../../src-main/engine/rl/shaping';
import { createRng } from '../../../src-main/engine/rng';
import { createPairSearchTask, verifyPairSearch } from '../../../src-main/engine/tasks/pair-search';
import { BOS_ID, EOS_ID, PAD_ID, VOCAB, decode } from '../../../src-main/engine/tokenizer';
import { PYTHON } from '../../../scripts/peer/torch-rl';

const SCRIPT = resolve(import.meta.dirname, '../../../scripts/peer/pair_search.py');

interface Case {
  nums: number[];
  target: number;
  response: string;
}

const EDGE: Case[] = [
  { nums: [3, 8, 5, 2, 7], target: 13, response: 'try 3+2=5 no\ntry 8+5=13 yes\nboxed 8+5' },
  { nums: [3, 8, 5, 2, 7], target: 13, response: 'boxed 5+8' },
  { nums: [3, 8, 5, 2, 7], target: 13, response: 'boxed 3+2' },
  { nums: [3, 8, 5, 2, 7], target: 13, response: 'try 8+5=13 yes' },
  { nums: [4, 1, 2, 9, 6], target: 8, response: 'boxed 4+4' },
  { nums: [4, 1, 4, 9, 6], target: 8, response: 'boxed 4+4' },
  { nums: [4, 1, 4, 9, 6], target: 8, response: 'boxed 4 + 4\ntry 1+1' },
  { nums: [4, 1, 4, 9, 6], target: 8, response: 'boxed 1+7 boxed 4+4' },
  { nums: [4, 1, 4, 9, 6], target: 8, response: 'boxed 4+4 boxed 1+7' },
  { nums: [4, 1, 4, 9, 6], target: 8, response: 'boxed 04+4' },
  { nums: [4, 1, 4, 9, 6], target: 8, response: 'boxed 4+4 no' },
  { nums: [4, 1, 4, 9, 6], target: 8, response: 'boxed  4+4  ' },
  { nums: [4, 1, 4, 9, 6], target: 8, response: 'boxed' },
  { nums: [4, 1, 4, 9, 6], target: 8, response: 'boxed 4+' },
  { nums: [4, 1, 4, 9, 6], target: 8, response: 'boxed 4-4' },
  { nums: [4, 1, 4, 9, 6], target: 8, response: 'boxedboxed 4+4' },
  { nums: [4, 1, 4, 9, 6], target: 8, response: '' },
  { nums: [4, 1, 4, 9, 6], target: 8, response: 'boxed 4+4\n' },
];

/** Demonstrations of sampled problems, and each with its last answer replaced by noise. */
function drawnCases(n: number): Case[] {
  const task = createPairSearchTask();
  const rng = createRng(7);
  const out: Case[] = [];
  const junk = ['', ' ', '+', '1', '9', '12', ' no', '\n', 'boxed ', '3+', '+3', '=', 'a'];
  for (let i = 0; i < n; i++) {
    const p = task.sampleProblem(rng, i % 2 ? 'train' : 'eval');
    const nums = p.numbers.slice(0, -1);
    const target = p.numbers.at(-1)!;
    const demo = task.demonstration(p, rng);
    out.push({ nums, target, response: demo });
    let noisy = demo;
    for (let k = 0; k < 3; k++) {
      const at = rng.int(noisy.length + 1);
      noisy = noisy.slice(0, at) + rng.pick(junk) + noisy.slice(at + rng.int(2));
    }
    out.push({ nums, target, response: noisy });
    const a = rng.pick(nums);
    const b = rng.range(0, 12);
    out.push({ nums, target, response: `boxed ${a}+${b}` });
  }
  return out;
}

function python(query: object): {
  verify: [boolean, string][];
  decode: string[];
  overlong: number[];
} {
  const r = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(query), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pair_search.py failed: ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout);
}

describe('peer pair-search scoring (Python) agrees with the TypeScript task', () => {
  const cases = [...EDGE, ...drawnCases(150)];
  const rng = createRng(11);
  const rows = Array.from({ length: 60 }, () =>
    Array.from({ length: rng.int(20) }, () => rng.int(VOCAB.length + 2)),
  );
  const overlong: [number, number, number, number][] = [
    [10, 60, 6, 1],
    [54, 60, 6, 1],
    [55, 60, 6, 1],
    [58, 60, 6, 1],
    [60, 60, 6, 1],
    [61, 60, 6, 0.5],
    [60, 60, 0, 1],
    [60, 60, 6, 0],
  ];
  const out = python({
    verify: cases,
    vocab: [...VOCAB],
    skip: [PAD_ID, BOS_ID, EOS_ID],
    decode: rows.map((r) => r.filter((id) => id < VOCAB.length)),
    overlong,
  });

  it('gives the same verdict and reason on every case', () => {
    const ts = cases.map((c) => {
      const v = verifyPairSearch({ nums: c.nums, target: c.target }, c.response);
      return [v.correct, v.reason];
    });
    expect(out.verify).toEqual(ts);
    // The cases exercise both outcomes and several reasons, so agreement means something.
    const reasons = new Set(ts.map((v) => v[1]));
    expect(reasons.size).toBeGreaterThanOrEqual(5);
  });

  it('decodes token ids to the same text', () => {
    expect(out.decode).toEqual(rows.map((r) => decode(r.filter((id) => id < VOCAB.length))));
  });

  it('shapes overlong rewards the same way', () => {
    out.overlong.forEach((v, i) => expect(v).toBeCloseTo(overlongPenalty(...overlong[i]!), 12));
  });
});
