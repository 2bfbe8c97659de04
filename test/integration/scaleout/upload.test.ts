// Uploading dropped logs through serve mode's HTTP API: imports.upload alone may exceed the
// 1 MB body limit (up to its own), the same upload twice adds nothing, '..' paths are refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_REQUEST_BYTES,
} from '../../../src-main/contract/api-scaleout';
import { MAX_REQUEST_BYTES } from '../../../src-main/contract/result';
import type { RunningServer } from '../../../src-main/server';
import { startServer } from '../../../src-main/server';
import { decodeUploads } from '../../../src-main/services/scaleout';

let dir: string;
let server: RunningServer;

const post = (method: string, body: unknown) =>
  fetch(`http://127.0.0.1:${server.port}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fb-upload-'));
  server = await startServer({ db: join(dir, 'fb.db'), port: 0, staticDir: null });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

// ~2 MB of verl file-logger lines: over the generic limit, far under the upload limit.
const lines = Array.from(
  { length: 20000 },
  (_, s) =>
    `{"step": ${s}, "data": {"critic/score/mean": ${(s % 100) / 100}, "timing_s/gen": 1.5}}`,
).join('\n');
const files = [
  { path: 'exp-a/logs/exp-a.jsonl', base64: Buffer.from(lines).toString('base64'), mtime: 1 },
];

describe('imports.upload over HTTP', () => {
  it('accepts a body over the generic limit and imports it; again changes nothing', async () => {
    expect(JSON.stringify({ files }).length).toBeGreaterThan(MAX_REQUEST_BYTES);
    const first = (await (await post('imports.upload', { files })).json()) as {
      ok: boolean;
      value: { runs: { outcome: string; points: number; name: string }[] };
    };
    expect(first.ok).toBe(true);
    expect(first.value.runs).toEqual([
      expect.objectContaining({ outcome: 'created', points: 40000, name: 'exp-a' }),
    ]);
    const again = (await (await post('imports.upload', { files })).json()) as {
      value: { runs: { outcome: string }[] };
    };
    expect(again.value.runs[0]?.outcome).toBe('unchanged');
  });

  it('keeps the generic limit for every other method', async () => {
    const res = await post('imports.paths', {
      paths: ['x'.repeat(10)],
      pad: 'y'.repeat(MAX_REQUEST_BYTES),
    });
    expect(res.status).toBe(413);
  });

  it('refuses parent-folder paths and over-limit totals', () => {
    expect(() => decodeUploads([{ path: '../etc/passwd', base64: '' }])).toThrow(/no '\.\.'/);
    const chunk = Buffer.alloc(MAX_UPLOAD_BYTES / 2 + 1).toString('base64');
    expect(() =>
      decodeUploads([
        { path: 'a', base64: chunk },
        { path: 'b', base64: chunk },
      ]),
    ).toThrow(/limited to 64 MiB/);
    expect(MAX_UPLOAD_REQUEST_BYTES).toBeGreaterThan((MAX_UPLOAD_BYTES * 4) / 3);
  });
});
