// Compare-view benchmark in headless Chromium: 100 runs × 10,000 steps (four metric keys, so
// 4 M points) written with the store's repositories into a temporary database, served with
// `forkbench serve`, then #/compare?experiment=ID opened. Measures time to first draw (navigation
// start → every chart's canvas painted with its points), the data requests, and the redraw after
// a drag-zoom, ungrouped and grouped by mask.mode (mean ± std). Prints JSON. Not a timed test.
// Usage: npx tsx scripts/bench-charts-browser.ts [runs] [steps]   (needs out/renderer built)
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { findChromium } from './lib/find-chromium';
import { defaultRunConfig } from '../src-main/contract/run-config';
import { openStore } from '../src-main/store';
import type { MetricInput } from '../src-main/store';
import { startServe } from '../test/helpers/serve';

const RUNS = Number(process.argv[2] ?? 100);
const STEPS = Number(process.argv[3] ?? 10_000);
const KEYS = ['reward/mean', 'entropy/mean', 'loss', 'accuracy'];
const MODES = ['all', 'top', 'bottom', 'random'] as const;

function createDb(path: string): { experimentId: number; ms: number; points: number } {
  const t0 = performance.now();
  const store = openStore(path);
  let points = 0;
  try {
    const experimentId = store.transaction(() =>
      store.experiments.create({ name: 'bench-100x10k', description: 'chart benchmark' }),
    );
    for (let r = 0; r < RUNS; r++) {
      const mode = MODES[r % MODES.length] as (typeof MODES)[number];
      const config = defaultRunConfig();
      config.mask.mode = mode;
      config.seed = r;
      store.transaction(() => {
        const id = store.runs.create({
          experimentId,
          name: `${mode}-s${r}`,
          task: 'countdown',
          maskMode: mode,
          seed: r,
          config: config as unknown as Record<string, unknown>,
          status: 'finished',
          backend: 'wasm',
          device: 'cpu',
          notes: '',
        });
        const batch: MetricInput[] = [];
        for (let s = 1; s <= STEPS; s++) {
          const t = s / STEPS;
          const noise = Math.sin(s * 12.9898 + r * 78.233) * 0.5;
          const wallTime = 1.7e9 + s * 2;
          batch.push(
            {
              key: 'reward/mean',
              step: s,
              value: 0.6 * (1 - Math.exp(-4 * t)) + 0.05 * noise,
              wallTime,
            },
            {
              key: 'entropy/mean',
              step: s,
              value: 1.2 * Math.exp(-2 * t) + 0.05 * noise,
              wallTime,
            },
            { key: 'loss', step: s, value: 0.8 * Math.exp(-3 * t) + 0.03 * noise, wallTime },
            { key: 'accuracy', step: s, value: 0.5 * t + 0.1 * noise, wallTime },
          );
          if (batch.length >= 20_000) {
            store.metrics.insert(id, batch);
            points += batch.length;
            batch.length = 0;
          }
        }
        store.metrics.insert(id, batch);
        points += batch.length;
      });
    }
    return { experimentId, ms: performance.now() - t0, points };
  } finally {
    store.close();
  }
}

function reuseDb(path: string): { experimentId: number; ms: number; points: number } {
  const store = openStore(path);
  try {
    const exp = store.experiments.list().find((e) => e.name === 'bench-100x10k');
    if (!exp) throw new Error(`${path} holds no bench-100x10k experiment`);
    return { experimentId: exp.id, ms: 0, points: RUNS * STEPS * KEYS.length };
  } finally {
    store.close();
  }
}

/** Navigation start → every chart has its points and two frames have been painted since. */
async function firstDraw(page: Page, url: string, charts: number) {
  await page.goto(url);
  await page.waitForFunction(
    (n) => {
      const figs = [...document.querySelectorAll('[data-testid="chart"]')];
      return figs.length >= n && figs.every((f) => Number(f.getAttribute('data-points')) > 0);
    },
    charts,
    { timeout: 600_000, polling: 50 },
  );
  return page.evaluate(
    () =>
      new Promise<{ drawnMs: number; api: { requests: number; bytes: number; lastEndMs: number } }>(
        (done) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              const api = performance
                .getEntriesByType('resource')
                .filter((e) => e.name.includes('/api/')) as PerformanceResourceTiming[];
              done({
                drawnMs: performance.now(),
                api: {
                  requests: api.length,
                  bytes: api.reduce((n, e) => n + (e.encodedBodySize || e.transferSize || 0), 0),
                  lastEndMs: Math.max(0, ...api.map((e) => e.responseEnd)),
                },
              });
            }),
          ),
      ),
  );
}

/** Drag-zoom on the first chart: pointer up → zoomed chart repainted (two frames). */
async function zoomRedraw(page: Page): Promise<number> {
  const canvas = page.locator('[data-testid="chart"] canvas').first();
  const box = (await canvas.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, y, { steps: 3 });
  await page.evaluate(() => {
    (window as unknown as { __t0: number }).__t0 = 0;
    document.addEventListener(
      'pointerup',
      () => ((window as unknown as { __t0: number }).__t0 = performance.now()),
      { capture: true, once: true },
    );
  });
  await page.mouse.up();
  await page.waitForSelector('[data-testid="chart"][data-zoomed="true"]');
  const ms = await page.evaluate(
    () =>
      new Promise<number>((done) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() =>
            done(performance.now() - (window as unknown as { __t0: number }).__t0),
          ),
        ),
      ),
  );
  await page.locator('[data-testid="reset-zoom"]').first().click();
  return ms;
}

async function main(): Promise<void> {
  // BENCH_DB=path keeps the database (created on the first run, reused after).
  const keep = process.env['BENCH_DB'];
  const dir = keep ? null : mkdtempSync(join(tmpdir(), 'forkbench-bench-'));
  const db = keep ?? join(dir as string, 'bench.db');
  const load = { before: loadavg().map((x) => +x.toFixed(2)) };
  const created = keep && existsSync(db) ? reuseDb(db) : createDb(db);
  const serve = await startServe({ db, noBuild: true });
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(serve.url); // the token URL sets the auth cookie
    await page.waitForSelector('[data-testid="run-row"], [data-testid="browser"]', {
      timeout: 60_000,
    });
    const url = `${serve.baseUrl}/#/compare?experiment=${created.experimentId}`;
    const cold = await firstDraw(page, url, KEYS.length);
    await page.goto('about:blank');
    const warm = await firstDraw(page, url, KEYS.length);
    const zoomUngroupedMs = await zoomRedraw(page);
    const tg = performance.now();
    await page.getByTestId('group-mask.mode').click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="chart"][data-bands="4"]').length >= 4,
      undefined,
      { timeout: 600_000, polling: 50 },
    );
    const groupMs = performance.now() - tg;
    const zoomGroupedMs = await zoomRedraw(page);
    const result = {
      runs: RUNS,
      steps: STEPS,
      keys: KEYS.length,
      points: created.points,
      dbCreateMs: Math.round(created.ms),
      firstDrawMs: Math.round(cold.drawnMs),
      firstDrawWarmMs: Math.round(warm.drawnMs),
      apiRequests: cold.api.requests,
      apiBytes: cold.api.bytes,
      apiDoneMs: Math.round(cold.api.lastEndMs),
      zoomRedrawMs: Math.round(zoomUngroupedMs),
      groupByMaskModeMs: Math.round(groupMs),
      zoomRedrawGroupedMs: Math.round(zoomGroupedMs),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '?', node: process.version },
      chromium: browser.version(),
      load: { ...load, after: loadavg().map((x) => +x.toFixed(2)) },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await browser.close();
    await serve.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
