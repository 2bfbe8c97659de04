// The real UI in serve mode: `forkbench serve` on a seeded temporary database, driven in Chromium.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';
import { shootBothThemes } from './support/screens';

// Tests run in file order on one worker; the mutating ones (archive, delete) come last.
let served: ServedDb;

test.beforeAll(async () => {
  served = await serveDb('seeded');
});
test.afterAll(async () => {
  await served?.close();
});

/** Opens the printed URL (which sets the auth cookie) at a given route of the app. */
async function open(page: Page, hash = ''): Promise<void> {
  await page.goto(served.serve.url + hash);
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
});

test('the browser lists the seeded experiments and runs with their statuses', async ({ page }) => {
  const problems = watchProblems(page);
  await open(page);
  // The token moved into an HttpOnly cookie; it is no longer in the address bar.
  expect(page.url()).not.toContain('token=');
  const groups = page.getByTestId('experiment-group');
  await expect(groups).toHaveCount(2);
  const names = await groups.evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-experiment')),
  );
  expect(names.sort()).toEqual(['quick-demo', 'rho-ablation']);
  await expect(page.getByTestId('run-row')).toHaveCount(7);
  const statusOf = (name: string) =>
    page.getByTestId('run-row').filter({ hasText: name }).locator('[data-status]');
  await expect(statusOf('all-tokens')).toHaveAttribute('data-status', 'finished');
  await expect(statusOf('top-20')).toHaveAttribute('data-status', 'running');
  await expect(statusOf('top-10')).toHaveAttribute('data-status', 'failed');
  await expect(statusOf('top-50')).toHaveAttribute('data-status', 'queued');
  await expect(statusOf('bottom-80')).toHaveAttribute('data-status', 'stopped');
  await expect(statusOf('random-20')).toHaveAttribute('data-status', 'crashed');
  const bottom = page.getByTestId('run-row').filter({ hasText: 'bottom-80' });
  await expect(bottom).toContainText('bottom 80%');
  await expect(bottom).toContainText('wasm');
  await expect(page.getByTestId('run-row').filter({ hasText: 'top-20' })).toContainText('top 20%');
  // Headline metrics with 3 significant digits.
  await expect(bottom.locator('td.metric').first()).toHaveText(/^\d\.\d{3}$/);
  await expect(page.getByTestId('connection')).toContainText('live');
  await shootBothThemes(page, 'browser');
  expect(problems).toEqual([]);
});

test('search filters runs, and Ctrl+K focuses it', async ({ page }) => {
  await open(page);
  await expect(page.getByTestId('run-row')).toHaveCount(7);
  await page.keyboard.press('Control+k');
  const search = page.getByRole('searchbox', { name: 'Search runs' });
  await expect(search).toBeFocused();
  await page.keyboard.type('bottom');
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await expect(page.getByTestId('run-row')).toContainText('bottom-80');
  await search.fill('control');
  await expect(page.getByTestId('run-row')).toHaveCount(2); // tag "control"
  await search.fill('no-such-run');
  await expect(page.getByTestId('no-match')).toBeVisible();
  await shootBothThemes(page, 'browser-no-match', false);
  await search.press('Escape');
  await expect(page.getByTestId('run-row')).toHaveCount(7);
});

test('clicking a column header sorts runs within each experiment', async ({ page }) => {
  await open(page);
  const group = page.locator('[data-experiment="rho-ablation"]');
  const names = () => group.locator('td.name a').allTextContents();
  await page.getByRole('button', { name: 'Reward' }).click();
  await expect(page.getByRole('columnheader', { name: /Reward/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  await expect
    .poll(names)
    .toEqual(['top-20', 'all-tokens', 'random-20', 'top-10', 'bottom-80', 'top-50']);
  await page.getByRole('button', { name: 'Reward' }).click();
  await expect.poll(async () => (await names())[0]).toBe('bottom-80');
  await page.getByRole('button', { name: 'Reward' }).click(); // back to the server's order
  await expect(page.getByRole('columnheader', { name: /Reward/ })).toHaveAttribute(
    'aria-sort',
    'none',
  );
});

test('a run page shows config and charts; tags and notes persist', async ({ page }) => {
  const problems = watchProblems(page);
  const id = served.seed!.runs['top-20'];
  await open(page);
  await page.getByTestId('run-row').filter({ hasText: 'top-20' }).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`#/runs/${id}$`));
  await expect(page.getByTestId('run-title')).toHaveText('top-20');
  await expect(page.getByTestId('run-meta')).toContainText('top 20%');
  await expect(page.getByTestId('run-meta')).toContainText('wasm');
  const config = page.getByTestId('config-table');
  const rho = config.locator('tr', { has: page.locator('th[title="mask.rho"]') });
  await expect(rho).toContainText('0.2');
  await expect(config.locator('th[title="rl.epsHigh"]')).toBeVisible();

  const charts = page.getByTestId('chart');
  await expect(charts.first()).toBeVisible();
  expect(await charts.count()).toBeGreaterThanOrEqual(6);
  await expect(page.locator('[data-chart="entropy · mean & quantiles"]')).toContainText('p95');
  // The canvases were drawn on: some pixels are not transparent.
  const painted = await page.locator('[data-chart="reward/mean"] canvas').evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });
  expect(painted).toBeGreaterThan(500);

  // Tags: the seeded ones, add one, remove one.
  const tags = page.getByTestId('tag-editor');
  const tagSet = async () => (await tags.getByTestId('tag').allTextContents()).sort();
  await expect.poll(tagSet).toEqual(['forking-tokens', 'paper']);
  await tags.getByRole('textbox', { name: 'Add tag' }).fill('keep-me');
  await tags.getByRole('textbox', { name: 'Add tag' }).press('Enter');
  await expect.poll(tagSet).toEqual(['forking-tokens', 'keep-me', 'paper']);
  await tags.getByRole('button', { name: 'Remove tag paper' }).click();
  await expect.poll(tagSet).toEqual(['forking-tokens', 'keep-me']);

  // Notes: saved at once with Ctrl+Enter (else as you type, see notes.spec), with an indicator.
  const notes = page.getByRole('textbox', { name: 'Run notes' });
  await notes.fill('Entropy of forking tokens stays high while reward climbs.');
  await expect(page.getByTestId('notes-state')).toHaveText('Unsaved changes');
  await notes.press('Control+Enter');
  await expect(page.getByTestId('notes-state')).toContainText('Saved');

  await page.waitForTimeout(200);
  await shootBothThemes(page, 'run');

  await page.reload();
  await expect(page.getByTestId('run-title')).toHaveText('top-20');
  await expect.poll(tagSet).toEqual(['forking-tokens', 'keep-me']);
  await expect(page.getByRole('textbox', { name: 'Run notes' })).toHaveValue(
    'Entropy of forking tokens stays high while reward climbs.',
  );
  expect(problems).toEqual([]);
});

