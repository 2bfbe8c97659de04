// Sparse series: a metric logged once is drawn (a marker), eval curves (a few points) are drawn
// with markers and not smoothed, and no axis repeats a tick label ("-1 0 0 1 1").
import { expect, test } from '@playwright/test';
import type { Locator } from '@playwright/test';
import { defaultRunConfig } from '../../src-main/contract/run-config';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';

let served: ServedDb;
let runId = 0;
test.beforeAll(async () => {
  served = await serveDb('empty', (store) => {
    const experimentId = store.experiments.create({ name: 'sparse' });
    const config = defaultRunConfig();
    runId = store.runs.create({
      experimentId,
      name: 'sparse',
      task: config.task,
      maskMode: 'top',
      seed: 1,
      config: config as unknown as Record<string, unknown>,
      status: 'finished',
    });
    const t = Date.now() / 1000;
    store.metrics.insert(runId, [
      { key: 'once/value', step: 0, value: 0.5, wallTime: t },
      ...[0, 20, 40, 60, 80].map((step, i) => ({
        key: 'eval/countdown3-heldout/avg@8',
        step,
        value: [0.1, 0.5, 0.2, 0.6, 0.3][i]!,
        wallTime: t + step,
      })),
      ...Array.from({ length: 80 }, (_, i) => ({
        key: i % 2 ? 'system/cpu_percent' : 'system/rss_mb',
        step: Math.floor(i / 2) + 1,
        value: i % 2 ? 95 : 310,
        wallTime: t + i,
      })),
      ...Array.from({ length: 80 }, (_, i) => ({
        key: 'reward/mean',
        step: i + 1,
        value: i / 80,
        wallTime: t + i,
      })),
    ]);
  });
});
test.afterAll(async () => {
  await served?.close();
});

/** Pixels of the canvas drawn in a saturated colour (the series; grid and axes are grey). */
async function colouredPixels(chart: Locator): Promise<number> {
  return chart.locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b, a] = [d[i]!, d[i + 1]!, d[i + 2]!, d[i + 3]!];
      if (a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 80) n++;
    }
    return n;
  });
}

const distinct = (ticks: string) => {
  const labels = ticks.split(' ').filter(Boolean);
  return new Set(labels).size === labels.length;
};

test('one point is drawn, evals get markers unsmoothed, ticks never repeat', async ({ page }) => {
  const problems = watchProblems(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${served.serve.url}#/runs/${runId}`);
  const once = page.locator('[data-testid="chart"][data-chart="once/value"]');
  await expect(once).toHaveAttribute('data-markers', '1');
  await expect.poll(() => colouredPixels(once)).toBeGreaterThan(10);
  const xt = (await once.getAttribute('data-xticks')) ?? '';
  expect(xt.split(' ').filter(Boolean).length).toBeGreaterThan(0);
  expect(distinct(xt), xt).toBe(true);
  expect(distinct((await once.getAttribute('data-yticks')) ?? '')).toBe(true);

  const evalChart = page.locator(
    '[data-testid="chart"][data-chart="eval/countdown3-heldout/avg@8"]',
  );
  await expect(evalChart).toHaveAttribute('data-markers', '1'); // markers = drawn unsmoothed
  await expect.poll(() => colouredPixels(evalChart)).toBeGreaterThan(10);
  const dense = page.locator('[data-testid="chart"][data-chart="reward/mean"]');
  await expect(dense).toHaveAttribute('data-markers', '0');
  expect(problems).toEqual([]);
});

test('system metrics (CPU, memory) sit right after the key metrics', async ({ page }) => {
  await page.goto(`${served.serve.url}#/runs/${runId}`);
  const sections = page.getByTestId('metric-section');
  await expect(sections.first()).toHaveAttribute('data-section', 'key-metrics');
  await expect(sections.nth(1)).toHaveAttribute('data-section', /^system/);
  await expect(sections.nth(1).locator('[data-chart="system/cpu_percent"]')).toBeVisible();
  await expect(sections.nth(1).locator('[data-chart="system/rss_mb"]')).toBeVisible();
});
