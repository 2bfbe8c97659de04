// Rollout alternatives in SQLite (migration 003): they round-trip through a real database file,
// rows without them (and rows written at schema 2) still load, and the per-token cost is measured.
// Also: a schema-2 database's analysis jobs survive migration 004 (new states, heartbeat).
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RolloutRecord } from '../../../src-main/contract/rollout';
import { APPLICATION_ID, SCHEMA_VERSION, openStore } from '../../../src-main/store';
import { migration001 } from '../../../src-main/store/migrations/001_init';
import { migration002 } from '../../../src-main/store/migrations/002_analysis_results';
import { encodeFloats, encodeTokens } from '../../../src-main/store/codec';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-alt-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function sample(idx: number, n: number, withAlternatives: boolean): RolloutRecord {
  const tokens = Array.from({ length: n }, (_, i) => 4 + ((i * 7 + idx) % 70));
  const alt = tokens.flatMap((t, i) => [t, (t + 1) % 79, (t + 2 + i) % 79]);
  const probs = tokens.flatMap((_, i) => [0.61 - i * 0.001, 0.25, 0.0123]);
  return {
    idx,
    prompt: 'calc 1 +2\n',
    response: 'x',
    reward: 1,
    advantage: 0.5,
    correct: true,
    tokens,
    entropies: tokens.map((_, i) => 0.01 * i),
    logprobs: probs.filter((_, j) => j % 3 === 0).map(Math.log),
    mask: tokens.map((_, i) => (i % 5 === 0 ? 1 : 0)),
    alternatives: withAlternatives ? { k: 3, tokens: alt, probs } : null,
    extra: null,
  };
}

function newRun(store: ReturnType<typeof openStore>): number {
  const experimentId = store.experiments.create({ name: 'e' });
  return store.runs.create({
    experimentId,
    name: 'r',
    task: 'arithmetic',
    maskMode: 'top',
    seed: 1,
    config: {},
  });
}

describe('rollout alternatives', () => {
  it('round-trip through a database file; rows without them load with null', () => {
    const path = join(dir, 'rt.db');
    const store = openStore(path);
    const run = newRun(store);
    const written = [sample(0, 40, true), sample(1, 25, false), sample(2, 0, true)];
    store.rollouts.insert(run, 3, written);
    store.close();

    const again = openStore(path);
    const [a, b, c] = again.rollouts.list(run, 3);
    again.close();
    const want = written[0]!.alternatives!;
    expect(a!.alternatives!.k).toBe(3);
    expect(a!.alternatives!.tokens).toEqual(want.tokens);
    expect(a!.alternatives!.probs).toHaveLength(120);
    Array.from(want.probs).forEach((p, j) =>
      expect(Math.abs(a!.alternatives!.probs[j]! - p)).toBeLessThan(p * 1e-3),
    );
    // The sampled token's listed probability agrees with its stored log-prob (float16 vs float32).
    a!.tokens.forEach((_, i) =>
      expect(a!.alternatives!.probs[3 * i]).toBeCloseTo(Math.exp(a!.logprobs![i]!), 3),
    );
    expect(b!.alternatives).toBeNull();
    expect(c!.alternatives).toEqual({ k: 3, tokens: [], probs: [] });
    // Plain arrays: the entity serialises as it is.
    expect(JSON.parse(JSON.stringify(a!.alternatives))).toEqual(a!.alternatives);
  });

  it('refuses alternatives that are not k per token', () => {
    const store = openStore(join(dir, 'bad.db'));
    const run = newRun(store);
    const s = sample(0, 4, true);
    s.alternatives = { k: 3, tokens: [1, 2], probs: [0.5, 0.5] };
    expect(() => store.rollouts.insert(run, 1, [s])).toThrow(/3 per token/);
    expect(store.rollouts.steps(run)).toEqual([]);
    store.close();
  });

  it('migrates a schema-2 database: old rows keep loading, without alternatives', () => {
    const path = join(dir, 'v2.db');
    const raw = new Database(path);
    raw.transaction(() => {
      migration001.up(raw);
      migration002.up(raw);
    })();
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma('user_version = 2');
    raw.exec("INSERT INTO experiments (id, name, created_at) VALUES (1, 'old', '2024-01-01')");
    raw.exec(`INSERT INTO runs (id, experiment_id, name, task, mask_mode, seed, created_at)
              VALUES (1, 1, 'old', 'arithmetic', 'top', 1, '2024-01-01')`);
    const tokens = encodeTokens([5, 6, 7]);
    raw
      .prepare(
        `INSERT INTO rollout_samples (run_id, step, idx, prompt, reward, advantage, tokens,
           tokens_dtype, entropies, entropies_dtype) VALUES (1, 2, 0, 'p', 0, 0, ?, ?, ?, 'float16')`,
      )
      .run(tokens.bytes, tokens.dtype, encodeFloats([0.1, 0.2, 0.3], 'float16'));
    // A job left running by a server of that version, and a finished one (migration 004).
    raw.exec(`INSERT INTO analysis_results (id, run_id, kind, status, created_at, result_json)
              VALUES (1, 1, 'overlap', 'running', '2024-01-01T00:00:00.000Z', NULL),
                     (2, 1, 'temperature', 'done', '2024-01-01T00:00:00.000Z', '{"x":1}')`);
    raw.close();

    const store = openStore(path);
    expect(store.schemaVersion()).toBe(SCHEMA_VERSION);
    const [old] = store.rollouts.list(1, 2);
    expect(old!.tokens).toEqual([5, 6, 7]);
    expect(old!.alternatives).toBeNull();
    expect(store.analysisResults.get(2)).toMatchObject({ status: 'done', result: { x: 1 } });
    // No heartbeat column then: the creation time counts, and the job is found stale.
    const swept = store.analysisResults.interruptStale(new Date().toISOString(), 'owner gone');
    expect(swept).toEqual([1]);
    expect(store.analysisResults.get(1)).toMatchObject({
      status: 'interrupted',
      error: 'owner gone',
    });
    store.close();
  });

  it('costs 9 bytes per token at k = 3 (uint8 ids, float16 probabilities)', () => {
    const store = openStore(join(dir, 'size.db'));
    const run = newRun(store);
    store.rollouts.insert(run, 1, [sample(0, 200, false), sample(1, 200, false)]);
    store.rollouts.insert(run, 2, [sample(0, 200, true), sample(1, 200, true)]);
    const [before, after] = store.rollouts.stepSummaries(run);
    store.close();
    const perToken = (s: { bytes: number; tokens: number }) => s.bytes / s.tokens;
    console.log(
      `rollout bytes/token: ${perToken(before!)} without alternatives, ${perToken(after!)} with`,
    );
    expect(perToken(before!)).toBe(8);
    expect(perToken(after!)).toBe(17);
  });
});
