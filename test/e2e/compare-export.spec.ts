// Export from the compare view grouped by mask.mode (serve mode, seeded database): SVG with the
// groups' mean ± std bands, a one-page PDF, long CSV of every run shown, PNG at 2×, and the
// figure sheet of all compare charts; every downloaded file is checked against the database.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Download, Locator, Page } from '@playwright/test';
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

function dbRows(runIds: number[], key: string) {
  const store = openStore(join(served.dir, 'workbench.db'));
  try {
    return runIds.flatMap((id) =>
      store.metrics
        .series(id, { keys: [key] })
        .flatMap((s) => s.points.map((p) => ({ runId: id, key: s.key, ...p }))),
    );
  } finally {
    store.close();
  }
}

async function saved(download: Download): Promise<Buffer> {
  return readFileSync(await download.path());
}

async function pick(page: Page, menu: Locator, format: string): Promise<Download> {
  await menu.locator('button.trigger').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    menu.locator(`[data-export="${format}"]`).click(),
  ]);
  return download;
}

test('compare grouped by mask.mode exports SVG, PDF, CSV and PNG as on screen', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  const expId = served.seed!.experiments.rhoAblation;
  await page.goto(`${served.serve.url}#/compare?experiment=${expId}`);
  await expect(page.getByTestId('compare-table').locator('tbody tr')).toHaveCount(6);
  await page.getByTestId('group-mask.mode').click();
  await expect(page.getByTestId('group-legend')).toHaveCount(4);
  const runIds = Object.entries(served.seed!.runs)
    .filter(([name]) => name !== 'demo')
    .map(([, id]) => id)
    .sort((a, b) => a - b);

  const cell = page.getByTestId('compare-chart').filter({
    has: page.locator('[data-chart="reward/mean"]'),
  });
  await expect(cell).toHaveCount(1);
  const menu = cell.getByTestId('chart-export');

  // SVG: parses, and the "top" group (three runs, two with points) has a shaded band.
  const svg = (await saved(await pick(page, menu, 'svg'))).toString('utf8');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.nodeName,
      bands: [...doc.querySelectorAll('path[fill-opacity]')].filter((p) =>
        /Z$/.test(p.getAttribute('d') ?? ''),
      ).length,
      labels: [...doc.querySelectorAll('path.series')].map((p) => p.getAttribute('data-label')),
    };
  }, svg);
  expect(parsed.error).toBeNull();
  expect(parsed.root).toBe('svg');
  expect(parsed.bands).toBeGreaterThanOrEqual(1);
  expect(parsed.labels.some((l) => /mean ± std, n=2/.test(l ?? ''))).toBe(true);

  // PDF: a valid one-page document.
  const pdf = await saved(await pick(page, menu, 'pdf'));
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(checkPdf(new Uint8Array(pdf)).pages).toBe(1);

  // CSV: long format, exactly the database's rows for the runs shown.
  const csv = parseCsv((await saved(await pick(page, menu, 'csv'))).toString());
  expect(csv[0]).toEqual(['run_id', 'run', 'key', 'step', 'wall_time', 'value']);
  const rows = dbRows(runIds, 'reward/mean');
  expect(csv.length - 1).toBe(rows.length);
  const db = new Map(rows.map((r) => [`${r.runId}@${r.step}`, r.value]));
  for (const r of csv.slice(1)) {
    expect(r[2]).toBe('reward/mean');
    expect(Number(r[5])).toBe(db.get(`${r[0]}@${r[3]}`));
  }

  // PNG at 2×: the figure's size (480 × 300) doubled.
  const png = await pick(page, menu, 'png2');
  expect(png.suggestedFilename()).toMatch(/@2x\.png$/);
  const bytes = await saved(png);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([960, 600]);

  // The figure sheet: one page per compare chart.
  const charts = await page.getByTestId('compare-chart').count();
  const sheet = await saved(await pick(page, page.getByTestId('compare-export'), 'sheet'));
  expect(checkPdf(new Uint8Array(sheet)).pages).toBe(charts);
  expect(problems).toEqual([]);
});

test('the experiment page exports a figure sheet and CSV of all its runs', async ({ page }) => {
  const expId = served.seed!.experiments.rhoAblation;
  await page.goto(`${served.serve.url}#/experiments/${expId}`);
  const menu = page.getByTestId('experiment-export');
  await expect(menu).toBeVisible();
  const sheet = await saved(await pick(page, menu, 'sheet'));
  expect(checkPdf(new Uint8Array(sheet)).pages).toBeGreaterThan(1);
  const csv = parseCsv((await saved(await pick(page, menu, 'csv'))).toString());
  const runIds = new Set(csv.slice(1).map((r) => Number(r[0])));
  expect(runIds.size).toBe(5); // six runs, one of them queued without metrics
});
