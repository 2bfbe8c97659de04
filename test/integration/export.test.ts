// forkbench export over a seeded database: the files' rows equal the database's, bundles parse,
// figures are valid; and the export.* API methods with their size limits.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporter } from '../../src-main/services/export';
import { findChromium } from '../../src-main/services/export/png';
import { createWorkbench } from '../../src-main/services/workbench';
import type { Store } from '../../src-main/store';
import { openStore } from '../../src-main/store';
import { parseCsv } from '../../src-main/services/export/csv';
import type { SeedResult } from '../fixtures/seed';
import { seedDemoDatabase } from '../fixtures/seed';
import { checkPdf } from '../unit/figures/pdf-check';
import { checkXml } from '../unit/figures/xml';
import { runCli } from '../helpers/cli';

let dir: string;
let db: string;
let seed: SeedResult;
let store: Store;

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli([...args, '--db', db], { HOME: dir, ...env });

interface DbRow {
  run_id: number;
  key: string;
  step: number;
  wall_time: number;
  value: number | null;
}

function dbRows(runIds: number[], keys?: string[]): DbRow[] {
  const rows = store.db
    .prepare(
      `SELECT run_id, key, step, wall_time, value FROM metrics
       WHERE run_id IN (${runIds.join(',')}) ORDER BY run_id, key, step`,
    )
    .all() as DbRow[];
  return keys ? rows.filter((r) => keys.includes(r.key)) : rows;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-export-'));
  db = join(dir, 'demo.db');
  seed = seedDemoDatabase(db);
  store = openStore(db);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('forkbench export', () => {
  it('metrics as long CSV: every database row, in order', async () => {
    const out = join(dir, 'all.csv');
    const run = seed.runs['all-tokens'] as number;
    const { code, stdout } = await cli(['export', String(run), '--what', 'metrics', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/wrote .*all\.csv \(csv, [\d.]+ KB, \d+ rows\)/);
    const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
    expect(header).toEqual(['run_id', 'run', 'key', 'step', 'wall_time', 'value']);
    const expected = dbRows([run]);
    expect(rows).toHaveLength(expected.length);
    rows.forEach((r, i) => {
      const e = expected[i] as DbRow;
      expect([Number(r[0]), r[1], r[2], Number(r[3]), Number(r[4]), Number(r[5])]).toEqual([
        e.run_id,
        'all-tokens',
        e.key,
        e.step,
        e.wall_time,
        e.value,
      ]);
    });
    // No temporary file left behind.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it("one series as TensorBoard's CSV, and experiment:ID selects all its runs", async () => {
    const run = seed.runs['top-20'] as number;
    const out = join(dir, 'tb.csv');
    const r = await cli([
      'export',
      'top-20',
      '--what',
      'metrics',
      '--format',
      'tb-csv',
      '--keys',
      'reward/mean',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
    expect(header).toEqual(['Wall time', 'Step', 'Value']);
    expect(rows.map((x) => x.map(Number))).toEqual(
      dbRows([run], ['reward/mean']).map((e) => [e.wall_time, e.step, e.value]),
    );

    const exp = join(dir, 'exp.csv');
    const e = await cli([
      'export',
      `experiment:${seed.experiments.rhoAblation}`,
      '--what',
      'metrics',
      '--keys',
      'accuracy,reward/mean',
      '--out',
      exp,
    ]);
    expect(e.code).toBe(0);
    const ids = store.runs
      .list({ experimentId: seed.experiments.rhoAblation, includeArchived: true })
      .map((x) => x.id);
    expect(parseCsv(readFileSync(exp, 'utf8')).slice(1)).toHaveLength(
      dbRows(ids, ['accuracy', 'reward/mean']).length,
    );
  });

  it('JSON, log and bundle (JSONL) parse and carry the run', async () => {
    const run = seed.runs['all-tokens'] as number;
    const json = join(dir, 'm.json');
    expect((await cli(['export', String(run), '--what', 'metrics', '--out', json])).code).toBe(0);
    const parsed = JSON.parse(readFileSync(json, 'utf8'));
    expect(parsed.format).toBe('forkbench.metrics/1');
    expect(parsed.runs[0].series['reward/mean']).toHaveLength(
      dbRows([run], ['reward/mean']).length,
    );

    const log = await cli(['export', String(run), '--what', 'log', '--out', '-']);
    expect(log.code).toBe(0);
    expect(log.stdout.trim().split('\n').length).toBe(store.logs.list(run).length);

    const out = join(dir, 'b.jsonl');
    expect((await cli(['export', String(run), '--what', 'bundle', '--out', out])).code).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const [head, ...rest] = lines;
    expect(head.type).toBe('header');
    expect(head.run.id).toBe(run);
    expect(head.config).toEqual(store.runs.get(run)!.config);
    expect(head.notes).toBe('Full-token DAPO baseline.');
    expect(rest.filter((l) => l.type === 'metric')).toHaveLength(dbRows([run]).length);
    expect(rest.filter((l) => l.type === 'log')).toHaveLength(store.logs.list(run).length);
    expect(rest.filter((l) => l.type === 'eval')).toHaveLength(store.evals.list(run).length);
    const rollouts = store.rollouts.steps(run).flatMap((s) => store.rollouts.list(run, s));
    expect(rest.filter((l) => l.type === 'rollout')).toHaveLength(rollouts.length);
  });

  it('figures: SVG parses, PDF has its pages, a sheet one page per key', async () => {
    const svg = join(dir, 'f.svg');
    const r = await cli([
      'export',
      `experiment:${seed.experiments.rhoAblation}`,
      '--what',
      'figure',
      '--keys',
      'reward/mean',
      '--smoothing',
      '0.8',
      '--out',
      svg,
    ]);
    expect(r.code).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(checkXml(text)).toBeNull();
    expect(text).toContain('>top-20</text>');
    expect(text).toContain('debiased EMA 0.8');

    const pdf = join(dir, 'f.pdf');
    expect(
      (await cli(['export', '1', '--what', 'figure', '--keys', 'accuracy', '--out', pdf])).code,
    ).toBe(0);
    expect(checkPdf(new Uint8Array(readFileSync(pdf))).pages).toBe(1);

    const sheet = join(dir, 's.pdf');
    expect((await cli(['export', '1', '--what', 'sheet', '--out', sheet])).code).toBe(0);
    expect(checkPdf(new Uint8Array(readFileSync(sheet))).pages).toBe(store.metrics.keys(1).length);
  });

  it.runIf(findChromium() !== undefined)(
    'PNG through Chromium at the asked scale',
    async () => {
      const png = join(dir, 'f.png');
      const r = await cli([
        'export',
        '1',
        '--what',
        'figure',
        '--keys',
        'accuracy',
        '--scale',
        '3',
        '--width',
        '400',
        '--height',
        '250',
        '--out',
        png,
      ]);
      expect(r.stderr).toBe('');
      const bytes = readFileSync(png);
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1200, 750]);
    },
    60_000,
  );

  it('says what is wrong', async () => {
    const missing = await cli(['export', '1', '--what', 'nonsense', '--out', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--what must be one of metrics, figure, sheet, log, bundle');
    const noOut = await cli(['export', '1', '--what', 'metrics']);
    expect(noOut.stderr).toContain('--out FILE is required');
    const tb = await cli(['export', '1', '--what', 'metrics', '--format', 'tb-csv', '--out', 'x']);
    expect(tb.code).toBe(1);
    expect(tb.stderr).toContain('one run and one key');
    const gone = await cli(['export', '999', '--what', 'metrics', '--out', join(dir, 'n.csv')]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('run #999 does not exist');
    expect(existsSync(join(dir, 'n.csv'))).toBe(false);
    const png = await cli(
      ['export', '1', '--what', 'figure', '--keys', 'accuracy', '--out', join(dir, 'n.png')],
      { CHROMIUM_PATH: '/nowhere/chromium' },
    );
    expect(png.code).toBe(1);
    expect(png.stderr).toMatch(/needs Chrome or Chromium.*CHROMIUM_PATH.*SVG and PDF/s);
    const help = await cli(['export', '--help']);
    expect(help.stdout).toContain('Usage: forkbench export');
  });
});

describe('export API', () => {
  it('answers files through the one dispatch, and refuses oversized exports', async () => {
    const wb = createWorkbench(store, 'http');
    const csv = await wb.call('export.metricsCsv', {
      runIds: [1],
      keys: ['accuracy'],
      format: 'tensorboard',
    });
    expect(csv.ok).toBe(true);
    if (csv.ok) {
      const file = csv.value as { filename: string; data: string; rows: number };
      expect(file.filename).toBe('run-1-accuracy.csv');
      expect(file.rows).toBe(dbRows([1], ['accuracy']).length);
    }
    const pdf = await wb.call('export.figureSheet', {
      runIds: [1],
      charts: [{ keys: ['accuracy'] }, { title: 'entropy', keys: ['entropy/mean', 'entropy/p95'] }],
    });
    expect(pdf.ok).toBe(true);
    if (pdf.ok) {
      const file = pdf.value as { encoding: string; data: string };
      expect(file.encoding).toBe('base64');
      expect(checkPdf(new Uint8Array(Buffer.from(file.data, 'base64'))).pages).toBe(2);
    }
    const bad = await wb.call('export.figure', { runIds: [], keys: ['x'], format: 'svg' });
    expect(bad.ok).toBe(false);
    const small = createExporter(store, { maxPoints: 100, maxBytes: 1e9 });
    expect(() => small.metricsCsv({ runIds: [1], format: 'long' })).toThrow(/more than 100 points/);
    const tiny = createExporter(store, { maxPoints: Infinity, maxBytes: 1000 });
    expect(() => tiny.runBundle({ runId: 1 })).toThrow(/over the 0 MB limit|limit/);
  });
});
