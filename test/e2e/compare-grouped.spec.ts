// Grouped compare with eight runs: the table takes its colours from the groups the charts draw
// (red never means two things), and each group ends with its mean ± std (n) row.
import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { formatNumber } from '../../src-renderer/src/lib/format';
import { EIGHT_RUNS, seedEightRuns } from '../fixtures/seed-arms';
import { SCREENSHOT_DIR } from './support/screens';
import { dragZoom } from './support/drag-zoom';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';

// Fixture-data shots for review only (test-results/); docs show real runs (scripts/screenshots.ts).
const SHOTS = SCREENSHOT_DIR;
let served: ServedDb;
let experiment = 0;
test.beforeAll(async () => {
  served = await serveDb('empty', (store) => {
    experiment = seedEightRuns(store).experiment;
  });
});
test.afterAll(async () => {
  await served?.close();
});

const meanStd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const s = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
  return { m, s };
};

test('grouped: table rows in group colours, a mean ± std (n) row per group', async ({ page }) => {
  const problems = watchProblems(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${served.serve.url}#/compare?experiment=${experiment}`);
  const table = page.getByTestId('compare-table');
  await expect(table.getByTestId('compare-cell').filter({ hasText: '·' })).not.toHaveCount(0);
  await page.getByTestId('group-mask.mode').click();
  await expect(page.getByTestId('group-legend')).toHaveCount(3);

  const rows = page.getByTestId('group-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0).getByTestId('group-n')).toHaveText('mean ± std, n=3');
  await expect(rows.nth(2).getByTestId('group-n')).toHaveText('mean ± std, n=2');

  // The per-arm row: final reward mean ± std over the top arm's three seeds.
  const top = meanStd(EIGHT_RUNS.filter((r) => r.mode === 'top').map((r) => r.finalReward));
  const cell = rows.nth(0).locator('[data-testid="group-cell"][data-key="reward/mean"]');
  await expect(cell).toContainText(`${formatNumber(top.m)} ± ${formatNumber(top.s)}`);

  // Every run's swatch has its group's legend colour; the three groups differ.
  const legend = await page
    .getByTestId('group-legend')
    .locator('.sw')
    .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  expect(new Set(legend).size).toBe(3);
  const body = table.locator('tbody tr');
  await expect(body).toHaveCount(8 + 3);
  const swatches = await body
    .locator('td.name .sw')
    .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  expect(swatches).toEqual([
    ...Array(4).fill(legend[0]),
    ...Array(4).fill(legend[1]),
    ...Array(3).fill(legend[2]),
  ]);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  await page.screenshot({ path: resolve(SHOTS, 'ui-compare-grouped.png'), fullPage: true });
  expect(problems).toEqual([]);
});

test('legend: click hides a run, double-click solos it; zoom is shared by every chart', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${served.serve.url}#/compare?experiment=${experiment}`);
  const reward = page.locator('[data-testid="chart"][data-chart="reward/mean"]');
  const accuracy = page.locator('[data-testid="chart"][data-chart="accuracy"]');
  await expect(reward).toHaveAttribute('data-lines', '8');
  const entries = page.getByTestId('run-legend');
  await entries.nth(0).click();
  await expect(entries.nth(0)).toHaveAttribute('data-hidden', 'true');
  await expect(reward).toHaveAttribute('data-lines', '7');
  await expect(accuracy).toHaveAttribute('data-lines', '7');
  await entries.nth(0).click();
  await expect(reward).toHaveAttribute('data-lines', '8');
  await entries.nth(3).dblclick();
  await expect(reward).toHaveAttribute('data-lines', '1');
  await expect(entries.nth(3)).toHaveAttribute('data-hidden', 'false');
  await entries.nth(3).dblclick();
  await expect(reward).toHaveAttribute('data-lines', '8');

  // Grouped: the legend hides groups.
  await page.getByTestId('group-mask.mode').click();
  await page.getByTestId('group-legend').nth(2).click();
  await expect(reward).toHaveAttribute('data-lines', '2');
  await page.getByTestId('group-mask.mode').click();
  await expect(reward).toHaveAttribute('data-lines', '8');

  // Drag-zoom on one chart zooms all of them; reset on any resets all.
  await dragZoom(reward);
  await expect(reward).toHaveAttribute('data-zoomed', 'true');
  await expect(accuracy).toHaveAttribute('data-zoomed', 'true');
  await accuracy.getByTestId('reset-zoom').click();
  await expect(reward).toHaveAttribute('data-zoomed', 'false');
});
