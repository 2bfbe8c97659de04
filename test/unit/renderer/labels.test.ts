import { describe, expect, it } from 'vitest';
import type { ExperimentWithRuns, MetricSummary, Run } from '../../../src-main/contract/entities';
import { filterExperiments } from '../../../src-renderer/src/features/browser/filter';
import { maskLabel } from '../../../src-renderer/src/lib/mask';
import { groupMetricKeys, headlineMetric } from '../../../src-renderer/src/lib/metrics';
import { hrefFor, parseHash } from '../../../src-renderer/src/shell/route';
import { makeRun } from './support/runs';

describe('maskLabel', () => {
  const cfg = (rho: number) => ({ mask: { mode: 'x', rho } });
  it.each([
    ['top', cfg(0.2), 'top 20%'],
    ['bottom', cfg(0.2), 'bottom 80%'],
    ['random', cfg(0.2), 'random 20%'],
    ['top', cfg(0.5), 'top 50%'],
    ['top', { rho: 0.1 }, 'top 10%'],
    ['all', cfg(1), 'all'],
    ['top-20', null, 'top 20%'],
    ['top_0.2', null, 'top 20%'],
    ['random:20%', null, 'random 20%'],
    ['bottom80', null, 'bottom 80%'],
    ['top', null, 'top'],
    ['', null, '—'],
    ['entropy-weighted', null, 'entropy-weighted'],
  ])('%s with %j → %s', (mode, config, label) => {
    expect(maskLabel(mode, config as Record<string, unknown> | null)).toBe(label);
  });
});

const summary = (...keys: string[]): MetricSummary[] =>
  keys.map((key, i) => ({ key, lastStep: 10, last: i, min: 0, max: i }));

describe('headlineMetric', () => {
  it('picks the conventional keys', () => {
    const s = summary(
      'reward/std',
      'reward/mean',
      'accuracy',
      'entropy/p80',
      'entropy/mean',
      'eval/countdown/pass@8',
      'eval/countdown/avg@8',
    );
    expect(headlineMetric(s, 'reward')?.key).toBe('reward/mean');
    expect(headlineMetric(s, 'accuracy')?.key).toBe('accuracy');
    expect(headlineMetric(s, 'entropy')?.key).toBe('entropy/mean');
    expect(headlineMetric(s, 'evalAccuracy')?.key).toBe('eval/countdown/avg@8');
  });
  it('falls back to verl/TRL names and reports absence', () => {
    const s = summary('critic/score/mean', 'actor/entropy', 'val-core/gsm8k/acc/mean@4');
    expect(headlineMetric(s, 'reward')?.key).toBe('critic/score/mean');
    expect(headlineMetric(s, 'entropy')?.key).toBe('actor/entropy');
    expect(headlineMetric(s, 'evalAccuracy')?.key).toBe('val-core/gsm8k/acc/mean@4');
    expect(headlineMetric(s, 'accuracy')).toBeUndefined();
  });
});

describe('groupMetricKeys', () => {
  it('puts headline prefixes first and the entropy quantiles on one chart', () => {
    const sections = groupMetricKeys([
      'grad_norm',
      'entropy/p95',
      'entropy/mean',
      'entropy/p50',
      'entropy/p80',
      'reward/mean',
      'accuracy',
      'eval/countdown/avg@8',
      'loss/policy',
      'mask/selected_frac',
      'response_length/mean',
      'timing/step',
      'timing/rollout',
      'timing/update',
    ]);
    expect(sections.map((s) => s.title)).toEqual([
      'key metrics',
      'loss · mask · response_length',
      'timing',
      'other',
    ]);
    const key = sections[0]!;
    expect(key.charts.map((c) => c.id)).toEqual([
      'reward/mean',
      'accuracy',
      'entropy/quantiles',
      'eval/countdown/avg@8',
    ]);
    expect(key.charts[2]!.keys).toEqual([
      'entropy/mean',
      'entropy/p50',
      'entropy/p80',
      'entropy/p95',
    ]);
    expect(sections[3]!.charts.map((c) => c.id)).toEqual(['grad_norm']);
  });
  it('keeps a lone entropy/mean as its own chart and dedupes keys', () => {
    const sections = groupMetricKeys(['entropy/mean', 'entropy/mean']);
    expect(sections).toEqual([
      {
        id: 'key-metrics',
        title: 'key metrics',
        charts: [{ id: 'entropy/mean', title: 'entropy/mean', keys: ['entropy/mean'] }],
      },
    ]);
    expect(groupMetricKeys([])).toEqual([]);
  });
});

describe('routes', () => {
  it('parses and builds hashes', () => {
    expect(parseHash('')).toEqual({ name: 'browser' });
    expect(parseHash('#/')).toEqual({ name: 'browser' });
    expect(parseHash('#/runs/12')).toEqual({ name: 'run', id: 12 });
    expect(parseHash('#/experiments/3/')).toEqual({ name: 'experiment', id: 3 });
    expect(parseHash('#/runs/0')).toEqual({ name: 'notfound', path: '/runs/0' });
    expect(parseHash('#/runs/abc')).toEqual({ name: 'notfound', path: '/runs/abc' });
    expect(hrefFor({ name: 'run', id: 7 })).toBe('#/runs/7');
    expect(hrefFor({ name: 'experiment', id: 2 })).toBe('#/experiments/2');
  });
});

function run(id: number, name: string, tags: string[] = [], archived = false): Run {
  return makeRun(id, {
    experimentId: 1,
    name,
    status: 'finished',
    seed: 0,
    backend: 'wasm',
    tags,
    archived,
  });
}

describe('filterExperiments', () => {
  const exps: ExperimentWithRuns[] = [
    {
      id: 1,
      name: 'rho-ablation',
      description: 'paper',
      tags: ['countdown'],
      archived: false,
      createdAt: '',
      runCount: 3,
      runs: [run(1, 'top-20', ['paper']), run(2, 'bottom-80'), run(3, 'old', [], true)],
    },
    {
      id: 2,
      name: 'quick-demo',
      description: '',
      tags: [],
      archived: false,
      createdAt: '',
      runCount: 1,
      runs: [run(4, 'demo')],
    },
    {
      id: 3,
      name: 'shelved',
      description: '',
      tags: [],
      archived: true,
      createdAt: '',
      runCount: 0,
      runs: [],
    },
  ];
  it('hides archived things unless asked', () => {
    expect(filterExperiments(exps, '', false).map((e) => [e.id, e.runs.length])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect(filterExperiments(exps, '', true).map((e) => [e.id, e.runs.length])).toEqual([
      [1, 3],
      [2, 1],
      [3, 0],
    ]);
  });
  it('matches run names and tags, every term', () => {
    expect(filterExperiments(exps, 'bottom', false).map((e) => e.runs.map((r) => r.name))).toEqual([
      ['bottom-80'],
    ]);
    expect(
      filterExperiments(exps, 'PAPER top-20', false).map((e) => e.runs.map((r) => r.name)),
    ).toEqual([['top-20']]);
    expect(filterExperiments(exps, 'nothing-like-this', true)).toEqual([]);
  });
  it('an experiment-name match keeps all its runs', () => {
    expect(filterExperiments(exps, 'quick', false).map((e) => e.runs.length)).toEqual([1]);
    expect(filterExperiments(exps, 'rho-ablation', false)[0]!.runs.length).toBe(2);
    expect(filterExperiments(exps, 'paper', false)[0]!.runs.map((r) => r.name)).toEqual(['top-20']);
  });
});
