// Serve mode over real HTTP: token, cookie flow, Host/Origin guard, body limit, SSE, static files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BYTES } from '../../src-main/contract/result';
import type { RunningServer } from '../../src-main/server';
import { startServer } from '../../src-main/server';
import { seedDemoDatabase } from '../fixtures/seed';

let dir: string;
let server: RunningServer;
let base: string;
let ids: ReturnType<typeof seedDemoDatabase>;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: no URL normalisation, any Host header. */
function raw(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
  body?: string,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
      );
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const auth = () => ({ Authorization: `Bearer ${server.token}` });
const post = (method: string, body: unknown, headers: Record<string, string> = auth()) =>
  fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fb-srv-'));
  ids = seedDemoDatabase(join(dir, 'demo.db'));
  const web = join(dir, 'web');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Forkbench UI</title>');
  writeFileSync(join(web, 'assets', 'app-123.js'), 'console.log(1)');
  writeFileSync(join(web, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(dir, 'secret.txt'), 'TOP SECRET');
  server = await startServer({
    db: join(dir, 'demo.db'),
    port: 0,
    staticDir: web,
    heartbeatMs: 200,
  });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('token', () => {
  it('prints a loopback URL with a 32-byte hex token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses the API without or with a wrong token (401 JSON envelope)', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer nope' },
      { Authorization: `Basic ${server.token}` },
      { Cookie: `forkbench_token_${server.port}=wrong` },
    ];
    for (const headers of attempts) {
      const res = await post('app.info', {}, headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    const wrongQuery = await fetch(`${base}/api/app.info?token=${'0'.repeat(64)}`, {
      method: 'POST',
    });
    expect(wrongQuery.status).toBe(401);
  });

  it('answers a page explaining the printed URL to navigations without a token', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/URL that `forkbench serve` printed/);
  });

  it('accepts the Bearer header', async () => {
    const res = await post('app.info', {});
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, value: { transport: 'http' } });
  });

  it('turns ?token= into an HttpOnly SameSite=Strict cookie and redirects without it', async () => {
    const res = await fetch(`${base}/?token=${server.token}&view=runs`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/?view=runs');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^forkbench_token_${server.port}=${server.token};`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${base}/`, {
      headers: { Cookie: `forkbench_token_${server.port}=${server.token}` },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Forkbench UI');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const api = await post(
      'runs.list',
      {},
      { Cookie: `forkbench_token_${server.port}=${server.token}` },
    );
    expect(((await api.json()) as { ok: boolean }).ok).toBe(true);
  });
});

describe('host and origin guard', () => {
  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const res = await raw(
      '/api/app.info',
      { ...auth(), Host: `evil.example:${server.port}` },
      'POST',
      '{}',
    );
    expect(res.status).toBe(403);
    expect((await raw('/', { ...auth(), Host: '127.0.0.1:1' })).status).toBe(403);
    expect((await raw('/', { ...auth(), Host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('refuses a cross-site Origin', async () => {
    const res = await post('app.info', {}, { ...auth(), Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    const same = await post('app.info', {}, { ...auth(), Origin: base });
    expect(same.status).toBe(200);
  });
});

describe('API', () => {
  it('answers 413 over MAX_REQUEST_BYTES, and envelopes for bad JSON and unknown methods', async () => {
    const big = await post('experiments.create', {
      name: 'x',
      description: 'y'.repeat(MAX_REQUEST_BYTES),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
    const bad = await post('experiments.create', '{"name": ');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const unknown = await post('nope.never', {});
    expect(await unknown.json()).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'method' },
    });
    const wrongVerb = await fetch(`${base}/api/app.info`, { headers: auth() });
    expect(wrongVerb.status).toBe(405);
    const list = await server.workbench.call('experiments.list', {});
    expect(list.ok && (list.value as unknown[]).length).toBe(2);
  });

  it('streams an event over SSE after a mutation', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events?token=${server.token}`, {
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const runId = ids.runs['all-tokens']!;
    const update = await post('runs.update', { id: runId, notes: 'via http' });
    expect(((await update.json()) as { ok: boolean }).ok).toBe(true);
    while (!text.includes('\n\n: heartbeat') || !text.includes('run.updated')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    controller.abort();
    const line = text.split('\n').find((l) => l.startsWith('data: '))!;
    const event = JSON.parse(line.slice(6)) as { type: string; run: { id: number; notes: string } };
    expect(event).toMatchObject({ type: 'run.updated', run: { id: runId, notes: 'via http' } });
  });
});

describe('static files', () => {
  it('serves files with their MIME types and falls back to index.html for app routes', async () => {
    const js = await raw('/assets/app-123.js', auth());
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toMatch(/immutable/);
    expect((await raw('/assets/app.css', auth())).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    );
    const route = await raw('/runs/12', auth());
    expect(route.body).toContain('Forkbench UI');
    expect((await raw('/assets/missing.js', auth())).status).toBe(404);
  });

  it.each([
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%00',
    '/%E0%A4%A',
  ])('refuses path traversal %s', async (path) => {
    const res = await raw(path, auth());
    expect(res.body).not.toContain('TOP SECRET');
    expect([400, 403, 404]).toContain(res.status);
  });

  it('explains how to build the UI when it is missing', async () => {
    const bare = await startServer({ db: server.workbench, port: 0, staticDir: null });
    try {
      const res = await fetch(`http://127.0.0.1:${bare.port}/`, {
        headers: { Authorization: `Bearer ${bare.token}` },
      });
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build:renderer');
    } finally {
      await bare.close();
    }
    expect(server.workbench.store.db.open).toBe(true);
  });

  it('binds to loopback only and explains a busy port', async () => {
    await expect(startServer({ db: server.workbench, host: '0.0.0.0' })).rejects.toThrow(
      /loopback only/,
    );
    await expect(startServer({ db: server.workbench, port: server.port })).rejects.toThrow(
      /in use/,
    );
  });
});
