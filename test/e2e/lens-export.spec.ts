// Exports from the token-entropy lens views in serve mode (real Chromium): the entropy view's
// histogram (PNG, SVG, PDF, CSV, for all steps and for one), its forking tokens, one rollout and a
// whole step of the rollouts view, and the overlap and temperature views' figures and data; every
// downloaded file is checked against the database.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Download, Page } from '@playwright/test';
import { parseCsv } from '../../src-main/services/export/csv';
import { ROLLOUT_HEADER } from '../../src-main/services/export/lens-csv';
import { openStore } from '../../src-main/store';
import { overlapResult, temperatureResult } from '../fixtures/analysis-results';
import { checkPdf } from '../unit/figures/pdf-check';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';

let served: ServedDb;
let db: string;
let runId: number;

test.beforeAll(async () => {
  served = await serveDb('seeded');
  db = join(served.dir, 'workbench.db');
  runId = served.seed!.runs['top-20'] as number;
  // Finished analyses to export (the server reads them on request).
  const store = openStore(db);
  try {
    const a = store.analysisResults.create(runId, 'overlap', {});
    store.analysisResults.finish(a, { result: overlapResult(runId) });
    const t = store.analysisResults.create(runId, 'temperature', {});
    store.analysisResults.finish(t, { result: temperatureResult(runId) });
  } finally {
    store.close();
  }
});

test.afterAll(async () => {
  await served?.close();
});

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
});

function stepSummaries() {
  const store = openStore(db);
  try {
    return store.rollouts.stepSummaries(runId);
  } finally {
    store.close();
  }
}

function samplesAt(step: number) {
  const store = openStore(db);
  try {
    return store.rollouts.list(runId, step);
  } finally {
    store.close();
  }
}

/** Opens the export menu `menu` (a test id) and downloads `format`. */
async function pick(page: Page, menu: string, format: string, nth = 0): Promise<Download> {
  const root = page.getByTestId(menu).nth(nth);
  await root.locator('button.trigger').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    root.locator(`[data-export="${format}"]`).click(),
  ]);
  return download;
}

const bytes = async (d: Download) => readFileSync(await d.path());
const text = async (d: Download) => (await bytes(d)).toString('utf8');
const pngSize = (b: Buffer) => [b.readUInt32BE(16), b.readUInt32BE(20)];

test('the entropy view exports its histogram, percentiles and forking tokens', async ({ page }) => {
  const problems = watchProblems(page);
  const summaries = stepSummaries();
  const total = summaries.reduce((n, s) => n + s.tokens, 0);
  await page.goto(`${served.serve.url}#/runs/${runId}/entropy`);
  await expect(page.getByTestId('dist-facts')).toContainText(total.toLocaleString('en-US'));

  const menu = page.getByTestId('h-dist-export');
  await menu.locator('button.trigger').click();
  await expect(menu.getByRole('menuitem')).toHaveText([
    'PNG (2×)',
    'PNG (3×)',
    'SVG',
    'PDF',
    'CSV (data)',
    'JSON (data)',
  ]);
  await page.screenshot({ path: test.info().outputPath('entropy-menu.png') });
  await page.keyboard.press('Escape');

  const png = await pick(page, 'h-dist-export', 'png2');
  expect(png.suggestedFilename()).toBe(`run-${runId}-entropy-histogram@2x.png`);
  const pngBytes = await bytes(png);
  expect(pngBytes.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  expect(pngSize(pngBytes)).toEqual([960, 600]);
  await png.saveAs(test.info().outputPath('histogram@2x.png'));

  const svg = await text(await pick(page, 'h-dist-export', 'svg'));
  const parsed = await page.evaluate((s) => {
    const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      markers: [...doc.querySelectorAll('path.marker')].map((p) => p.getAttribute('data-label')),
      bars: doc.querySelectorAll('path.bar').length,
    };
  }, svg);
  expect(parsed.error).toBeNull();
  expect(parsed.markers.map((m) => m?.split(' ')[0]).sort()).toEqual(['0.01', 'p50', 'p80', 'p95']);
  expect(parsed.bars).toBeGreaterThan(10);

  const pdf = await bytes(await pick(page, 'h-dist-export', 'pdf'));
  expect(checkPdf(new Uint8Array(pdf)).pages).toBe(1);

  const bins = (csv: string) => parseCsv(csv).filter((r) => r[0] === 'bin');
  const all = bins(await text(await pick(page, 'h-dist-export', 'csv')));
  expect(all.reduce((n, r) => n + Number(r[4]), 0)).toBe(total);

  // One step: the export follows the view's selection.
  await page.getByTestId('dist-step').selectOption('40');
  const at40 = summaries.find((s) => s.step === 40)!.tokens;
  await expect(page.getByTestId('dist-facts')).toContainText(at40.toLocaleString('en-US'));
  const one = await pick(page, 'h-dist-export', 'csv');
  expect(one.suggestedFilename()).toBe(`run-${runId}-entropy-histogram-step-40.csv`);
  expect(bins(await text(one)).reduce((n, r) => n + Number(r[4]), 0)).toBe(at40);

  const pct = parseCsv(await text(await pick(page, 'h-pct-export', 'csv')));
  expect(pct.slice(1).map((r) => Number(r[0]))).toEqual(summaries.map((s) => s.step));

  const tokens = parseCsv(await text(await pick(page, 'h-forks-export', 'csv')));
  const highest = tokens.filter((r) => r[0] === 'highest');
  await expect(page.getByTestId('table-highest').locator('tbody tr')).toHaveCount(highest.length);
  const cloud = await bytes(await pick(page, 'h-forks-export', 'png3'));
  expect(pngSize(cloud)[0]).toBe(1440);
  expect(problems).toEqual([]);
});