test('a failed run shows its error on its page', async ({ page }) => {
  await open(page, `#/runs/${served.seed!.runs['top-10']}`);
  await expect(page.getByTestId('run-error')).toContainText('WebGPU device lost at step 61');
  await shootBothThemes(page, 'run-failed', false);
});

test('an experiment page lists its runs', async ({ page }) => {
  await open(page, `#/experiments/${served.seed!.experiments.rhoAblation}`);
  await expect(page.getByRole('heading', { name: 'rho-ablation' })).toBeVisible();
  await expect(page.getByTestId('run-row')).toHaveCount(6);
  await shootBothThemes(page, 'experiment', false);
});

test('archive and delete ask for confirmation; Esc cancels', async ({ page }) => {
  await open(page);
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(7);
  const demo = rows.filter({ hasText: 'demo' });
  await demo.hover();
  await demo.getByRole('button', { name: 'Archive run demo' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Archive run “demo”?');
  await expect(dialog.getByRole('button', { name: /Cancel/ })).toBeFocused();
  await shootBothThemes(page, 'confirm-archive', false);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(rows).toHaveCount(7);

  await demo.hover();
  await demo.getByRole('button', { name: 'Archive run demo' }).click();
  await dialog.getByRole('button', { name: 'Archive', exact: true }).click();
  await expect(rows).toHaveCount(6);
  await page.getByLabel('Show archived').check();
  await expect(rows).toHaveCount(7);
  await expect(rows.filter({ hasText: 'demo' })).toContainText('archived');
  await page.getByLabel('Show archived').uncheck();

  const random = rows.filter({ hasText: 'random-20' });
  await random.hover();
  await random.getByRole('button', { name: 'Delete run random-20' }).click();
  await expect(dialog).toContainText('cannot be undone');
  await shootBothThemes(page, 'confirm-delete', false);
  await dialog.getByRole('button', { name: 'Delete run' }).click();
  await expect(rows).toHaveCount(5);
  await page.reload();
  await expect(rows).toHaveCount(5);
  await expect(rows.filter({ hasText: 'random-20' })).toHaveCount(0);
});

test('the theme toggle switches and persists', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await open(page);
  await page.evaluate(() => localStorage.removeItem('forkbench.theme'));
  await page.reload();
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'light');
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const lightBg = await bg();
  await page.getByTestId('theme-toggle').click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(await bg()).not.toBe(lightBg);
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('theme-toggle').click();
  await expect(html).toHaveAttribute('data-theme', 'light');
});

test('the system dark preference is followed until the user chooses', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await open(page);
  await page.evaluate(() => localStorage.removeItem('forkbench.theme'));
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('a missing or wrong token is refused with instructions', async ({ page, request }) => {
  const { baseUrl, token } = served.serve;
  const missing = await request.get(baseUrl + '/', { failOnStatusCode: false });
  expect(missing.status()).toBe(401);
  const wrongToken = token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
  const wrong = await page.goto(`${baseUrl}/?token=${wrongToken}`);
  expect(wrong?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('?token=');
  await expect(page.locator('body')).toContainText('forkbench serve');
  await page.screenshot({ path: 'test-results/screenshots/unauthorized-page.png' });
  const api = await request.post(baseUrl + '/api/experiments.list', {
    data: {},
    headers: { Authorization: `Bearer ${wrongToken}` },
    failOnStatusCode: false,
  });
  expect(api.status()).toBe(401);
  expect((await api.json()).error.code).toBe('unauthorized');
});

test('a token refused after the page loaded shows what to do', async ({ page, context }) => {
  await open(page);
  await expect(page.getByTestId('run-row').first()).toBeVisible();
  await context.clearCookies();
  await page.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByTestId('auth-screen')).toContainText('?token=');
  await shootBothThemes(page, 'auth-screen', false);
});
