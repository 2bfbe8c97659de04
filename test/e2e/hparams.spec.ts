// The hyper-parameter view: runs × (differing config keys, final / best metrics), sortable and
// filterable, over a parallel-coordinates chart whose axis brushes narrow the table.
import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { EIGHT_RUNS, seedEightRuns } from '../fixtures/seed-arms';
import { SCREENSHOT_DIR } from './support/screens';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';

// Fixture-data shots for review only (test-results/); docs show real runs (scripts/screenshots.ts).
const SHOTS = SCREENSHOT_DIR;
let served: ServedDb;
let experiment = 0;
let ids: number[] = [];
test.beforeAll(async () => {
  served = await serveDb('empty', (store) => {
    ({ experiment, runs: ids } = seedEightRuns(store));
  });
});
test.afterAll(async () => {
  await served?.close();
});

test('sort, filter and brush the runs of a sweep', async ({ page }) => {
  const problems = watchProblems(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${served.serve.url}#/compare?experiment=${experiment}`);
  await page.getByTestId('view-params').click();
  await expect(page).toHaveURL(/view=params/);
  const table = page.getByTestId('hparams-table');
  const rows = table.getByTestId('hparams-row');
  await expect(rows).toHaveCount(8);
  // The columns: the config keys that differ, then final / best per headline metric.
  const headers = await table.getByTestId('hparams-sort').allTextContents();
  expect(headers.slice(0, 4)).toEqual(['mask.mode', 'mask.rho', 'rl.lr', 'seed']);
  expect(headers).toContain('reward/mean final');
  expect(headers).toContain('accuracy best');
  await expect(page.getByTestId('pc-line')).toHaveCount(8);
  await expect(page.getByTestId('pc-axis')).toHaveCount(headers.length);

  // Sort by final reward, highest first, then lowest first.
  const byReward = [...EIGHT_RUNS.map((r, i) => ({ id: ids[i]!, v: r.finalReward }))].sort(
    (a, b) => b.v - a.v,
  );
  const sortReward = table.locator('[data-testid="hparams-sort"][data-column="final:reward/mean"]');
  await sortReward.click();
  await expect(rows.first()).toHaveAttribute('data-run', String(byReward[0]!.id));
  expect(await rows.evaluateAll((els) => els.map((e) => Number(e.dataset['run'])))).toEqual(
    byReward.map((r) => r.id),
  );
  await sortReward.click();
  await expect(rows.first()).toHaveAttribute('data-run', String(byReward.at(-1)!.id));

  // Filter with the query syntax, over every metric's summary.
  const filter = page.getByTestId('hparams-filter');
  await filter.fill('params.mask.mode != all AND metrics.accuracy > 0.35');
  await expect(rows).toHaveCount(3); // top × 3 (random ends at 0.30 and 0.28)
  await expect(page.getByTestId('hparams-count')).toHaveText('3 of 8 runs');
  await filter.fill('params.mask.rho = ');
  await expect(page.getByTestId('hparams-error')).toContainText('expected a value');
  await filter.fill('');
  await expect(rows).toHaveCount(8);

  // Brush the top half of the final-reward axis: runs above the middle of its range stay.
  const axis = page.locator('[data-testid="pc-axis"][data-column="final:reward/mean"] rect.hit');
  const box = (await axis.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 6 });
  await page.mouse.up();
  await expect(page.getByTestId('pc-brush')).toHaveCount(1);
  const rewards = EIGHT_RUNS.map((r) => r.finalReward);
  const mid = (Math.min(...rewards) + Math.max(...rewards)) / 2;
  const upper = EIGHT_RUNS.filter((r) => r.finalReward >= mid).length;
  await expect(rows).toHaveCount(upper);
  await expect(page.getByTestId('parallel-coordinates')).toHaveAttribute(
    'data-kept',
    String(upper),
  );
  await page.mouse.move(0, 0);
  await page.screenshot({ path: resolve(SHOTS, 'ui-hparams.png') });
  await page.getByTestId('clear-brushes').click();
  await expect(rows).toHaveCount(8);
  expect(problems).toEqual([]);
});
