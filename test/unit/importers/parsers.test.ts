// The import parsers on files in each engine's exact formats (shapes from research/scale-out.md
// B.2–B.5, C.3; numbers made up).
import { describe, expect, it } from 'vitest';
import { parseJsonish } from '../../../src-main/importers/jsonish';
import { forkbenchKey, tensorboardDialect } from '../../../src-main/importers/metric-names';
import { planImport } from '../../../src-main/importers/plan';
import { parseTrainerState, parseTrlCompletions } from '../../../src-main/importers/trl';
import {
  parseVerlConsole,
  parseVerlJsonl,
  parseVerlRollouts,
} from '../../../src-main/importers/verl';

const enc = (s: string) => new TextEncoder().encode(s);

describe('Python-style JSON', () => {
  it('reads bare NaN, Infinity and -Infinity outside strings only', () => {
    expect(parseJsonish('{"a": NaN, "b": [Infinity, -Infinity], "c": "NaN Infinity"}')).toEqual({
      a: NaN,
      b: [Infinity, -Infinity],
      c: 'NaN Infinity',
    });
  });
});

describe('verl file logger JSONL', () => {
  it('reads step/data lines, tolerates non-finite values, reports a truncated last line', () => {
    const text = [
      '{"step": 0, "data": {"val-core/math__aime_repeated_8x/acc/mean@1": 0.271}}',
      '{"step": 1, "data": {"critic/score/mean": 0.312, "actor/entropy": NaN, "actor/grad_norm": Infinity}}',
      '{"step": 2, "data": {"critic/score/mean": 0.4',
    ].join('\n');
    const p = parseVerlJsonl(text, 100);
    expect(p.points).toEqual([
      { key: 'val-core/math__aime_repeated_8x/acc/mean@1', step: 0, value: 0.271, wallTime: 100 },
      { key: 'critic/score/mean', step: 1, value: 0.312, wallTime: 100 },
      { key: 'actor/entropy', step: 1, value: NaN, wallTime: 100 },
      { key: 'actor/grad_norm', step: 1, value: Infinity, wallTime: 100 },
    ]);
    expect(p.skipped).toEqual([{ line: 3, reason: 'not valid JSON (truncated or malformed)' }]);
  });

  it('merges the files of a resumed run by step, the later attempt winning', () => {
    const plan = planImport([
      {
        path: '/out/fb-run1-top/logs/fb-run1-top-20261201000000.jsonl',
        mtime: 1,
        bytes: enc(
          '{"step":1,"data":{"critic/score/mean":0.1}}\n{"step":2,"data":{"critic/score/mean":0.2}}\n',
        ),
      },
      {
        path: '/out/fb-run1-top/logs/fb-run1-top-20261202000000.jsonl',
        mtime: 2,
        bytes: enc(
          '{"step":2,"data":{"critic/score/mean":0.25}}\n{"step":3,"data":{"critic/score/mean":0.3}}\n',
        ),
      },
    ]);
    expect(plan.runs).toHaveLength(1);
    const run = plan.runs[0]!;
    expect(run.engine).toBe('verl');
    expect(run.points.filter((p) => p.key === 'reward/mean').map((p) => [p.step, p.value])).toEqual(
      [
        [1, 0.1],
        [2, 0.25],
        [3, 0.3],
      ],
    );
    expect(run.keyMap['reward/mean']).toBe('critic/score/mean');
  });
});

describe('verl console log', () => {
  it('strips ANSI colours and Ray prefixes, unwraps numpy reprs, reads old 3-decimal lines', () => {
    const text = [
      '\u001b[36m(TaskRunner pid=4242)\u001b[0m step:1 - critic/score/mean:np.float64(0.3125) - actor/entropy:0.618 - training/flag:True',
      'Training Progress:  10%|█         | 1/10 [00:10<01:30]\rstep:2 - critic/score/mean:0.400 - actor/pg_clipfrac:nan - note:abc',
      'unrelated line',
    ].join('\n');
    const p = parseVerlConsole(text, 5);
    expect(p.points.map((x) => [x.key, x.step, x.value])).toEqual([
      ['critic/score/mean', 1, 0.3125],
      ['actor/entropy', 1, 0.618],
      ['training/flag', 1, 1],
      ['critic/score/mean', 2, 0.4],
      ['actor/pg_clipfrac', 2, NaN],
    ]);
    expect(p.skipped).toEqual([{ line: 2, reason: '1 item(s) without a number' }]);
  });
});