test('the rollouts view exports one rollout and a whole step', async ({ page }) => {
  const problems = watchProblems(page);
  await page.goto(`${served.serve.url}#/runs/${runId}/rollouts?step=40`);
  const first = page.getByTestId('rollout').first();
  await expect(first).toBeVisible();
  const idx = Number(await first.getAttribute('data-idx'));
  const sample = samplesAt(40).find((s) => s.idx === idx)!;

  await first.getByTestId('rollout-export').locator('button.trigger').click();
  await page.screenshot({ path: test.info().outputPath('rollout-menu.png') });
  await page.keyboard.press('Escape');

  const png = await pick(page, 'rollout-export', 'png2');
  expect(png.suggestedFilename()).toBe(`run-${runId}-step-40-rollout-${idx}@2x.png`);
  const pngBytes = await bytes(png);
  expect(pngSize(pngBytes)[0]).toBe(960);
  await png.saveAs(test.info().outputPath('rollout@2x.png'));

  const csv = parseCsv(await text(await pick(page, 'rollout-export', 'csv')));
  expect(csv[0]).toEqual([...ROLLOUT_HEADER]);
  expect(csv.slice(1).map((r) => Number(r[3]))).toEqual(sample.tokens);
  csv.slice(1).forEach((r, i) => expect(Number(r[5])).toBeCloseTo(sample.entropies[i]!, 3));

  // Colour by mask: the SVG says so in its legend.
  await page.getByTestId('colour-mask').click();
  const svg = await text(await pick(page, 'rollout-export', 'svg'));
  expect(svg).toContain(`step 40 · rollout #${idx}`);
  expect(svg).toContain('got gradient');

  const step = await pick(page, 'step-export', 'pdf');
  expect(step.suggestedFilename()).toBe(`run-${runId}-step-40-rollouts.pdf`);
  expect(checkPdf(new Uint8Array(await bytes(step))).pages).toBe(samplesAt(40).length);
  expect(problems).toEqual([]);
});

test('the overlap and temperature views export their figures and tables', async ({ page }) => {
  const problems = watchProblems(page);
  await page.goto(`${served.serve.url}#/runs/${runId}/overlap`);
  await expect(page.getByTestId('overlap-table').locator('tbody tr')).toHaveCount(7);
  const table = parseCsv(await text(await pick(page, 'h-table-export', 'csv')));
  expect(table[1]).toEqual(['base (arithmetic-base)', '0', '0.52', '1', '0.874']);
  const bars = await text(await pick(page, 'h-bins-export', 'svg'));
  expect(bars.match(/class="bar"/g)).toHaveLength(20);
  expect(
    checkPdf(new Uint8Array(await bytes(await pick(page, 'h-lines-export', 'pdf')))).pages,
  ).toBe(1);

  await page.goto(`${served.serve.url}#/runs/${runId}/temperature`);
  await expect(page.getByTestId('temperature-table').locator('tbody tr')).toHaveCount(8);
  const points = parseCsv(await text(await pick(page, 'h-ttable-export', 'csv')));
  expect(points).toHaveLength(17);
  const fig = await bytes(await pick(page, 'h-curves-export', 'png2'));
  expect(pngSize(fig)).toEqual([960, 600]);
  expect(problems).toEqual([]);
});
