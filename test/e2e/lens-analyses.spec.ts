// The analysis lens in serve mode: the Overlap view (Table 1, its line chart, Fig. 4 bars) and
// the Temperature view (Fig. 3 curves and table) render stored analysis results; screenshots in
// both themes. Results are inserted in the seeded database (the jobs themselves are covered by
// test/integration/analysis-jobs.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { OverlapResult, TemperatureResult } from '../../src-main/contract';
import { seedDemoDatabase } from '../fixtures/seed';
import type { SeedResult } from '../fixtures/seed';
import { startServe } from '../helpers/serve';
import type { ServeHandle } from '../helpers/serve';
import { openStore } from '../../src-main/store';
import { watchProblems } from './support/serve-fixture';
import { shootBothThemes } from './support/screens';

let dir: string;
let serve: ServeHandle;
let seed: SeedResult;
let runId: number;

function overlapResult(id: number): OverlapResult {
  const steps = [0, 20, 40, 60, 80, 100, 119];
  const vsBase = [1, 0.962, 0.941, 0.917, 0.903, 0.889, 0.874];
  const vsFinal = [0.874, 0.889, 0.905, 0.93, 0.952, 0.978, 1];
  return {
    kind: 'overlap',
    runId: id,
    rho: 0.2,
    scope: 'pool',
    source: 'final',
    responses: 32,
    tokens: 1184,
    temperature: 1,
    hasBase: true,
    rows: steps.map((step, i) => ({
      step,
      label: i === 0 ? 'base (arithmetic-base)' : `step ${step}`,
      meanEntropy: 0.52 - i * 0.03,
      overlapWithBase: vsBase[i] as number,
      overlapWithFinal: vsFinal[i] as number,
    })),
    bins: Array.from({ length: 20 }, (_, b) => ({
      fromPct: b * 5,
      toPct: (b + 1) * 5,
      count: 59,
      baseMean: 1e-4 * Math.exp(b * 0.5),
      meanChange: (b % 7 === 3 ? 1 : -1) * 2e-4 * Math.exp(b * 0.32),
      meanAbsChange: 2e-4 * Math.exp(b * 0.32),
    })),
    seconds: 6.3,
  };
}

function temperatureResult(id: number): TemperatureResult {
  const grid = [0, 0.05, 0.3, 0.6, 1, 2, 3, 5];
  const high = [0.31, 0.32, 0.36, 0.4, 0.42, 0.44, 0.41, 0.35];
  const low = [0.45, 0.45, 0.44, 0.43, 0.42, 0.3, 0.12, 0.01];
  const point = (tHigh: number, tLow: number, accuracy: number) => ({
    tHigh,
    tLow,
    accuracy,
    highShare: 0.2,
    meanLength: 18,
  });
  return {
    kind: 'temperature',
    runId: id,
    step: 119,
    benchmark: 'countdown3-heldout',
    benchmarkLabel: 'Countdown-3 held-out (200 problems)',
    problems: 24,
    k: 1,
    grid,
    threshold: 0.5812,
    percentile: 80,
    varyHigh: grid.map((t, i) => point(t, 1, high[i] as number)),
    varyLow: grid.map((t, i) => point(1, t, low[i] as number)),
    seconds: 131,
  };
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'forkbench-lens-analyses-'));
  const db = join(dir, 'workbench.db');
  seed = seedDemoDatabase(db);
  runId = seed.runs['top-20'] as number;
  const store = openStore(db);
  try {
    const a = store.analysisResults.create(runId, 'overlap', { responses: 32 });
    store.analysisResults.finish(a, { result: overlapResult(runId) });
    const t = store.analysisResults.create(runId, 'temperature', { problems: 24 });
    store.analysisResults.finish(t, { result: temperatureResult(runId) });
  } finally {
    store.close();
  }
  serve = await startServe({ db, noBuild: true });
});

test.afterAll(async () => {
  await serve?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
});

test('the overlap view shows the stored Table 1, its chart and the Fig. 4 bars', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await page.goto(`${serve.url}#/runs/${runId}/entropy`);
  await page.getByTestId('tab-overlap').click();
  await expect(page).toHaveURL(new RegExp(`#/runs/${runId}/overlap$`));
  const table = page.getByTestId('overlap-table');
  await expect(table.locator('tbody tr')).toHaveCount(7);
  await expect(table.locator('tbody tr').first()).toContainText('base (arithmetic-base)');
  await expect(table.locator('tbody tr').first()).toContainText('100.00%');
  await expect(table.locator('tbody tr').last()).toContainText('87.40%');
  await expect(page.getByTestId('overlap-chart').locator('circle')).toHaveCount(14 + 2);
  await expect(page.getByTestId('change-bars').locator('rect')).toHaveCount(20);
  await expect(page.getByTestId('analysis-when')).toBeVisible();
  await expect(page.getByTestId('run-analysis')).toHaveText(/Run again/);
  await shootBothThemes(page, 'lens-overlap');
  expect(problems).toEqual([]);
});

test('the temperature view shows both Fig. 3 curves and the table', async ({ page }) => {
  const problems = watchProblems(page);
  await page.goto(`${serve.url}#/runs/${runId}/temperature`);
  await expect(page.getByTestId('temperature-table').locator('tbody tr')).toHaveCount(8);
  await expect(page.getByTestId('temperature-facts')).toContainText('0.581 nats');
  await expect(page.getByTestId('temperature-chart').locator('path.line')).toHaveCount(2);
  await shootBothThemes(page, 'lens-temperature');
  expect(problems).toEqual([]);
});

test('a run without results offers to run the analysis; a failed start says why', async ({
  page,
}) => {
  const other = seed.runs['demo'] as number;
  await page.goto(`${serve.url}#/runs/${other}/overlap`);
  await expect(page.getByTestId('overlap-empty')).toBeVisible();
  await page.getByTestId('run-analysis').click();
  // The seeded demo run's checkpoint rows point at files that do not exist.
  await expect(page.getByTestId('analysis-error')).toContainText('checkpoint');
});
