// Scale-out in serve mode: logs dropped on the browser import as runs (with their source shown),
// sit beside local runs in the compare view, and an experiment exports as a verl bundle from its
// page (refused settings listed; launching says what to install since ray is not on PATH here).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { parseRunConfig } from '../../src-main/contract/run-config';
import { importInputs } from '../../src-main/services/imports';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';
import { SCREENSHOT_DIR } from './support/screens';

let served: ServedDb;
let experimentId: number;
let withRollouts: number;
const local: number[] = [];

test.beforeAll(async () => {
  served = await serveDb('empty', (store) => {
    experimentId = store.experiments.create({ name: 'quick ablation' });
    for (const [name, mode, base] of [
      ['top 20%', 'top', 0.3],
      ['bottom 80%', 'bottom', 0.2],
    ] as const) {
      const c = parseRunConfig({ task: 'arithmetic', mask: { mode, rho: 0.2 } });
      if (!c.ok) throw new Error(c.message);
      const id = store.runs.create({
        experimentId,
        name,
        task: 'arithmetic',
        maskMode: mode,
        seed: 0,
        config: c.value,
        status: 'finished',
      });
      store.metrics.insert(
        id,
        Array.from({ length: 20 }, (_, s) => ({
          key: 'reward/mean',
          step: s + 1,
          value: base + s / 50,
          wallTime: 1e9 + s,
        })),
      );
      local.push(id);
    }
    // A verl run with a rollout dump: text, reward and derived advantage, no tokens.
    const enc = (t: string) => new TextEncoder().encode(t);
    const report = importInputs(store, [
      {
        path: '/c/fb-run9/logs/a.jsonl',
        mtime: 1,
        bytes: enc('{"step": 1, "data": {"critic/score/mean": 0.5}}\n'),
      },
      {
        path: '/c/fb-run9/rollouts/1.jsonl',
        mtime: 1,
        bytes: enc(
          '{"input": "nums 3 4 to 7", "output": "boxed 3+4", "score": 1.0, "acc": 1.0, "step": 1}\n{"input": "nums 3 4 to 7", "output": "boxed 3*4", "score": 0.0, "acc": 0.0, "step": 1}\n',
        ),
      },
    ]);
    withRollouts = report.runs[0]!.runId;
  });
});

test.afterAll(async () => {
  await served?.close();
});

async function drop(page: Page, files: { name: string; text: string }[]) {
  // The drop zone renders once the app has loaded; dispatching before that finds nothing.
  await page.locator('[data-testid="import-drop"]').first().waitFor({ state: 'attached' });
  await page.evaluate((fs) => {
    const data = new DataTransfer();
    for (const f of fs) data.items.add(new File([f.text], f.name));
    const zone = document.querySelector('[data-testid="import-drop"]') as HTMLElement;
    zone.dispatchEvent(
      new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }),
    );
    zone.dispatchEvent(
      new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }),
    );
  }, files);
}

test('dropped verl and TRL logs import as runs and compare beside local runs', async ({ page }) => {
  const problems = watchProblems(page);
  await page.goto(served.serve.url);
  const verl =
    Array.from(
      { length: 20 },
      (_, s) =>
        `{"step": ${s + 1}, "data": {"critic/score/mean": ${0.25 + s / 40}, "actor/entropy": ${s === 3 ? 'NaN' : 0.5}}}`,
    ).join('\n') + '\n{"step": 21, "da';
  await drop(page, [{ name: 'verl-top20.jsonl', text: verl }]);
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('created');
  await expect(report).toContainText('verl-top20');
  await expect(report).toContainText('skipped verl-top20.jsonl:21: not valid JSON');
  const ids = async () =>
    page
      .locator('[data-testid="import-report"] a')
      .evaluateAll((as) => as.map((a) => Number(a.getAttribute('href')?.split('/').pop())));
  const imported = await ids();
  const state = JSON.stringify({
    global_step: 20,
    log_history: Array.from({ length: 20 }, (_, s) => ({
      reward: 0.2 + s / 45,
      entropy: 0.6,
      step: s + 1,
    })),
  });
  await drop(page, [{ name: 'trainer_state.json', text: state }]);
  await expect(report).toContainText('trainer_state');
  await expect(page.locator('.chip.source', { hasText: 'verl' }).first()).toBeVisible();
  await page
    .getByTestId('import-drop')
    .screenshot({ path: join(SCREENSHOT_DIR, 'scaleout-import.png') });
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'scaleout-browser.png'), fullPage: true });

  imported.push(...(await ids()));
  await page.goto(`${served.serve.url}#/compare?runs=${[...local, ...imported].join(',')}`);
  await expect(page.locator('body')).toContainText('verl-top20');
  await expect(page.locator('body')).toContainText('trainer_state');
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'scaleout-compare.png'), fullPage: true });
  expect(problems).toEqual([]);
});

test('an experiment exports as a verl bundle from its page', async ({ page }) => {
  const problems = watchProblems(page);
  await page.goto(`${served.serve.url}#/experiments/${experimentId}`);
  await page.getByTestId('scaleout-toggle').click();
  await page.getByTestId('scaleout-model').fill('/shared/models/Qwen3-8B-Base');
  await page.getByTestId('scaleout-train').fill('/shared/data/train.parquet');
  await page.getByTestId('scaleout-val').fill('/shared/data/aime24.parquet');
  await page.getByTestId('scaleout-outdir').fill('/shared/out');
  const bundle = join(served.dir, 'bundle-verl');
  await page.getByTestId('scaleout-bundle').fill(bundle);
  await page.getByTestId('scaleout-export').click();
  await expect(page.getByTestId('scaleout-result')).toContainText('6f5dda6f');
  await expect(page.getByTestId('scaleout-refused')).toContainText('mask.mode = "bottom"');
  expect(existsSync(join(bundle, 'forkbench-manifest.json'))).toBe(true);
  expect(readFileSync(join(bundle, 'launch-all.sh'), 'utf8')).toContain('launch.sh');
  await page.getByTestId('scaleout-launch').click();
  const missing = page.getByTestId('scaleout-missing');
  await expect(missing).toContainText('ray');
  await expect(missing).toContainText('pip install "ray[default]"');
  await page
    .getByTestId('scaleout')
    .screenshot({ path: join(SCREENSHOT_DIR, 'scaleout-export.png') });
  expect(problems).toEqual([]);
});

test("an imported run's page shows its source and its rollout samples as text", async ({
  page,
}) => {
  const problems = watchProblems(page);
  await page.goto(`${served.serve.url}#/runs/${withRollouts}`);
  await expect(page.getByTestId('run-source')).toContainText('imported from verl');
  await expect(page.getByTestId('scaleout')).toHaveCount(0);
  await page.goto(`${served.serve.url}#/runs/${withRollouts}/rollouts`);
  await expect(page.getByTestId('rollout-text').first()).toContainText('boxed 3+4');
  await page.screenshot({
    path: join(SCREENSHOT_DIR, 'scaleout-imported-rollouts.png'),
    fullPage: true,
  });
  expect(problems).toEqual([]);
});
