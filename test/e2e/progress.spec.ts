// Progress as trackers show it: a running run says "step 119 of 200", its rate and an ETA that
// ticks every second (so does its duration); its experiment says "k of n done" and an ETA.
import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { SCREENSHOT_DIR } from './support/screens';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';

// Fixture-data shots for review only (test-results/); docs show real runs (scripts/screenshots.ts).
const SHOTS = SCREENSHOT_DIR;
let served: ServedDb;
test.beforeAll(async () => {
  served = await serveDb('seeded');
});
test.afterAll(async () => {
  await served?.close();
});

const seconds = (text: string): number => {
  const m = /(?:(\d+) min )?(\d+) s/.exec(text);
  return m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : NaN;
};

test('a running run shows step of total, rate and a ticking ETA and duration', async ({ page }) => {
  const problems = watchProblems(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  const id = served.seed!.runs['top-20']!;
  await page.goto(`${served.serve.url}#/runs/${id}`);
  const progress = page.getByTestId('run-progress');
  await expect(progress.getByTestId('run-step')).toHaveText('step 119 of 200');
  // The seed logs a step every 12.5 s.
  await expect(progress.getByTestId('run-rate')).toHaveText('12.5 s/step');
  const eta = progress.getByTestId('run-eta');
  await expect(eta).toHaveText(/^ETA 1[56] min \d+ s$/);
  const duration = page
    .getByTestId('run-meta')
    .locator('div', { hasText: 'Duration' })
    .locator('dd');
  const eta1 = seconds((await eta.textContent()) ?? '');
  const d1 = seconds((await duration.textContent()) ?? '');
  await page.waitForTimeout(2100);
  expect(seconds((await eta.textContent()) ?? '')).toBeLessThanOrEqual(eta1 - 2);
  expect(seconds((await duration.textContent()) ?? '')).toBeGreaterThanOrEqual(d1 + 2);
  await expect(page.getByTestId('run-meta')).toContainText('119 of 200');
  await page.mouse.move(0, 0);
  await page.screenshot({ path: resolve(SHOTS, 'ui-run-eta.png') });

  // A finished run: step of total, no rate or ETA.
  await page.goto(`${served.serve.url}#/runs/${served.seed!.runs['all-tokens']!}`);
  await expect(page.getByTestId('run-step')).toHaveText('step 199 of 200'); // the seed logs steps 0–199;
  await expect(page.getByTestId('run-eta')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('an experiment with queued and running runs shows k of n done and an ETA', async ({
  page,
}) => {
  await page.goto(`${served.serve.url}#/experiments/${served.seed!.experiments.rhoAblation}`);
  const sweep = page.getByTestId('sweep-progress');
  // finished, failed, stopped, crashed of six; top-20 running, top-50 queued.
  await expect(sweep.getByTestId('sweep-done')).toHaveText('4 of 6 done');
  await expect(sweep).toContainText('1 running · 1 queued');
  // ~17 min left for top-20 plus 200 steps × 12.5 s for top-50.
  await expect(sweep.getByTestId('sweep-eta')).toHaveText(/^ETA 5[89] min \d+ s$/);
  await page.goto(`${served.serve.url}#/experiments/${served.seed!.experiments.quickDemo}`);
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await expect(page.getByTestId('sweep-progress')).toHaveCount(0);
});
