// Configure, launch, watch and stop runs through the real UI (serve mode with the run queue on).
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe } from '../helpers/serve';
import type { ServeHandle } from '../helpers/serve';
import { shootBothThemes } from './support/screens';
import { watchProblems } from './support/serve-fixture';
import { getPreset } from '../../src-main/engine/presets';

let serve: ServeHandle;
let dir: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'forkbench-forms-'));
  serve = await startServe({ db: join(dir, 'wb.db'), noBuild: true, queue: true });
});
test.afterAll(async () => {
  await serve?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
});

const open = (page: Page, hash = '') => page.goto(serve.url + hash);

/** A model and batch small enough to train a step in well under a second here. */
const TINY: Record<string, string> = {
  'model.layers': '1',
  'model.dModel': '32',
  'model.heads': '2',
  'model.contextLength': '48',
  'rl.promptsPerStep': '2',
  'rl.groupSize': '2',
  'rl.miniBatches': '1',
  'rl.microBatchSize': '4',
  'rl.maxResponseTokens': '16',
  'rl.overlongBuffer': '4',
  'eval.every': '0',
  'eval.k': '1',
  'eval.maxProblems': '4',
};

async function fill(page: Page, values: Record<string, string>): Promise<void> {
  for (const [path, v] of Object.entries(values)) {
    await page.getByTestId(`field-${path}`).locator('input, select').first().fill(v);
  }
  await page.getByTestId('field-backend').locator('select').selectOption('cpu');
}

