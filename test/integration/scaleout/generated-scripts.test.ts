// The bundle's generated scripts are valid as what they are: launchers parse as bash, train.py
// and reward.py compile as Python, and reward.py scores the Forkbench tasks like the engine's
// own verifiers do (run with the python3 on this machine; TRL itself is not installed here).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../../src-main/contract/run-config';
import { verifyAime } from '../../../src-main/engine/tasks/arithmetic';
import { verifyCountdown } from '../../../src-main/engine/tasks/countdown';
import { verifyPairSearch } from '../../../src-main/engine/tasks/pair-search';
import { buildBundle } from '../../../src-main/scaleout/bundle';
import { jobFormSchema } from '../../../src-main/scaleout/form';
import { REWARD_PY } from '../../../src-main/scaleout/trl-scripts';

let dir: string;
const form = jobFormSchema.parse({
  modelPath: '/m',
  trainFiles: ['/t.parquet'],
  valFiles: ['/v.parquet'],
  outputDir: '/o',
  nodes: 2,
  mainProcessIp: '10.0.0.1',
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-scripts-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generated scripts', () => {
  for (const engine of ['verl', 'trl'] as const) {
    it(`${engine}: every shell script parses as bash`, () => {
      const runs = [
        { id: 1, name: "it's top", config: defaultRunConfig() },
        {
          id: 2,
          name: 'bottom',
          config: {
            ...defaultRunConfig(),
            mask: { ...defaultRunConfig().mask, mode: 'bottom' as const },
          },
        },
      ];
      const bundle = buildBundle({ engine, runs, form, now: '2026-12-03T07:00:00Z' });
      for (const f of bundle.files.filter((x) => x.path.endsWith('.sh'))) {
        const path = join(dir, `${engine}-${f.path.replace(/\//g, '_')}`);
        writeFileSync(path, f.content);
        expect(() => execFileSync('bash', ['-n', path])).not.toThrow();
      }
    });
  }

  it('train.py and reward.py compile', () => {
    const bundle = buildBundle({
      engine: 'trl',
      runs: [{ id: 1, name: 'a', config: defaultRunConfig() }],
      form,
      now: '2026-12-03T07:00:00Z',
    });
    for (const name of ['train.py', 'reward.py']) {
      const path = join(dir, name);
      writeFileSync(path, bundle.files.find((f) => f.path === name)!.content);
      expect(() => execFileSync('python3', ['-m', 'py_compile', path])).not.toThrow();
    }
  });

  it("reward.py agrees with the tasks' verifiers", () => {
    writeFileSync(join(dir, 'reward.py'), REWARD_PY);
    const arith = [
      ['x so boxed 086', '086'],
      ['boxed 86', '086'],
      ['boxed 087', '086'],
      ['no answer', '086'],
    ];
    const countdown: [string, number[], number][] = [
      ['try 3*4 boxed 3+4', [3, 4], 7],
      ['boxed (6-2)*5', [2, 5, 6], 20],
      ['boxed 3+3', [3, 4], 6],
      ['boxed 8/(3-3)', [3, 3, 8], 1],
      ['boxed 3+4+', [3, 4], 7],
      ['try 2+5=7 no\nboxed 8+5', [2, 5, 8], 13],
      ['boxed 4+4', [4, 9], 8],
    ];
    const script = `
import json, sys
sys.path.insert(0, ${JSON.stringify(dir)})
from reward import task_reward
a = json.loads(sys.argv[1]); c = json.loads(sys.argv[2])
print(json.dumps([task_reward("arithmetic")([x[0] for x in a], [x[1] for x in a]),
                  task_reward("countdown")([x[0] for x in c], [x[1] for x in c], [x[2] for x in c]),
                  task_reward("pair-search")([x[0] for x in c], [x[1] for x in c], [x[2] for x in c])]))
`;
    const [pyArith, pyCountdown, pyPair] = JSON.parse(
      execFileSync('python3', ['-c', script, JSON.stringify(arith), JSON.stringify(countdown)], {
        encoding: 'utf8',
      }),
    ) as [number[], number[], number[]];
    expect(pyArith).toEqual(
      arith.map(([r, e]) => (verifyAime(Number(e), r as string).correct ? 1 : 0)),
    );
    expect(pyCountdown).toEqual(
      countdown.map(([r, nums, target]) => (verifyCountdown({ nums, target }, r).correct ? 1 : 0)),
    );
    expect(pyCountdown).toEqual([1, 1, 0, 0, 0, 0, 0]);
    expect(pyPair).toEqual(
      countdown.map(([r, nums, target]) => (verifyPairSearch({ nums, target }, r).correct ? 1 : 0)),
    );
    expect(pyPair.filter(Boolean).length).toBeGreaterThanOrEqual(2);
  });
});
