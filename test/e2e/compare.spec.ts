// Browsing with facets and the query box, picking runs, and comparing them grouped over seeds.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { shootBothThemes } from './support/screens';
import { dragZoom } from './support/drag-zoom';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';

let served: ServedDb;
test.beforeAll(async () => {
  served = await serveDb('seeded');
});
test.afterAll(async () => {
  await served?.close();
});
test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
});
const open = (page: Page, hash = '') => page.goto(served.serve.url + hash);

test('the query box filters runs MLflow-style and explains parse errors', async ({ page }) => {
  await open(page);
  await expect(page.getByTestId('run-row')).toHaveCount(7);
  const q = page.getByTestId('query-box');
  await q.fill('params.mask.mode = top AND (params.mask.rho = 0.1 OR params.mask.rho = 0.5)');
  await expect(page.getByTestId('run-row')).toHaveCount(2);
  await q.fill('params.mask.rho = ');
  await expect(page.getByTestId('query-error')).toContainText('expected a value');
  await shootBothThemes(page, 'browser-query-error', false);
  await q.fill('status = failed OR status = crashed');
  await expect(page.getByTestId('run-row')).toHaveCount(2);
  await expect(page.getByTestId('run-row').filter({ hasText: 'top-10' })).toHaveCount(1);
  await q.fill('');
  await page.getByTestId('filter-status').selectOption('running');
  await expect(page.getByTestId('run-row')).toHaveCount(1);
});

test('ticked runs compare grouped over seeds with bands and n', async ({ page }) => {
  const problems = watchProblems(page);
  await open(page);
  for (const name of ['top-20', 'top-10', 'top-50', 'all-tokens']) {
    await page.getByTestId('run-row').filter({ hasText: name }).getByTestId('pick').check();
  }
  // The selection survives navigation.
  await page.getByTestId('run-row').filter({ hasText: 'all-tokens' }).locator('td.name a').click();
  await expect(page.getByTestId('run-title')).toHaveText('all-tokens');
  await page.keyboard.press('g');
  await page.keyboard.press('c');
  await expect(page).toHaveURL(/#\/compare\?runs=/);
  await expect(page.getByTestId('compare-table').locator('tbody tr')).toHaveCount(4);
  await expect(page.getByTestId('chart').first()).toBeVisible();
  // The legend shows without scrolling at 900 px, and stays in view while the charts scroll.
  const legend = page.getByTestId('compare-legend');
  await expect(legend).toBeInViewport();
  await page.mouse.move(400, 500);
  await page.mouse.wheel(0, 700);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
  await expect(legend).toBeInViewport();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shootBothThemes(page, 'compare');

  await page.getByTestId('group-mask.mode').click();
  await expect(page.getByTestId('group-legend')).toHaveCount(2);
  await expect(page.getByTestId('group-legend').filter({ hasText: 'mask.mode=top' })).toContainText(
    'n=3',
  );
  const reward = page.locator('[data-testid="chart"][data-chart="reward/mean"]');
  await expect(reward).toHaveAttribute('data-bands', '1'); // the n=3 group has a band; n=1 none
  await page.getByTestId('band-kind').selectOption('minmax');
  await expect(reward).toHaveAttribute('data-bands', '1');
  await shootBothThemes(page, 'compare-grouped');

  // Drag-to-zoom and reset.
  await dragZoom(reward);
  await expect(reward).toHaveAttribute('data-zoomed', 'true');
  await reward.getByTestId('reset-zoom').click();
  await expect(reward).toHaveAttribute('data-zoomed', 'false');
  expect(problems).toEqual([]);
});

test('a click on a run chart announces the step; ? lists the shortcuts', async ({ page }) => {
  await open(page);
  await page.getByTestId('run-row').filter({ hasText: 'all-tokens' }).locator('td.name a').click();
  const chart = page.getByTestId('chart').first();
  await expect(chart).toBeVisible();
  await page.evaluate(() => {
    window.addEventListener('forkbench:step-click', (e) => {
      (window as unknown as { __step: unknown }).__step = (e as CustomEvent).detail;
    });
  });
  const box = (await chart.locator('canvas').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const detail = await page.evaluate(() => (window as unknown as { __step: unknown }).__step);
  expect(detail).toMatchObject({ runId: expect.any(Number), step: expect.any(Number) });
  await page.goto(served.serve.baseUrl + '/#/');
  await page.keyboard.press('Shift+Slash');
  await expect(page.getByTestId('shortcuts')).toBeVisible();
  await expect(page.getByTestId('shortcuts')).toContainText('Compare the selected runs');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts')).toHaveCount(0);
});