test('the Quick demo button queues the preset and opens its run', async ({ page }) => {
  await open(page);
  await expect(page.getByTestId('empty-state')).toBeVisible();
  // The presets (and the demo's description) have loaded once the empty state quotes them.
  await expect(page.getByTestId('empty-state')).toContainText('pair search');
  await page.getByTestId('empty-state').getByTestId('quick-demo').click();
  // Creating the run answers in milliseconds; on a loaded CI machine the queue's first trainer
  // start competes for the same two cores, so allow it time.
  await expect(page).toHaveURL(/#\/runs\/\d+$/, { timeout: 60_000 });
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText('Quick demo');
  await expect(page.getByTestId('run-title')).toContainText('pair-search all · seed 1');
});

test('the new-run form refuses an invalid value with the field named, then launches and the curve grows to finished', async ({
  page,
}) => {
  test.setTimeout(300_000); // trains a real (tiny) run on a shared 2-core machine
  const problems = watchProblems(page);
  await open(page, '#/new');
  await expect(page.getByTestId('form-section-mask')).toBeVisible();
  // Presets fill the form.
  await page.getByTestId('preset-select').selectOption('quick-demo');
  await expect(page.getByTestId('form-source')).toContainText('Quick demo');
  const quickSteps = getPreset('quick-demo')?.runs[0]?.overrides.rl?.steps;
  await expect(page.getByTestId('field-rl.steps').locator('input')).toHaveValue(String(quickSteps));

  const rho = page.getByTestId('field-mask.rho');
  await rho.locator('input').fill('1.5');
  await expect(rho).toHaveAttribute('data-invalid', 'true');
  await expect(rho.getByTestId('field-error')).toContainText('mask.rho: must be in (0, 1]');
  await expect(page.getByTestId('launch')).toBeDisabled();
  await expect(page.getByTestId('launch-reason')).toContainText('mask.rho');
  await rho.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shootBothThemes(page, 'new-run-invalid', false);
  // A cross-field rule of the same schema: heads must divide dModel.
  await rho.locator('input').fill('0.2');
  await page.getByTestId('field-model.heads').locator('input').fill('3');
  await expect(page.getByTestId('field-model.heads').getByTestId('field-error')).toContainText(
    'must divide model.dModel',
  );
  await page.getByTestId('field-rl.lr').locator('input').fill('abc');
  await expect(page.getByTestId('field-rl.lr').getByTestId('field-error')).toContainText(
    'not a number',
  );
  await page.getByTestId('field-rl.lr').locator('input').fill('1e-3');

  // Enough steps to watch it grow: with no base every group is wrong, so steps are fast.
  await fill(page, { ...TINY, base: '', 'rl.steps': '100' });
  await expect(page.getByTestId('launch')).toBeEnabled();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shootBothThemes(page, 'new-run');
  await page.getByTestId('launch').click();
  await expect(page).toHaveURL(/#\/runs\/\d+$/);

  // Watch the reward curve grow while the run trains.
  const seen = new Set<number>();
  const status = page.getByTestId('run-title').locator('xpath=..').locator('[data-status]');
  await expect
    .poll(
      async () => {
        const points = await page
          .locator('[data-testid="chart"][data-chart="reward/mean"]')
          .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-points'))));
        if (points[0] !== undefined) seen.add(points[0]);
        return status.getAttribute('data-status');
      },
      { timeout: 200_000, intervals: [100] },
    )
    .toBe('finished');
  // The last batch of points may land just after the status event.
  const reward = page.locator('[data-testid="chart"][data-chart="reward/mean"]');
  await expect
    .poll(async () => Number(await reward.getAttribute('data-points')), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(30);
  seen.add(Number(await reward.getAttribute('data-points')));
  const counts = [...seen].sort((a, b) => a - b);
  expect(counts.length).toBeGreaterThan(1); // it grew while we watched
  await expect(page.getByTestId('log-lines')).toContainText('checkpoint');
  await expect(page.getByTestId('resume')).toHaveCount(0);
  await shootBothThemes(page, 'run-live');
  expect(problems).toEqual([]);
});

test('a running run stops from its page, resumes, and duplicates into the form', async ({
  page,
}) => {
  await open(page, '#/new');
  await fill(page, { ...TINY, 'rl.steps': '5000' });
  await page.locator('#run-name').fill('long-run');
  await page.getByTestId('launch').click();
  await expect(page).toHaveURL(/#\/runs\/\d+$/);
  const status = page.getByTestId('run-title').locator('xpath=..').locator('[data-status]');
  await expect(status).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await page.getByTestId('stop').click();
  await page.getByRole('button', { name: 'Stop run' }).click();
  await expect(status).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
  await expect(page.getByTestId('resume')).toBeVisible();
  await expect(page.getByTestId('stop')).toHaveCount(0);

  await page.getByTestId('duplicate').click();
  await expect(page).toHaveURL(/#\/new\?from=\d+$/);
  await expect(page.getByTestId('form-source')).toContainText('Copied from run');
  await expect(page.getByTestId('field-rl.steps').locator('input')).toHaveValue('5000');
  await expect(page.locator('#run-name')).toHaveValue('long-run (copy)');
});

test('the sweep form counts and previews the grid, then queues it as an experiment', async ({
  page,
}) => {
  await open(page, '#/sweep');
  await expect(page.getByTestId('run-count')).toHaveText('6'); // mask.mode {top, all} × ρ {0.2} × 3 seeds
  const axes = page.getByTestId('axis');
  await axes.nth(1).getByRole('textbox').fill('0.1, 0.2, 0.5');
  await expect(page.getByTestId('run-count')).toHaveText('18');
  await axes.nth(1).getByRole('textbox').fill('0.1, 2');
  await expect(page.getByTestId('launch-reason')).toContainText('mask.rho');
  await expect(page.getByTestId('launch')).toBeDisabled();
  await axes.nth(1).getByRole('textbox').fill('0.2');
  await page.getByTestId('seeds').fill('1, 2');
  await expect(page.getByTestId('run-count')).toHaveText('4');
  await expect(page.getByTestId('sweep-preview')).toContainText('all · seed 2');
  await fill(page, { ...TINY, 'rl.steps': '2' });
  await page.evaluate(() => window.scrollTo(0, 0));
  await shootBothThemes(page, 'sweep');
  await page.getByTestId('launch').click();
  await expect(page).toHaveURL(/#\/experiments\/\d+$/);
  await expect(page.getByTestId('run-row')).toHaveCount(4);
});
