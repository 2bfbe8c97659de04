// Serve mode's answers to bad requests: 4xx statuses with the same envelope (read by the
// renderer's client too), per-server token cookies, and a server that stays responsive while
// hostile requests are refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../src-main/server';
import { startServer } from '../../src-main/server';
import { createHttpTransport } from '../../src-renderer/src/api/http';
import { seedDemoDatabase } from '../fixtures/seed';

let dir: string;
let server: RunningServer;
let base: string;

const post = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${server.token}`,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fb-srv-err-'));
  seedDemoDatabase(join(dir, 'demo.db'));
  server = await startServer({ db: join(dir, 'demo.db'), port: 0, staticDir: null });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('status codes (item 8)', () => {
  it.each([
    ['experiments.create', {}, 400, 'invalid_request'],
    ['experiments.create', '{"name": ', 400, 'invalid_request'],
    ['nope.never', {}, 400, 'invalid_request'],
    ['runs.get', { id: 999_999 }, 404, 'not_found'],
    ['runs.resume', { id: 1 }, 409, 'conflict'],
  ])('%s %j → %i %s, same envelope', async (method, body, status, code) => {
    const res = await post(method, body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
    expect(json.ok).toBe(false);
    expect(json.error.code).toBe(code);
    expect(json.error.message.length).toBeGreaterThan(0);
  });

  it('a deeply nested payload is invalid_request (400), not internal', async () => {
    const deep = `{"name":"x","tags":${'['.repeat(400_000)}${']'.repeat(400_000)}}`;
    const res = await post('experiments.create', deep);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringMatching(/nested deeper/) },
    });
  });

  it("the renderer's HTTP client reads the envelope on 4xx", async () => {
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', (url: string, init: RequestInit) =>
      realFetch(url, {
        ...init,
        headers: { ...(init.headers as object), Authorization: `Bearer ${server.token}` },
      }),
    );
    try {
      const client = createHttpTransport(`${base}/api/`);
      const missing = await client.call('runs.get', { id: 999_999 });
      expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const bad = await client.call('experiments.create', { name: '' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'name' } });
      const fine = await client.call('app.info', {});
      expect(fine.ok).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('token cookie per server (item 7)', () => {
  it("a second server's cookie neither replaces nor authenticates the first's", async () => {
    const other = await startServer({ db: server.workbench, port: 0, staticDir: null });
    try {
      const login = async (s: RunningServer) => {
        const res = await fetch(`http://127.0.0.1:${s.port}/?token=${s.token}`, {
          redirect: 'manual',
        });
        return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
      };
      const first = await login(server);
      const second = await login(other);
      expect(first.split('=')[0]).toBe(`forkbench_token_${server.port}`);
      expect(second.split('=')[0]).toBe(`forkbench_token_${other.port}`);
      // A browser sends both cookies to both ports; each server still finds its own.
      const both = `${first}; ${second}`;
      for (const s of [server, other]) {
        const res = await fetch(`http://127.0.0.1:${s.port}/api/app.info`, {
          method: 'POST',
          headers: { Cookie: both },
        });
        expect(res.status).toBe(200);
      }
      const foreign = await fetch(`${base}/api/app.info`, {
        method: 'POST',
        headers: { Cookie: second },
      });
      expect(foreign.status).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('responsive under hostile requests', () => {
  it('answers a normal request quickly while hostile ones are refused', async () => {
    const timed = async () => {
      const t0 = performance.now();
      const res = await post('runs.list', {});
      expect(res.status).toBe(200);
      await res.json();
      return performance.now() - t0;
    };
    await timed(); // warm up
    const baseline: number[] = [];
    for (let i = 0; i < 7; i++) baseline.push(await timed());
    baseline.sort((a, b) => a - b);
    const median = baseline[3] as number;

    const axes = ['seed', 'rl.lr', 'rl.steps', 'mask.rho', 'rl.groupSize', 'model.layers'];
    const huge = Object.fromEntries(axes.map((k) => [k, Array.from({ length: 22 }, (_, i) => i)]));
    const million = Object.fromEntries(
      axes.map((k) => [k, Array.from({ length: 10 }, (_, i) => i)]),
    );
    const deep = `{"config":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`;
    const hostile = [
      post('sweeps.create', { grid: huge }),
      post('sweeps.create', { grid: million }),
      post('runs.create', deep),
      post('sweeps.create', '{"grid":{"mask.__proto__.polluted":[1]}}'),
    ];
    const during = await timed();
    const answers = await Promise.all(hostile);
    for (const res of answers) expect(res.status).toBe(400);
    // Before the fix the 10^6 grid alone blocked every request for ~10 s, and 10^8 killed it.
    expect(during).toBeLessThan(Math.max(median * 50, (baseline[6] as number) * 10));
    expect(await timed()).toBeLessThan(Math.max(median * 50, (baseline[6] as number) * 10));
  });
});
