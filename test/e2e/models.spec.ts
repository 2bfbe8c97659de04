// Real models in serve mode: register the tiny synthetic GGUF in the Models view (errors shown
// for a bad path), start an analysis run from it, and read that run in the lens (rollout viewer
// with the model's decoded pieces, entropy histogram beside the paper's numbers).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildTinyLlamaGguf } from '../../src-main/llm/gguf/tiny-model';
import { startServe } from '../helpers/serve';
import type { ServeHandle } from '../helpers/serve';
import { watchProblems } from './support/serve-fixture';
import { SCREENSHOT_DIR } from './support/screens';

let dir: string;
let serve: ServeHandle;
let modelPath: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'forkbench-models-'));
  modelPath = join(dir, 'tiny-llama.gguf');
  writeFileSync(modelPath, buildTinyLlamaGguf({ seed: 11 }));
  serve = await startServe({
    db: join(dir, 'workbench.db'),
    noBuild: true,
    env: { FORKBENCH_LLM_GPU: 'off', FORKBENCH_LLM_THREADS: '1' },
  });
});

test.afterAll(async () => {
  await serve?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('add a GGUF model, run an analysis on it, and read it in the lens', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const problems = watchProblems(page);
  await page.goto(`${serve.url}#/models`);
  await expect(page.getByTestId('device')).toHaveText('cpu', { timeout: 60_000 });

  await page.getByTestId('model-path').fill(join(dir, 'missing.gguf'));
  await page.getByTestId('add-model').click();
  await expect(page.getByTestId('add-error')).toContainText('no file at');

  await page.getByTestId('model-path').fill(modelPath);
  await page.getByTestId('add-model').click();
  const table = page.getByTestId('models-table');
  await expect(table).toContainText('forkbench-tiny-llama-s11');
  await expect(table).toContainText('llama');
  await expect(table).toContainText('F32');
  await page.getByTestId('max-tokens').fill('24');
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, 'models-light.png'), fullPage: true });

  await page.getByTestId('analyze').click();
  await expect(page).toHaveURL(/#\/runs\/\d+$/, { timeout: 60_000 });
  const runId = Number(/#\/runs\/(\d+)/.exec(page.url())?.[1]);
  // The run ends (8 problems × 24 tokens at most on the tiny model).
  await expect
    .poll(
      async () => {
        const r = await page.request.post(`${serve.baseUrl}/api/runs.get`, { data: { id: runId } });
        return ((await r.json()) as { value?: { status: string } }).value?.status;
      },
      { timeout: 60_000 },
    )
    .toBe('finished');

  await page.goto(`${serve.url}#/runs/${runId}/rollouts`);
  const cards = page.getByTestId('rollout');
  await expect(cards.first()).toBeVisible();
  await expect(page.getByTestId('rollout-count')).toHaveText('8 of 8 rollouts');
  await expect(cards.first().locator('.tok').first()).toHaveAttribute('style', /background: ?rgb/);
  await page.screenshot({
    path: resolve(SCREENSHOT_DIR, 'llm-rollouts-light.png'),
    fullPage: false,
  });

  await page.goto(`${serve.url}#/runs/${runId}/entropy`);
  await expect(page.getByText('paper 50.64%').first()).toBeVisible();
  await expect(page.getByText('paper 0.672').first()).toBeVisible();
  // Forking tokens over the model's own decoded pieces (the tiny model's byte-level BPE).
  await page.getByTestId('min-count').fill('2');
  await page.getByTestId('min-count').press('Enter');
  await expect(page.getByText('No token is frequent enough').first()).toBeHidden();
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, 'llm-entropy-light.png'), fullPage: true });

  // Fig. 3 on the model: the two-temperature job runs in the background and draws its curves.
  await page.goto(`${serve.url}#/runs/${runId}/temperature`);
  await page.getByTestId('opt-problems').fill('4');
  await page.getByTestId('run-analysis').click();
  await expect(page.getByTestId('temperature-facts')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('temperature-facts')).toContainText('4 × 1');
  await page.screenshot({
    path: resolve(SCREENSHOT_DIR, 'llm-temperature-light.png'),
    fullPage: true,
  });
  expect(problems).toEqual([]);
});
