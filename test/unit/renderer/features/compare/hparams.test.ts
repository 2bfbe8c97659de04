// The hyper-parameter view's pure parts: columns, rows, sorting, query filter, axes, brushes.
import { describe, expect, it } from 'vitest';
import type { MetricSummary, Run } from '../../../../../src-main/contract/entities';
import {
  brushed,
  hparamColumns,
  hparamRows,
  makeAxis,
  queryRuns,
  sortRows,
} from '../../../../../src-renderer/src/features/compare/hparams';

const run = (id: number, mode: string, rho: number, seed: number): Run =>
  ({
    id,
    name: `r${id}`,
    config: { mask: { mode, rho }, seed, task: 'countdown' },
    summary: [],
    tags: [],
  }) as unknown as Run;
const sum = (last: number, max: number): Record<string, MetricSummary> => ({
  accuracy: { key: 'accuracy', lastStep: 10, last, min: 0, max },
  'loss/policy': { key: 'loss/policy', lastStep: 10, last: 0, min: 0, max: 0 },
});
const runs = [run(1, 'top', 0.2, 0), run(2, 'all', 1, 0), run(3, 'top', 0.2, 1)];
const summaries = { 1: sum(0.5, 0.6), 2: sum(0.3, 0.35), 3: sum(0.55, 0.55) };

describe('hyper-parameter table', () => {
  it('columns: the differing config keys, then final and best of headline metrics', () => {
    const cols = hparamColumns(runs, ['accuracy', 'loss/policy']);
    expect(cols.map((c) => c.id)).toEqual([
      'params.mask.mode',
      'params.mask.rho',
      'params.seed',
      'final:accuracy',
      'best:accuracy',
    ]);
    const rows = hparamRows(runs, cols, summaries, {});
    expect(rows[0]!.values).toEqual({
      'params.mask.mode': 'top',
      'params.mask.rho': 0.2,
      'params.seed': 0,
      'final:accuracy': 0.5,
      'best:accuracy': 0.6,
    });
  });

  it('sorts numbers numerically and text alphabetically, empty cells last', () => {
    const rows = [
      { id: 1, name: 'a', values: { x: 10 } },
      { id: 2, name: 'b', values: { x: null } },
      { id: 3, name: 'c', values: { x: 9 } },
    ];
    expect(sortRows(rows, 'x', 'asc').map((r) => r.id)).toEqual([3, 1, 2]);
    expect(sortRows(rows, 'x', 'desc').map((r) => r.id)).toEqual([1, 3, 2]);
  });

  it('filters with the query syntax over every metric summary, or names the parse error', () => {
    const kept = queryRuns(runs, 'params.mask.mode = top AND metrics.accuracy > 0.52', summaries);
    expect(kept.ok && [...kept.ids]).toEqual([3]);
    const bad = queryRuns(runs, 'params.mask.rho = ', summaries);
    expect(bad.ok).toBe(false);
  });

  it('axes place numbers linearly and categories evenly; brushes keep rows inside all ranges', () => {
    const cols = hparamColumns(runs, ['accuracy']);
    const rows = hparamRows(runs, cols, summaries, {});
    const acc = makeAxis(cols[3]!, rows, String);
    expect(acc.numeric).toBe(true);
    expect(acc.position(0.3)).toBeCloseTo(0);
    expect(acc.position(0.55)).toBeCloseTo(1);
    const mode = makeAxis(cols[0]!, rows, String);
    expect(mode.categories).toEqual(['all', 'top']);
    expect(mode.position('top')).toBe(1);
    const single = makeAxis(cols[0]!, rows.slice(0, 1), String);
    expect(single.position('top')).toBe(0.5);
    expect([...brushed(rows, [acc, mode], { 'final:accuracy': [0.5, 1] })]).toEqual([1, 3]);
    expect([
      ...brushed(rows, [acc, mode], { 'final:accuracy': [0.5, 1], 'params.mask.mode': [0, 0.2] }),
    ]).toEqual([]);
  });
});
