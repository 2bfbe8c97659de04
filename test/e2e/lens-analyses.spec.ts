// The analysis lens in serve mode: the Overlap view (Table 1, its line chart, Fig. 4 bars) and
// the Temperature view (Fig. 3 curves and table) render stored analysis results; screenshots in
// both themes. Results are inserted in the seeded database (the jobs themselves are covered by
// test/integration/analysis-jobs.test.ts).
import { expect, test } from '@playwright/test';
import { overlapResult, temperatureResult } from '../fixtures/analysis-results';
import type { SeedResult } from '../fixtures/seed';
import type { ServeHandle } from '../helpers/serve';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';
import { shootBothThemes } from './support/screens';

let served: ServedDb;
let serve: ServeHandle;
let seed: SeedResult;
let runId: number;

test.beforeAll(async () => {
  served = await serveDb('seeded', (store, at) => {
    seed = at.seed!;
    runId = seed.runs['top-20'] as number;
    const a = store.analysisResults.create(runId, 'overlap', { responses: 32 });
    store.analysisResults.finish(a, { result: overlapResult(runId) });
    const t = store.analysisResults.create(runId, 'temperature', { problems: 24 });
    store.analysisResults.finish(t, { result: temperatureResult(runId) });
  });
  serve = served.serve;
});

test.afterAll(async () => {
  await served?.close();
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
