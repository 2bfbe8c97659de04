// A run chart's own legend: click hides a line (not drawn, not in the y range, not in the card,
// the others keep their colours), double-click shows it alone, a second one shows all; the
// keyboard toggles too. And the hover card never outlives a scroll that moved the chart.
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultRunConfig } from '../../src-main/contract/run-config';
import { SCREENSHOT_DIR, setTheme } from './support/screens';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';

const STEPS = 120;
/** The entropy quantiles share one chart; p95 far above the rest, so hiding it shrinks y. */
const LEVELS = { mean: 1.2, p50: 1, p80: 1.6, p95: 4 } as const;

let served: ServedDb;
let runId = 0;
test.beforeAll(async () => {
  served = await serveDb('empty', (store) => {
    const experimentId = store.experiments.create({ name: 'legend' });
    const config = defaultRunConfig();
    runId = store.runs.create({
      experimentId,
      name: 'legend',
      task: config.task,
      maskMode: 'top',
      seed: 1,
      config: config as unknown as Record<string, unknown>,
      status: 'finished',
    });
    const t = Date.parse('2026-11-01T10:00:00Z') / 1000;
    const points = [];
    for (let step = 1; step <= STEPS; step++) {
      const f = step / STEPS;
      for (const [q, level] of Object.entries(LEVELS))
        points.push({ key: `entropy/${q}`, step, wallTime: t + step, value: level + 0.2 * f });
      for (const key of ['reward/mean', 'accuracy', 'loss'])
        points.push({ key, step, wallTime: t + step, value: f });
    }
    store.metrics.insert(runId, points);
  });
});
test.afterAll(async () => {
  await served?.close();
});

const quantiles = (page: Page) =>
  page.locator('[data-testid="chart"][data-chart="entropy · mean & quantiles"]');
const item = (c: Locator, label: string) =>
  c.locator(`[data-testid="chart-legend-item"][data-label="${label}"]`);
const yMax = async (c: Locator) =>
  Math.max(...((await c.getAttribute('data-yticks')) ?? '').split(' ').map(Number));

async function hover(c: Locator, fx = 0.6): Promise<void> {
  const box = (await c.locator('canvas').boundingBox())!;
  await c.page().mouse.move(box.x + box.width * fx, box.y + box.height / 2, { steps: 3 });
}
const cardLabels = (page: Page) =>
  page
    .getByTestId('hover-row')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-label')).sort());
const rowColour = (page: Page, label: string) =>
  page
    .locator(`[data-testid="hover-row"][data-label="${label}"] .swatch`)
    .evaluate((e) => getComputedStyle(e).backgroundColor);

test('click hides a line, double-click shows it alone, again shows all', async ({ page }) => {
  const problems = watchProblems(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${served.serve.url}#/runs/${runId}`);
  const chart = quantiles(page);
  await expect(chart).toHaveAttribute('data-lines', '4');
  const fullY = await yMax(chart);
  expect(fullY).toBeGreaterThanOrEqual(4);
  await hover(chart);
  await expect.poll(() => cardLabels(page)).toEqual(['mean', 'p50', 'p80', 'p95']);
  const p80 = await rowColour(page, 'p80');

  // Click: p95 goes from the chart, the y range, the card and the markers; p80 keeps its colour.
  await item(chart, 'p95').click();
  await expect(chart).toHaveAttribute('data-lines', '3');
  await expect(item(chart, 'p95')).toHaveAttribute('aria-pressed', 'false');
  await expect(item(chart, 'p95')).toHaveCSS('opacity', '0.4');
  await expect.poll(() => yMax(chart)).toBeLessThan(2.5);
  await hover(chart, 0.5);
  await expect.poll(() => cardLabels(page)).toEqual(['mean', 'p50', 'p80']);
  expect((await chart.getAttribute('data-hover-points'))!.split(' ')).toHaveLength(3);
  expect(await rowColour(page, 'p80')).toBe(p80);

  // Double-click solos (a hidden line too); a second double-click shows every line.
  await item(chart, 'p95').dblclick();
  await expect(chart).toHaveAttribute('data-lines', '1');
  await expect(item(chart, 'p95')).toHaveAttribute('aria-pressed', 'true');
  await expect(item(chart, 'mean')).toHaveAttribute('data-hidden', 'true');
  await expect.poll(() => yMax(chart)).toBeGreaterThanOrEqual(4);
  await hover(chart);
  await expect.poll(() => cardLabels(page)).toEqual(['p95']);
  await item(chart, 'p95').dblclick();
  await expect(chart).toHaveAttribute('data-lines', '4');
  await expect(chart.locator('[data-hidden="true"]')).toHaveCount(0);
  expect(await yMax(chart)).toBe(fullY);

  // The keyboard: Enter and Space toggle the focused entry.
  await item(chart, 'p50').focus();
  await page.keyboard.press('Enter');
  await expect(chart).toHaveAttribute('data-lines', '3');
  await expect(item(chart, 'p50')).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Space');
  await expect(chart).toHaveAttribute('data-lines', '4');

  // Every line hidden: the chart says so rather than "no points yet".
  for (const q of Object.keys(LEVELS)) await item(chart, q).click();
  await expect(chart).toHaveAttribute('data-lines', '0');
  await expect(chart.getByText('every line hidden')).toBeVisible();
  for (const q of Object.keys(LEVELS)) await item(chart, q).click();

  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await item(chart, 'p95').click();
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await hover(chart, 0.55);
    await expect(page.getByTestId('hover-card')).toBeVisible();
    const box = (await chart.boundingBox())!;
    await page.screenshot({
      path: resolve(SCREENSHOT_DIR, `chart-legend-hidden-${theme}.png`),
      clip: { x: box.x - 8, y: box.y - 8, width: box.width + 260, height: box.height + 16 },
    });
  }
  expect(problems).toEqual([]);
});

test('scrolling the page hides the hover card; moving the pointer shows it again', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1100, height: 560 });
  await page.goto(`${served.serve.url}#/runs/${runId}`);
  const chart = quantiles(page);
  await expect(chart).toHaveAttribute('data-lines', '4');
  await chart.scrollIntoViewIfNeeded();
  await hover(chart);
  const card = page.getByTestId('hover-card');
  await expect(card).toBeVisible();
  const canvas = chart.locator('canvas');
  const before = (await canvas.boundingBox())!;
  // A short scroll: the pointer (at the canvas' middle) stays over the canvas, the chart moves.
  await page.mouse.wheel(0, 40);
  await expect.poll(async () => (await canvas.boundingBox())!.y).toBeLessThan(before.y);
  const after = (await canvas.boundingBox())!;
  expect(after.y + after.height).toBeGreaterThan(before.y + before.height / 2);
  await expect(card).toHaveCount(0);
  await expect(chart).toHaveAttribute('data-hover-x', '');
  await hover(chart, 0.4);
  await expect(card).toBeVisible();
});
