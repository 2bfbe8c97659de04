// Export from the run page in serve mode: PNG, SVG, PDF and CSV of one chart, then the run's
// figure sheet and metrics CSV; every downloaded file is checked against the database.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Download, Page } from '@playwright/test';
import { openStore } from '../../src-main/store';
import { parseCsv } from '../../src-main/services/export/csv';
import { checkPdf } from '../unit/figures/pdf-check';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';

let served: ServedDb;

test.beforeAll(async () => {
  served = await serveDb('seeded');
});
test.afterAll(async () => {
  await served?.close();
});

function dbRows(runId: number, key?: string) {
  const store = openStore(join(served.dir, 'workbench.db'));
  try {
    return store.metrics
      .series(runId, key ? { keys: [key] } : {})
      .flatMap((s) => s.points.map((p) => ({ key: s.key, ...p })));
  } finally {
    store.close();
  }
}

async function saved(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFileSync(path);
}

async function chartExport(page: Page, chart: string, format: string): Promise<Download> {
  const cell = page.locator('.chart-cell').filter({ has: page.locator(`[data-chart="${chart}"]`) });
  await cell.getByTestId('chart-export').locator('button.trigger').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    cell.locator(`[data-export="${format}"]`).click(),
  ]);
  return download;
}

test('one chart exports as PNG (2×, 3×), SVG, PDF and CSV', async ({ page }) => {
  const problems = watchProblems(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  const runId = served.seed!.runs['all-tokens'] as number;
  await page.goto(`${served.serve.url}#/runs/${runId}`);
  const chart = page.locator('[data-chart="reward/mean"]');
  await expect(chart).toBeVisible();
  const box = (await chart.boundingBox())!;
  const cell = page.locator('.chart-cell').filter({ has: chart });
  await cell.getByTestId('chart-export').locator('button.trigger').click();
  await expect(cell.getByRole('menuitem')).toHaveCount(5);
  await page.screenshot({ path: test.info().outputPath('menu.png') });
  await page.keyboard.press('Escape');
  await expect(cell.getByRole('menuitem')).toHaveCount(0);

  for (const [format, scale] of [
    ['png2', 2],
    ['png3', 3],
  ] as const) {
    const png = await chartExport(page, 'reward/mean', format);
    expect(png.suggestedFilename()).toBe(`run-${runId}-reward_mean@${scale}x.png`);
    const bytes = await saved(png);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    expect(width).toBe(480 * scale);
    expect(height).toBe(300 * scale);
    expect(width).toBeGreaterThanOrEqual(2 * box.width);
    await png.saveAs(test.info().outputPath(`chart@${scale}x.png`));
  }

  const svg = (await saved(await chartExport(page, 'reward/mean', 'svg'))).toString('utf8');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.nodeName,
      series: doc.querySelectorAll('path.series').length,
    };
  }, svg);
  expect(parsed).toEqual({ error: null, root: 'svg', series: 2 });

  const pdf = await saved(await chartExport(page, 'reward/mean', 'pdf'));
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(checkPdf(new Uint8Array(pdf)).pages).toBe(1);

  const csv = parseCsv((await saved(await chartExport(page, 'reward/mean', 'csv'))).toString());
  expect(csv[0]).toEqual(['Wall time', 'Step', 'Value']);
  expect(csv.slice(1).map((r) => r.map(Number))).toEqual(
    dbRows(runId, 'reward/mean').map((p) => [p.wallTime, p.step, p.value]),
  );
  expect(problems).toEqual([]);
});

test('the run menu exports a figure sheet, metrics CSV, log and bundle', async ({ page }) => {
  const runId = served.seed!.runs['bottom-80'] as number;
  await page.goto(`${served.serve.url}#/runs/${runId}`);
  await expect(page.locator('[data-chart="reward/mean"]')).toBeVisible();
  const charts = await page.getByTestId('chart').count();
  const menu = page.getByTestId('run-export');
  const pick = async (id: string) => {
    await menu.locator('button.trigger').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      menu.locator(`[data-export="${id}"]`).click(),
    ]);
    return download;
  };
  const sheet = await saved(await pick('sheet'));
  expect(checkPdf(new Uint8Array(sheet)).pages).toBe(charts);

  const csv = parseCsv((await saved(await pick('csv'))).toString());
  expect(csv[0]).toEqual(['run_id', 'run', 'key', 'step', 'wall_time', 'value']);
  const rows = dbRows(runId);
  expect(csv.length - 1).toBe(rows.length);
  const byKey = (r: { key: string; step: number }) => `${r.key}@${r.step}`;
  const db = new Map(rows.map((r) => [byKey(r), r.value]));
  for (const r of csv.slice(1)) expect(Number(r[5])).toBe(db.get(`${r[2]}@${r[3]}`));

  const log = await pick('log');
  expect(log.suggestedFilename()).toMatch(/\.log\.txt$/);
  const bundle = (await saved(await pick('bundle'))).toString().trimEnd().split('\n');
  expect(JSON.parse(bundle[0] as string).type).toBe('header');
  expect(bundle.every((l) => typeof JSON.parse(l).type === 'string')).toBe(true);
});
