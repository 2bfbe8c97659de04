// The token-entropy lens in serve mode: rollout viewer (colouring, tooltip, filters, step
// navigation), the entropy distribution and forking-token views, screenshots in both themes, and
// a 50,000-token step to measure render and scroll times.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { SeedResult } from '../fixtures/seed';
import { realisticRollouts } from '../fixtures/seed-rollouts';
import type { ServeHandle } from '../helpers/serve';
import { serveDb, watchProblems } from './support/serve-fixture';
import type { ServedDb } from './support/serve-fixture';
import { SCREENSHOT_DIR, shootBothThemes } from './support/screens';

const BIG_STEP = 60;
let served: ServedDb;
let serve: ServeHandle;
let seed: SeedResult;
let bigTokens = 0;

test.beforeAll(async () => {
  // One step of the demo run with ≥ 50,000 stored tokens (the scale check).
  served = await serveDb('seeded', (store, at) => {
    seed = at.seed!;
    let state = 12345;
    const rand = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const samples = realisticRollouts({
      rand,
      step: BIG_STEP,
      totalSteps: 200,
      task: 'countdown',
      mode: 'top',
      rho: 0.2,
      prompts: 400,
      groupSize: 4,
    });
    bigTokens = samples.reduce((n, s) => n + s.tokens.length, 0);
    store.rollouts.insert(seed.runs.demo as number, BIG_STEP, samples);
  });
  serve = served.serve;
});

test.afterAll(async () => {
  await served?.close();
});

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
});

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(serve.url + hash);
}

test('the run page links to the rollout viewer, which colours tokens and explains them', async ({
  page,
}) => {
  const problems = watchProblems(page);
  const run = seed.runs['top-20'] as number;
  await open(page, `#/runs/${run}`);
  await page.getByTestId('open-rollouts').click();
  await expect(page).toHaveURL(new RegExp(`#/runs/${run}/rollouts`));
  const cards = page.getByTestId('rollout');
  await expect(page.getByTestId('rollout-count')).toHaveText('16 of 16 rollouts');
  await expect(cards.first()).toBeVisible();
  // Latest stored step by default.
  await expect(page.getByTestId('step-select')).toHaveValue('119');
  const firstToken = cards.first().locator('.tok').first();
  await expect(firstToken).toHaveAttribute('style', /background: ?rgb/);
  await expect(page.getByTestId('lens-legend')).toContainText('entropy (nats)');

  // Hover: the tooltip shows the token's entropy and says alternatives were not stored.
  const fork = cards.first().locator('.tok', { hasText: /^try$/ }).first();
  await fork.hover();
  const tip = page.getByTestId('token-tooltip');
  await expect(tip).toBeVisible();
  await expect(page.getByTestId('tip-entropy')).toHaveText(/^\d\.\d{4} nats$/);
  await expect(tip).toContainText('probability');
  await expect(tip).toContainText('not stored for this run');
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'lens-tooltip.png') });
  await shootBothThemes(page, 'lens-rollouts-entropy', false);

  // Colour by mask: selected tokens get the accent; the legend switches.
  await page.mouse.move(0, 0);
  await page.getByTestId('colour-mask').click();
  await expect(page.getByTestId('lens-legend')).toContainText('got gradient');
  await expect(cards.first().locator('.tok.sel').first()).toBeVisible();
  await shootBothThemes(page, 'lens-rollouts-mask', false);
  await page.getByTestId('colour-advantage').click();
  await expect(page.getByTestId('lens-legend')).toContainText('advantage');
  await page.getByTestId('colour-logprob').click();
  await expect(page.getByTestId('lens-legend')).toContainText('log-probability');

  // Filters.
  await page.getByTestId('filter-correct').selectOption('correct');
  await expect(page.getByTestId('rollout-count')).toHaveText(/^\d+ of 16 rollouts$/);
  await expect(page.getByTestId('rollout-count')).not.toHaveText('16 of 16 rollouts');
  for (const v of await cards.locator('.verdict').allTextContents()) expect(v).toContain('correct');
  await page.getByTestId('filter-correct').selectOption('all');
  await expect(page.getByTestId('rollout-count')).toHaveText('16 of 16 rollouts');

  // Step navigation: Prev goes to the previous stored step and updates the address.
  await page.getByRole('button', { name: 'Previous step' }).click();
  await expect(page.getByTestId('step-select')).toHaveValue('100');
  await expect(page).toHaveURL(/rollouts\?step=100$/);
  expect(problems).toEqual([]);
});

test('a step-click route opens that step (nearest stored one)', async ({ page }) => {
  const run = seed.runs['all-tokens'] as number;
  await open(page, `#/runs/${run}/rollouts?step=41`);
  await expect(page.getByTestId('step-select')).toHaveValue('40');
  await expect(page.getByTestId('rollout-count')).toHaveText('16 of 16 rollouts');
  // A chart's step-click event while the viewer is open.
  await page.evaluate(
    (runId) =>
      window.dispatchEvent(
        new CustomEvent('forkbench:step-click', { detail: { runId, step: 180 } }),
      ),
    run,
  );
  await expect(page.getByTestId('step-select')).toHaveValue('180');
});

