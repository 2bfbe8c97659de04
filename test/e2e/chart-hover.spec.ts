// Hover with many runs: the card ranks the runs by value at the hovered step, lists at most 12,
// never covers a hovered point, and every other chart of the page follows with its crosshair.
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultRunConfig } from '../../src-main/contract/run-config';
import type { Store } from '../../src-main/store';
import { SCREENSHOT_DIR, setTheme } from './support/screens';
import { dragZoom } from './support/drag-zoom';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';

const RUNS = 14;
const STEPS = 200;

/** Fixture runs whose reward ranks by index at every step (run-13 highest), two metrics each. */
function seedRuns(store: Store): { experiment: number; runs: number[] } {
  const experiment = store.experiments.create({ name: 'many-runs', description: 'Fixture' });
  const t0 = Date.parse('2026-11-01T10:00:00Z') / 1000;
  const runs = Array.from({ length: RUNS }, (_, i) => {
    const config = defaultRunConfig();
    config.seed = i;
    const id = store.runs.create({
      experimentId: experiment,
      name: `run-${i}`,
      task: config.task,
      maskMode: config.mask.mode,
      seed: i,
      config: config as unknown as Record<string, unknown>,
      status: 'finished',
      backend: 'wasm',
      device: 'cpu',
      createdAt: new Date((t0 + i * 60) * 1000).toISOString(),
    });
    const points = [];
    for (let step = 1; step <= STEPS; step++) {
      const f = step / STEPS;
      const wallTime = t0 + step * 2;
      points.push({ key: 'reward/mean', step, wallTime, value: (0.1 + 0.05 * i) * f });
      points.push({ key: 'accuracy', step, wallTime, value: (0.9 - 0.04 * i) * f });
    }
    store.metrics.insert(id, points);
    return id;
  });
  return { experiment, runs };
}

let served: ServedDb;
let seeded: { experiment: number; runs: number[] };
test.beforeAll(async () => {
  served = await serveDb('empty', (store) => {
    seeded = seedRuns(store);
  });
});
test.afterAll(async () => {
  await served?.close();
});
test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
});

const chart = (page: Page, name: string) =>
  page.locator(`[data-testid="chart"][data-chart="${name}"]`);

/** Moves the pointer to a fraction of the chart's canvas; returns that window position. */
async function hoverAt(c: Locator, fx: number, fy = 0.5): Promise<{ x: number; y: number }> {
  const box = (await c.locator('canvas').boundingBox())!;
  const at = { x: box.x + box.width * fx, y: box.y + box.height * fy };
  await c.page().mouse.move(at.x, at.y, { steps: 3 });
  return at;
}

/** Waits until the chart's canvas has stopped moving (a resize re-lays the page out). */
async function settled(c: Locator): Promise<void> {
  let last = '';
  await expect
    .poll(async () => {
      const box = JSON.stringify(await c.locator('canvas').boundingBox());
      const same = box === last;
      last = box;
      return same;
    })
    .toBe(true);
}

/** The marked points of a chart, in window pixels (data-hover-points is in canvas pixels). */
async function markedPoints(c: Locator): Promise<{ x: number; y: number }[]> {
  const box = (await c.locator('canvas').boundingBox())!;
  const attr = (await c.getAttribute('data-hover-points')) ?? '';
  return attr
    .split(' ')
    .filter(Boolean)
    .map((xy) => xy.split(',').map(Number) as [number, number])
    .map(([x, y]) => ({ x: box.x + x, y: box.y + y }));
}

