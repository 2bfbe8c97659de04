// A stand-in for the Electron preload's `window.workbench`, installed with page.addInitScript.
// It must be self-contained (Playwright serialises the function). Tests push events through
// `window.__fakeWorkbench.emit(event)` and read calls from `window.__fakeWorkbench.calls`.
import type { WorkbenchEvent } from '../../../src-main/contract/events';

export interface FakeOptions {
  empty?: boolean;
  /** Methods that answer with this error instead of data. */
  failing?: Record<string, { code: string; message: string }>;
}

export interface FakeHandle {
  emit(event: WorkbenchEvent): void;
  calls: { method: string; request: unknown }[];
}

export function installFakeBridge(options: FakeOptions): void {
  type Pt = { step: number; wallTime: number; value: number };
  const now = Date.now();
  const iso = (msAgo: number) => new Date(now - msAgo).toISOString();
  const MIN = 60_000;
  let seed = 7;
  const rand = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const experiments: Record<string, unknown>[] = [];
  const runs: Record<string, unknown>[] = [];
  const metrics = new Map<number, Record<string, Pt[]>>();

  function series(runId: number, steps: number, mode: string) {
    const out: Record<string, Pt[]> = {};
    const push = (k: string, step: number, v: number) =>
      (out[k] ??= []).push({ step, wallTime: (now - (steps - step) * 2000) / 1000, value: v });
    const gain = mode === 'top' ? 1 : mode === 'all' ? 0.9 : mode === 'bottom' ? 0.45 : 0.7;
    for (let t = 1; t <= steps; t++) {
      const p = 1 - Math.exp(-t / 60);
      const noise = (rand() - 0.5) * 0.18;
      const reward = 0.12 + 0.62 * gain * p + noise;
      push('reward/mean', t, reward);
      push('accuracy', t, Math.min(1, Math.max(0, reward + (rand() - 0.5) * 0.1)));
      const h = 0.62 - (mode === 'bottom' ? 0.35 : 0.12) * p + (rand() - 0.5) * 0.05;
      push('entropy/mean', t, h);
      push('entropy/p50', t, h * 0.2);
      push('entropy/p80', t, h * 1.15);
      push('entropy/p95', t, h * 2.6);
      push('loss/pg', t, 0.05 * Math.exp(-t / 90) + (rand() - 0.5) * 0.02);
      push('response_length/mean', t, 38 + 10 * p + (rand() - 0.5) * 4);
      if (t % 20 === 0)
        push('eval/countdown3-heldout/acc', t, 0.1 + 0.55 * gain * p + (rand() - 0.5) * 0.04);
    }
    metrics.set(runId, out);
    const summary = ['reward/mean', 'accuracy', 'entropy/mean', 'eval/countdown3-heldout/acc']
      .filter((k) => out[k])
      .map((k) => {
        const pts = out[k] as Pt[];
        const vals = pts.map((p) => p.value);
        const last = pts[pts.length - 1] as Pt;
        return {
          key: k,
          lastStep: last.step,
          last: last.value,
          min: Math.min(...vals),
          max: Math.max(...vals),
        };
      });
    return { summary, keys: Object.keys(out) };
  }

  if (!options.empty) {
    const defs: [string, string, string[]][] = [
      [
        'rho-ablation-countdown',
        "The paper's ρ ablation on Countdown: top 20% vs all, bottom 80%, random 20%.",
        ['ablation', 'paper'],
      ],
      ['quick-demo', 'Shipped quick-demo preset on the tiny base model.', ['demo']],
      ['threshold-scope', 'Per-micro-batch vs whole-batch entropy threshold.', []],
    ];
    defs.forEach(([name, description, tags], i) =>
      experiments.push({
        id: i + 1,
        name,
        description,
        tags,
        archived: false,
        createdAt: iso((3 - i) * 26 * 60 * MIN),
        runCount: 0,
      }),
    );
    let id = 0;
    const add = (
      exp: number,
      name: string,
      status: string,
      mode: string,
      rho: number,
      s: number,
      steps: number,
      ago: number,
      extra: Record<string, unknown> = {},
    ) => {
      id += 1;
      const { summary, keys } = steps > 0 ? series(id, steps, mode) : { summary: [], keys: [] };
      runs.push({
        id,
        experimentId: exp,
        name,
        status,
        task: 'countdown',
        maskMode: mode,
        seed: s,
        config: {
          task: 'countdown',
          seed: s,
          steps: 300,
          mask: { mode, rho, scope: 'micro-batch', normaliser: 'selected' },
          rl: { groupSize: 8, clip: { low: 0.2, high: 0.28 }, lr: 1e-5, temperature: 1 },
          model: { base: 'tiny-countdown-0.8M', dModel: 128, layers: 4 },
        },
        backend: status === 'queued' ? null : 'wasm',
        device: status === 'queued' ? null : 'cpu (1 thread)',
        tags: [],
        notes: '',
        archived: false,
        error: null,
        createdAt: iso(ago),
        startedAt: status === 'queued' ? null : iso(ago - 5000),
        endedAt: ['running', 'queued'].includes(status) ? null : iso(ago - steps * 2000),
        heartbeatAt: status === 'running' ? iso(3000) : null,
        resumedFrom: null,
        source: 'local',
        step: steps > 0 ? steps : null,
        summary,
        params: { rho, steps: 300 },
        metricKeys: keys,
        ...extra,
      });
    };
    add(1, 'top20-seed0', 'finished', 'top', 0.2, 0, 300, 300 * MIN);
    add(1, 'top20-seed1', 'finished', 'top', 0.2, 1, 300, 290 * MIN);
    add(1, 'all-tokens-seed0', 'finished', 'all', 0.2, 0, 300, 280 * MIN);
    add(1, 'bottom80-seed0', 'failed', 'bottom', 0.2, 0, 140, 270 * MIN, {
      error: 'RangeError: NaN loss at step 141 (entropy mask selected 0 tokens in micro-batch 3)',
    });
    add(1, 'random20-seed0', 'running', 'random', 0.2, 0, 180, 12 * MIN);
    add(1, 'top50-seed0', 'queued', 'top', 0.5, 0, 0, 2 * MIN);
    add(2, 'quick-demo', 'interrupted', 'top', 0.2, 0, 120, 3 * 60 * MIN);
    add(2, 'quick-demo-2', 'stopped', 'top', 0.2, 1, 60, 2 * 60 * MIN);
    add(3, 'whole-batch-top20', 'crashed', 'top', 0.2, 0, 90, 26 * 60 * MIN, {
      error: 'trainer heartbeat lost after 30 s',
    });
    for (const e of experiments)
      e['runCount'] = runs.filter((r) => r['experimentId'] === e['id']).length;
  }

  const listeners = new Set<(e: WorkbenchEvent) => void>();
  const calls: { method: string; request: unknown }[] = [];
  const ok = (value: unknown) => ({ ok: true, value });
  const notFound = (what: string) => ({
    ok: false,
    error: { code: 'not_found', message: `${what} does not exist` },
  });
  const strip = (r: Record<string, unknown>) => {
    const { params: _p, metricKeys: _m, ...run } = r;
    return run;
  };
  const handlers: Record<string, (req: Record<string, unknown>) => unknown> = {
    'app.info': () =>
      ok({
        version: '0.1.0',
        dbPath: ':fake:',
        schemaVersion: 1,
        transport: 'ipc',
        platform: 'test',
      }),
    'experiments.list': (req) =>
      ok(
        experiments
          .filter((e) => req['includeArchived'] || !e['archived'])
          .map((e) => ({
            ...e,
            runs: runs.filter((r) => r['experimentId'] === e['id']).map(strip),
          })),
      ),
    'experiments.get': (req) => {
      const e = experiments.find((x) => x['id'] === req['id']);
      return e
        ? ok({ ...e, runs: runs.filter((r) => r['experimentId'] === e['id']).map(strip) })
        : notFound('experiment');
    },
    'experiments.update': (req) => {
      const e = experiments.find((x) => x['id'] === req['id']);
      if (!e) return notFound('experiment');
      Object.assign(e, req);
      return ok(e);
    },
    'experiments.delete': (req) => {
      const i = experiments.findIndex((x) => x['id'] === req['id']);
      if (i < 0) return notFound('experiment');
      experiments.splice(i, 1);
      return ok({ deleted: true });
    },
    'runs.get': (req) => {
      const r = runs.find((x) => x['id'] === req['id']);
      return r ? ok(r) : notFound(`run ${String(req['id'])}`);
    },
    'runs.update': (req) => {
      const r = runs.find((x) => x['id'] === req['id']);
      if (!r) return notFound('run');
      Object.assign(r, req);
      return ok(strip(r));
    },
    'runs.delete': (req) => {
      const i = runs.findIndex((x) => x['id'] === req['id']);
      if (i < 0) return notFound('run');
      runs.splice(i, 1);
      return ok({ deleted: true });
    },
    'metrics.get': (req) => {
      const m = metrics.get(req['runId'] as number) ?? {};
      return ok(Object.entries(m).map(([key, points]) => ({ runId: req['runId'], key, points })));
    },
    'metrics.getMany': (req) =>
      ok(
        (req['runIds'] as number[]).map((runId) => {
          const m = metrics.get(runId) ?? {};
          return {
            runId,
            series: Object.entries(m).map(([key, points]) => ({ runId, key, points })),
            summaries: Object.entries(m).map(([key, points]) => {
              const values = points.map((p) => p.value);
              const last = points[points.length - 1] as Pt;
              const [min, max] = [Math.min(...values), Math.max(...values)];
              return { key, lastStep: last.step, last: last.value, min, max };
            }),
          };
        }),
      ),
  };
  const bridge: Record<string, unknown> = {
    onEvent(cb: (e: WorkbenchEvent) => void) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
  for (const [method, fn] of Object.entries(handlers)) {
    bridge[method] = async (request: Record<string, unknown>) => {
      calls.push({ method, request });
      const failure = options.failing?.[method];
      if (failure) return { ok: false, error: failure };
      return JSON.parse(JSON.stringify(fn(request ?? {})));
    };
  }
  (window as unknown as { workbench: unknown }).workbench = bridge;
  (window as unknown as { __fakeWorkbench: FakeHandle }).__fakeWorkbench = {
    emit: (e) => listeners.forEach((cb) => cb(e)),
    calls,
  };
}