test('entropy view: histogram with percentile markers, curves, token tables, word cloud', async ({
  page,
}) => {
  const problems = watchProblems(page);
  const run = seed.runs['top-20'] as number;
  await open(page, `#/runs/${run}/entropy`);
  const hist = page.getByTestId('entropy-histogram');
  await expect(hist.locator('rect.bar').first()).toBeVisible();
  await expect(hist.getByTestId('hist-mark')).toHaveText(['p50', 'p80', 'p95', '0.01']);
  await expect(page.getByTestId('dist-facts')).toContainText('below 0.01 nats');
  await expect(page.getByTestId('percentile-curves').locator('path.line')).toHaveCount(4);
  const highest = page.getByTestId('table-highest');
  await expect(highest.locator('tbody tr').first()).toBeVisible();
  // The forks of the countdown traces lead the table.
  const top = (await highest.locator('tbody tr td code').allTextContents()).slice(0, 6);
  expect(top.some((t) => ['try', '␣no', '␣yes'].includes(t))).toBe(true);
  await expect(page.getByTestId('table-lowest').locator('tbody tr').first()).toBeVisible();
  await expect(page.getByTestId('word-cloud').locator('span').first()).toBeVisible();
  // One step only.
  await page.getByTestId('dist-step').selectOption('0');
  await expect(page.getByTestId('dist-facts')).toContainText(/tokens\s*\d{3}/);
  await page.getByTestId('dist-step').selectOption('');
  // A higher minimum count shrinks the eligible set.
  await page.getByTestId('min-count').fill('200');
  await expect(page.locator('header', { hasText: 'Forking tokens' })).toContainText(
    /\d+ of \d+ distinct tokens qualify/,
  );
  await page.getByTestId('min-count').fill('10');
  await page.mouse.move(0, 0);
  await shootBothThemes(page, 'lens-entropy');
  expect(problems).toEqual([]);
});

test('a 50,000-token step opens and scrolls without stalls', async ({ page }) => {
  expect(bigTokens).toBeGreaterThanOrEqual(50_000);
  const run = seed.runs.demo as number;
  // The API call alone (server decode + JSON), outside the browser.
  const a0 = Date.now();
  const res = await fetch(`${serve.baseUrl}/api/rollouts.list`, {
    method: 'POST',
    headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ runId: run, step: BIG_STEP }),
  });
  const body = await res.text();
  const apiMs = Date.now() - a0;
  expect(res.status).toBe(200);
  await open(page, `#/runs/${run}`);
  await expect(page.getByTestId('run-title')).toBeVisible();
  const t0 = Date.now();
  await page.evaluate(
    ({ run, step }) => (window.location.hash = `#/runs/${run}/rollouts?step=${step}`),
    { run, step: BIG_STEP },
  );
  await expect(page.getByTestId('rollout').first().locator('.tok').first()).toBeVisible();
  const openMs = Date.now() - t0;
  const listed = await page.getByTestId('rollout-count').textContent();
  const cards = Number(/of (\d+) rollouts/.exec(listed ?? '')?.[1] ?? 0);
  const mountedCards = await page.getByTestId('rollout').count();
  const renderedTokens = await page.locator('.tok').count();

  // Baseline: frame times of the idle page on this (loaded) machine.
  const idle = await page.evaluate(async () => {
    const deltas: number[] = [];
    let last = performance.now();
    const end = last + 1000;
    await new Promise<void>((done) => {
      const tick = (now: number) => {
        deltas.push(now - last);
        last = now;
        if (now < end) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    return deltas.slice(1).sort((a, b) => a - b);
  });
  // Scroll 200 px per frame (fast wheel scrolling) for ~3 s, recording frame times.
  const frames = await page.evaluate(async () => {
    const deltas: number[] = [];
    let last = performance.now();
    const end = last + 3000;
    await new Promise<void>((done) => {
      const tick = (now: number) => {
        deltas.push(now - last);
        last = now;
        window.scrollBy(0, 200);
        if (now < end) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    return deltas.slice(1);
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
  const worst = sorted[sorted.length - 1] ?? 0;
  const storage = await page.getByTestId('storage-note').textContent();
  const report = {
    tokens: bigTokens,
    rollouts: cards,
    apiMs,
    apiBytes: body.length,
    openMs,
    mountedCards,
    renderedTokenSpansAfterOpen: renderedTokens,
    scrollFrames: frames.length,
    idleFrameMsMedian: idle[Math.floor(idle.length / 2)],
    frameMsMedian: sorted[Math.floor(sorted.length / 2)],
    frameMsP95: p95,
    frameMsWorst: worst,
    storage: storage?.trim(),
  };
  const out = resolve(import.meta.dirname, '../../test-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'lens-perf.json'), JSON.stringify(report, null, 2));
  console.log('lens perf', JSON.stringify(report));
  expect(cards).toBeGreaterThan(1000);
  // Windowed rendering: only cards near the viewport are in the DOM, also after scrolling.
  expect(await page.getByTestId('rollout').count()).toBeLessThan(60);
  expect(renderedTokens).toBeLessThan(bigTokens / 4);
  expect(openMs).toBeLessThan(10_000);
  // Generous: this machine's 2 cores are shared (idle frames are reported for comparison); an
  // unwindowed list took 650 ms per frame here.
  expect(p95).toBeLessThan(250);
});

test('the lens breadcrumb names the experiment, then the run by its id', async ({ page }) => {
  const id = seed.runs['top-20']!;
  await page.goto(`${served.serve.url}#/runs/${id}/entropy`);
  await expect(page.getByTestId('crumb-experiment')).toHaveText('rho-ablation');
  await expect(page.getByTestId('crumb-run')).toHaveText(`#${id} top-20`);
});