test('the card ranks 14 runs by value, lists 12 and “+2 more”, and covers no hovered point', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await page.goto(`${served.serve.url}#/compare?experiment=${seeded.experiment}`);
  const reward = chart(page, 'reward/mean');
  await expect(reward).toHaveAttribute('data-lines', String(RUNS));
  const card = page.getByTestId('hover-card');

  const checkCard = async (cursor: { x: number; y: number }) => {
    await expect(card).toBeVisible();
    await expect(card).not.toHaveAttribute('data-side', '');
    const rows = card.getByTestId('hover-row');
    await expect(rows).toHaveCount(12);
    await expect(card.getByTestId('hover-more')).toHaveText('+2 more');
    const values = (await rows.evaluateAll((els) =>
      els.map((e) => Number(e.getAttribute('data-value'))),
    )) as number[];
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(values[0]).toBeGreaterThan(values[11]!);
    await expect(rows.first()).toHaveAttribute('data-label', /run-13$/);
    await expect(rows.last()).toHaveAttribute('data-label', /run-2$/);

    // Every run is marked at the hovered step; no marker, nor the cursor, is under the card.
    const points = await markedPoints(reward);
    expect(points).toHaveLength(RUNS);
    const b = (await card.boundingBox())!;
    const under = (p: { x: number; y: number }) =>
      p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;
    expect(points.filter(under)).toEqual([]);
    expect(under(cursor)).toBe(false);
    // Height-capped: 12 rows and a heading, inside the window.
    expect(b.height).toBeLessThan(16 * 14 + 20);
    const view = page.viewportSize()!;
    expect(b.y).toBeGreaterThanOrEqual(0);
    expect(b.y + b.height).toBeLessThanOrEqual(view.height);
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width).toBeLessThanOrEqual(view.width);
  };
  for (const [fx, fy] of [
    [0.2, 0.5],
    [0.5, 0.1],
    [0.62, 0.9],
    [0.95, 0.5],
  ] as const) {
    await checkCard(await hoverAt(reward, fx, fy));
    await expect(card).toHaveAttribute('data-side', 'right');
  }
  // Where the chart reaches the window's right edge, the card flips to the cursor's left.
  await page.setViewportSize({ width: 720, height: 900 });
  await settled(reward);
  await checkCard(await hoverAt(reward, 0.95));
  await expect(card).toHaveAttribute('data-side', 'left');
  await checkCard(await hoverAt(reward, 0.2));
  await expect(card).toHaveAttribute('data-side', 'right');
  await page.setViewportSize({ width: 1440, height: 900 });

  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await hoverAt(reward, 0.62, 0.35);
    await expect(card).toBeVisible();
    await page.screenshot({ path: resolve(SCREENSHOT_DIR, `compare-hover-14-${theme}.png`) });
    const detail = resolve(SCREENSHOT_DIR, `compare-hover-14-detail-${theme}.png`);
    await page.screenshot({ path: detail, clip: { x: 0, y: 150, width: 820, height: 290 } });
  }
  await page.mouse.move(2, 2);
  await expect(card).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('hovering one compare chart moves the crosshair on the others; only it shows the card', async ({
  page,
}) => {
  await page.goto(`${served.serve.url}#/compare?experiment=${seeded.experiment}`);
  const reward = chart(page, 'reward/mean');
  const accuracy = chart(page, 'accuracy');
  await expect(accuracy).toHaveAttribute('data-lines', String(RUNS));
  await expect(accuracy).toHaveAttribute('data-hover-x', '');

  await hoverAt(reward, 0.3);
  const x1 = Number(await reward.getAttribute('data-hover-x'));
  expect(x1).toBeGreaterThan(1);
  await expect(accuracy).toHaveAttribute('data-hover-x', String(x1));
  expect((await markedPoints(accuracy)).length).toBe(RUNS);
  const px1 = Number(await accuracy.getAttribute('data-crosshair-px'));
  await expect(page.getByTestId('hover-card')).toHaveCount(1);
  await expect(reward.getByTestId('hover-card')).toHaveCount(1);

  await hoverAt(reward, 0.8);
  await expect(accuracy).not.toHaveAttribute('data-hover-x', String(x1));
  const x2 = Number(await accuracy.getAttribute('data-hover-x'));
  expect(x2).toBeGreaterThan(x1);
  expect(Number(await accuracy.getAttribute('data-crosshair-px'))).toBeGreaterThan(px1);
  await expect(accuracy.getByTestId('crosshair')).toBeVisible();

  // The other way round, and away.
  await hoverAt(accuracy, 0.5);
  await expect(reward).toHaveAttribute(
    'data-hover-x',
    (await accuracy.getAttribute('data-hover-x'))!,
  );
  await expect(accuracy.getByTestId('hover-card')).toHaveCount(1);
  await expect(reward.getByTestId('hover-card')).toHaveCount(0);
  await page.mouse.move(2, 2);
  await expect(reward).toHaveAttribute('data-hover-x', '');
  await expect(accuracy).toHaveAttribute('data-hover-x', '');
});

test('a run page hovers and zooms all its metric charts together', async ({ page }) => {
  await page.goto(`${served.serve.url}#/runs/${seeded.runs[3]}`);
  const reward = chart(page, 'reward/mean');
  const accuracy = chart(page, 'accuracy');
  await expect(reward).toHaveAttribute('data-points', String(STEPS));
  await expect(accuracy).toHaveAttribute('data-points', String(STEPS));

  await hoverAt(accuracy, 0.4);
  const x = (await accuracy.getAttribute('data-hover-x'))!;
  expect(Number(x)).toBeGreaterThan(1);
  await expect(reward).toHaveAttribute('data-hover-x', x);
  await expect(page.getByTestId('hover-card')).toHaveCount(1);
  await expect(accuracy.getByTestId('hover-row')).toHaveCount(1);

  // Drag-zoom on one chart zooms the other; reset on either resets both.
  await dragZoom(accuracy);
  await expect(accuracy).toHaveAttribute('data-zoomed', 'true');
  await expect(reward).toHaveAttribute('data-zoomed', 'true');
  await expect(reward).toHaveAttribute(
    'data-xticks',
    (await accuracy.getAttribute('data-xticks'))!,
  );
  await reward.getByTestId('reset-zoom').click();
  await expect(accuracy).toHaveAttribute('data-zoomed', 'false');
});
