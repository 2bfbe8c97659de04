// The token-rules view in serve mode (real Chromium): on one stored step, a strip row per rule
// with counts that match the API, the Jaccard matrix, the CSV export checked against the
// database, and the KL-Cov warning in the new-run form.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parseCsv } from '../../src-main/services/export/csv';
import { openStore } from '../../src-main/store';
import { SCREENSHOT_DIR } from './support/screens';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';

let served: ServedDb;
let runId: number;

test.beforeAll(async () => {
  served = await serveDb('seeded');
  runId = served.seed!.runs['top-20'] as number;
});
test.afterAll(async () => {
  await served?.close();
});

test('compares the token rules on one stored batch and exports it', async ({ page }) => {
  const problems = watchProblems(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  const store = openStore(served.db);
  const steps = store.rollouts.stepSummaries(runId);
  const last = steps[steps.length - 1]!;
  store.close();

  await page.goto(`${served.serve.url}#/runs/${runId}/rules`);
  const strips = page.getByTestId('rule-strips');
  await expect(strips).toBeVisible();
  await expect(page.getByTestId('tab-rules')).toHaveAttribute('aria-selected', 'true');
  const rows = strips.locator('[data-testid^="rule-"]');
  await expect(rows).toHaveCount(9);
  // top ρ = 20% of the step's tokens (k = ⌈ρN⌉), bottom the rest.
  const k = Math.ceil(0.2 * last.tokens - 1e-9);
  await expect(page.getByTestId('rule-top')).toContainText(`selected ${k} of ${last.tokens}`);
  await expect(page.getByTestId('rule-bottom')).toContainText(
    `selected ${last.tokens - k} of ${last.tokens}`,
  );
  // 4 samples per rule by default, with marked tokens highlighted.
  await expect(page.getByTestId('rule-top').locator('.strip')).toHaveCount(4);
  expect(await page.getByTestId('rule-top').locator('.tok.on').count()).toBeGreaterThan(0);
  // The Jaccard matrix: 9 × 9, 1.00 on the diagonal, top vs bottom disjoint.
  const cells = page.getByTestId('rule-jaccard').locator('tbody tr');
  await expect(cells).toHaveCount(9);
  await expect(cells.nth(0).locator('td').nth(0)).toHaveText('1.00');
  await expect(cells.nth(0).locator('td').nth(1)).toHaveText('0.00');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/lens-rules.png`, fullPage: true });

  const root = page.getByTestId('rules-export');
  await root.locator('button.trigger').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    root.locator('[data-export="csv"]').click(),
  ]);
  const csv = parseCsv(readFileSync((await download.path())!, 'utf8'));
  expect(csv[0]).toEqual(['kind', 'rule', 'idx', 'pos', 'token', 'marked', 'weight', 'value']);
  const topMarked = csv.filter((r) => r[0] === 'token' && r[1] === 'top' && r[5] === '1');
  expect(topMarked).toHaveLength(k);
  expect(csv.filter((r) => r[0] === 'jaccard')).toHaveLength(81);
  expect(problems).toEqual([]);
});

test('the new-run form flags KL-Cov with one update per rollout as inert', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`${served.serve.url}#/new`);
  const section = page.getByTestId('form-section-tokenRule');
  await expect(section).toBeVisible();
  // Only the chosen rule's parameters are shown.
  await expect(section.getByTestId('field-tokenRule.klCovRatio')).toHaveCount(0);
  await section.locator('#f-tokenRule-kind').selectOption('kl-cov');
  await expect(section.getByTestId('field-tokenRule.klCovRatio')).toBeVisible();
  await page.locator('#f-rl-miniBatches').fill('1');
  await page.locator('#f-rl-ppoEpochs').fill('1');
  const warning = section.getByTestId('field-warning');
  await expect(warning).toContainText('KL-Cov is inert');
  await section.screenshot({ path: `${SCREENSHOT_DIR}/form-kl-cov-inert.png` });
  await page.locator('#f-rl-miniBatches').fill('2');
  await expect(warning).toHaveCount(0);
});
