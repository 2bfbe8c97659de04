// rollouts.rules through dispatch on a seeded database: each rule's marked set matches the
// engine computed from the same stored samples, the masks' sets are exact, the Jaccard matrix is
// symmetric; bad input names its field. The lens export carries the same data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleComparisonView } from '../../src-main/contract/api-analysis';
import type { ExportFile } from '../../src-main/contract/api-export';
import { parseRunConfig } from '../../src-main/contract/run-config';
import { compareRules } from '../../src-main/engine/analysis/rule-comparison';
import { parseCsv } from '../../src-main/services/export/csv';
import type { Workbench } from '../../src-main/services/workbench';
import { openWorkbench } from '../../src-main/services/workbench';
import { seedDemoDatabase } from '../fixtures/seed';

let dir: string;
let wb: Workbench;
let runId: number;
let step: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-rules-'));
  const path = join(dir, 'demo.db');
  runId = seedDemoDatabase(path).runs['top-20'] as number;
  wb = openWorkbench({ dbPath: path, transport: 'http' });
  step = wb.store.rollouts.stepSummaries(runId)[0]!.step;
});
afterAll(() => {
  wb.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('rollouts.rules', () => {
  it('marks what the engine marks on the stored samples, with a symmetric Jaccard matrix', async () => {
    const r = await wb.call('rollouts.rules', { runId, step });
    if (!r.ok) throw new Error(r.error.message);
    const v = r.value as RuleComparisonView;
    const samples = wb.store.rollouts.list(runId, step);
    expect(v.samples.map((s) => s.idx)).toEqual(samples.map((s) => s.idx));
    const tokens = samples.reduce((n, s) => n + s.entropies.length, 0);
    expect(v.tokens).toBe(tokens);
    expect(v.rules.map((x) => x.rule)).toEqual([
      'top',
      'bottom',
      'random',
      'clip-cov',
      'kl-cov',
      'archer',
      'entropy-adv',
      'gtpo',
      'grpo-s',
    ]);
    const byRule = Object.fromEntries(v.rules.map((x) => [x.rule, x]));
    const k = Math.ceil(0.2 * tokens - 1e-9);
    expect(byRule['top']!.count).toBe(k);
    expect(byRule['bottom']!.count).toBe(tokens - k);
    expect(byRule['random']!.count).toBe(k);
    // top and bottom are complements, token by token.
    byRule['top']!.selected.forEach((row, i) =>
      [...row].forEach((c, j) => expect(c === '1').toBe(byRule['bottom']!.selected[i]![j] === '0')),
    );
    const config = parseRunConfig(wb.store.runs.get(runId)!.config);
    if (!config.ok) throw new Error(config.message);
    const direct = compareRules(
      samples.map((s) => ({
        entropies: s.entropies,
        logProbs: s.logprobs!,
        advantage: s.advantage,
        reward: s.reward,
        correct: s.correct,
      })),
      config.value,
      { groupSize: config.value.rl.groupSize, seed: config.value.seed * 7919 + step },
    );
    expect(v.rules.map((x) => x.count)).toEqual(direct.rules.map((x) => x.count));
    v.jaccard.forEach((row, i) => {
      expect(row[i]).toBe(1);
      row.forEach((x, j) => expect(x).toBe(v.jaccard[j]![i]));
    });
    expect(v.jaccard[0]![1]).toBe(0);
    // The same call gives the same random rows.
    const again = await wb.call('rollouts.rules', { runId, step });
    expect(again.ok && (again.value as RuleComparisonView).rules[2]!.selected).toEqual(
      byRule['random']!.selected,
    );
  });

  it('names the field on bad input', async () => {
    const missingRun = await wb.call('rollouts.rules', { runId: 9999, step });
    expect(missingRun).toMatchObject({ ok: false, error: { code: 'not_found', field: 'runId' } });
    const noStep = await wb.call('rollouts.rules', { runId, step: 99_999 });
    expect(noStep).toMatchObject({ ok: false, error: { code: 'not_found', field: 'step' } });
    const bad = await wb.call('rollouts.rules', { runId, step: -1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'step' } });
  });

  it('exports the comparison as CSV and SVG; a rules export without a step is refused', async () => {
    const csv = await wb.call('export.lens', { runId, what: 'rules', step, format: 'csv' });
    if (!csv.ok) throw new Error(csv.error.message);
    const rows = parseCsv((csv.value as ExportFile).data);
    expect(rows.filter((r) => r[0] === 'jaccard')).toHaveLength(81);
    const svg = await wb.call('export.lens', { runId, what: 'rules', step, format: 'svg' });
    expect(svg.ok && (svg.value as ExportFile).data).toContain('Jaccard');
    const none = await wb.call('export.lens', { runId, what: 'rules', format: 'csv' });
    expect(none).toMatchObject({ ok: false, error: { field: 'step' } });
  });
});