describe('verl rollout dumps', () => {
  it('reads input/output/score/acc and derives GRPO advantages per prompt', () => {
    const text = [
      '{"input": "q1", "output": "a", "gts": "1", "score": 1.0, "acc": 1.0, "step": 3}',
      '{"input": "q1", "output": "b", "gts": "1", "score": 0.0, "acc": 0.0, "step": 3}',
      '{"input": "q2", "output": "c", "gts": "2", "score": NaN, "step": 3}',
    ].join('\n');
    const p = parseVerlRollouts(text, 3);
    expect(p.samples.map((s) => [s.prompt, s.reward, s.correct])).toEqual([
      ['q1', 1, true],
      ['q1', 0, false],
      ['q2', 0, false],
    ]);
    expect(p.samples[0]!.advantage).toBeCloseTo(1, 4);
    expect(p.samples[1]!.advantage).toBeCloseTo(-1, 4);
    expect(p.samples[0]!.extra.gts).toBe('1');
  });
});

describe('metric names', () => {
  it('maps verl and TRL keys, parses validation keys from the right, keeps the rest', () => {
    expect(forkbenchKey('verl', 'critic/score/mean')).toBe('reward/mean');
    expect(forkbenchKey('verl', 'val-core/openai/gsm8k/acc/mean@1')).toBe(
      'eval/openai/gsm8k/avg@1',
    );
    expect(forkbenchKey('verl', 'val-core/aime/acc/best@4/mean')).toBe('eval/aime/pass@4');
    expect(forkbenchKey('verl', 'perf/throughput')).toBe('perf/throughput');
    expect(forkbenchKey('trl', 'entropy')).toBe('entropy/mean');
    expect(forkbenchKey('trl', 'completions/mean_length')).toBe('response/length_mean');
    expect(forkbenchKey('trl', 'frac_reward_zero_std')).toBe('frac_reward_zero_std');
    expect(tensorboardDialect(['train/reward', 'train/entropy'])).toBe('trl');
    expect(tensorboardDialect(['actor/entropy'])).toBe('verl');
    expect(tensorboardDialect(['reward/mean', 'eval/x/avg@4'])).toBe('tensorboard');
  });
});

describe('TRL', () => {
  const state = (rows: string) => `{
  "best_metric": null,
  "epoch": 0.5,
  "global_step": 3,
  "log_history": [${rows}],
  "max_steps": 3,
  "num_train_epochs": 1
}`;
  it('reads log_history with NaN, eval_ rows, and skips the summary row', () => {
    const p = parseTrainerState(
      state(`{"epoch": 0.1, "grad_norm": NaN, "learning_rate": 1e-06, "reward": 0.25, "entropy": 0.7, "step": 1},
    {"epoch": 0.2, "eval_reward": 0.3, "step": 2},
    {"epoch": 0.5, "step": 3, "total_flos": 0.0, "train_loss": 0.01, "train_runtime": 12.5}`),
      9,
    );
    expect(p.points.map((x) => [x.key, x.step, x.value])).toEqual([
      ['epoch', 1, 0.1],
      ['grad_norm', 1, NaN],
      ['learning_rate', 1, 1e-6],
      ['reward', 1, 0.25],
      ['entropy', 1, 0.7],
      ['epoch', 2, 0.2],
      ['eval_reward', 2, 0.3],
      ['epoch', 3, 0.5],
    ]);
    expect(p.config).toMatchObject({ global_step: 3, max_steps: 3 });
  });
  it('reports a truncated trainer_state.json instead of importing half', () => {
    expect(
      parseTrainerState('{"log_history": [{"step": 1, "reward"', 0).skipped[0]?.reason,
    ).toMatch(/not valid JSON/);
  });
  it('uses the newest checkpoint when there is no final trainer_state.json', () => {
    const plan = planImport([
      {
        path: '/o/run/checkpoint-2/trainer_state.json',
        mtime: 1,
        bytes: enc(state('{"reward": 0.1, "step": 1}, {"reward": 0.2, "step": 2}')),
      },
      {
        path: '/o/run/checkpoint-10/trainer_state.json',
        mtime: 2,
        bytes: enc(
          state(
            '{"reward": 0.1, "step": 1}, {"reward": 0.2, "step": 2}, {"reward": 0.9, "step": 10}',
          ),
        ),
      },
    ]);
    expect(plan.runs).toHaveLength(1);
    expect(plan.runs[0]!.root).toBe('/o/run');
    expect(plan.runs[0]!.points.filter((p) => p.key === 'reward/mean').map((p) => p.step)).toEqual([
      1, 2, 10,
    ]);
    expect(plan.runs[0]!.files.map((f) => f.path)).toEqual([
      '/o/run/checkpoint-10/trainer_state.json',
    ]);
  });
  it('reads completion tables as rollout samples with reward and advantage', () => {
    const p = parseTrlCompletions(
      '{"step": 4, "prompt": "nums 3 4 to 7", "completion": "boxed 3+4", "countdown_accuracy": 1.0, "advantage": 0.8}\n' +
        '{"step": 4, "prompt": "nums 3 4 to 7", "completion": "boxed 3*4", "countdown_accuracy": 0.0, "advantage": null}\n',
    );
    expect(p.samples.map((s) => [s.reward, s.advantage, s.correct])).toEqual([
      [1, 0.8, true],
      [0, 0, false],
    ]);
  });
});
