// The renderer on the Electron transport: a fake `window.workbench` (as the sandboxed preload
// exposes it) drives the built UI in Chromium. Covers live events and error display, which the
// serve-mode tests cannot provoke on demand.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { WorkbenchApi } from '../../src-main/contract/api';
import type { WorkbenchEvent } from '../../src-main/contract/events';
import { installFakeBridge } from './support/fake-bridge';
import type { FakeHandle, FakeOptions } from './support/fake-bridge';
import { shootBothThemes } from './support/screens';
import { serveRenderer } from './support/static-server';
import type { StaticServer } from './support/static-server';

let server: StaticServer;

test.beforeAll(async () => {
  server = await serveRenderer();
});
test.afterAll(async () => {
  await server?.close();
});

async function open(page: Page, options: FakeOptions = {}, hash = '#/'): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.addInitScript(installFakeBridge, options);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(server.url + hash);
  return problems;
}

async function emit(page: Page, event: WorkbenchEvent): Promise<void> {
  await page.evaluate(
    (e) => (window as unknown as { __fakeWorkbench: FakeHandle }).__fakeWorkbench.emit(e),
    event,
  );
}

test('browser lists experiments over IPC and follows live events', async ({ page }) => {
  const problems = await open(page);
  await expect(page.getByTestId('experiment-group')).toHaveCount(3);
  await expect(page.getByTestId('run-row')).toHaveCount(9);
  await expect(page.getByTestId('connection')).toContainText('desktop');
  await shootBothThemes(page, 'ipc-browser');

  const row = page.locator('[data-run-id="5"]');
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'running');
  await emit(page, {
    type: 'metrics.appended',
    runId: 5,
    points: { 'reward/mean': [{ step: 181, wallTime: Date.now() / 1000, value: 0.987654 }] },
  });
  await expect(row).toContainText('181');
  await expect(row).toContainText('0.988');
  const run = await page.evaluate(async () => {
    const wb = (window as unknown as { workbench: WorkbenchApi }).workbench;
    const result = await wb['runs.get']({ id: 5 });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  });
  await emit(page, { type: 'run.updated', run: { ...run, status: 'finished' } });
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'finished');
  await emit(page, { type: 'run.deleted', runId: 5 });
  await expect(page.getByTestId('run-row')).toHaveCount(8);
  expect(problems).toEqual([]);
});

test('run page charts metrics and appends live points', async ({ page }) => {
  const problems = await open(page, {}, '#/runs/1');
  await expect(page.getByTestId('run-title')).toHaveText('top20-seed0');
  await expect(page.getByTestId('chart').first()).toBeVisible();
  await page.waitForTimeout(300);
  await shootBothThemes(page, 'ipc-run');
  await emit(page, {
    type: 'metrics.appended',
    runId: 1,
    points: { 'reward/mean': [{ step: 301, wallTime: Date.now() / 1000, value: 0.5 }] },
  });
  await expect(page.getByTestId('run-meta')).toContainText('301');
  expect(problems).toEqual([]);
});

test('failed run shows its error', async ({ page }) => {
  await open(page, {}, '#/runs/4');
  await expect(page.getByTestId('run-error')).toContainText('NaN loss at step 141');
  await shootBothThemes(page, 'ipc-run-failed');
});

test('a failing call is reported with its message', async ({ page }) => {
  await open(page, {
    failing: {
      'experiments.list': {
        code: 'storage_error',
        message: 'database is from a newer Forkbench (schema 9)',
      },
    },
  });
  await expect(page.getByTestId('error-panel')).toContainText(
    'Database problem: database is from a newer Forkbench (schema 9)',
  );
  await shootBothThemes(page, 'ipc-error');
});

test('empty database explains Forkbench', async ({ page }) => {
  await open(page, { empty: true });
  await expect(page.getByTestId('empty-state')).toContainText('forkbench run --preset quick-demo');
  await shootBothThemes(page, 'ipc-empty');
});
