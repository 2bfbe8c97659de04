// The analysis job bar's Cancel button in serve mode: a real overlap job starts in a child
// process, Cancel kills it, and the bar says the last run was cancelled (the job row too).
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ServeHandle } from '../helpers/serve';
import { openStore } from '../../src-main/store';
import { makeTinyRun } from '../integration/analysis-fixture';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';
import { SCREENSHOT_DIR } from './support/screens';

let served: ServedDb;
let db: string;
let serve: ServeHandle;
let runId: number;

test.beforeAll(async () => {
  served = await serveDb('empty', async (store, { dir }) => {
    runId = await makeTinyRun(store, dir);
  });
  ({ db, serve } = served);
});

test.afterAll(async () => {
  await served?.close();
});

test('a running analysis can be cancelled from the job bar', async ({ page }) => {
  const problems = watchProblems(page);
  await page.goto(`${serve.url}#/runs/${runId}/overlap`);
  await page.getByTestId('run-analysis').click();
  await expect(page.getByTestId('analysis-progress')).toBeVisible();
  const bar = page.getByTestId('analysis-bar');
  await bar.screenshot({ path: join(SCREENSHOT_DIR, 'analysis-bar-running.png') });
  await page.getByTestId('cancel-analysis').click();
  await expect(page.getByTestId('analysis-ended')).toContainText('Last run cancelled');
  await bar.screenshot({ path: join(SCREENSHOT_DIR, 'analysis-bar-cancelled.png') });
  await expect(page.getByTestId('cancel-analysis')).toHaveCount(0);
  await expect(page.getByTestId('run-analysis')).toBeEnabled();
  const store = openStore(db);
  try {
    const [job] = store.analysisResults.list(runId);
    expect(job).toMatchObject({ status: 'cancelled', result: null });
  } finally {
    store.close();
  }
  expect(problems).toEqual([]);
});
