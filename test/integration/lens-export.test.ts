// The lens exports over a seeded database: `forkbench export --what lens-…` writes figures (SVG,
// PDF, PNG) and data (CSV, JSON) whose numbers are the database's; bad input is a clear error
// that writes nothing; `analyze --out` refuses an unknown extension before any work; export.lens
// answers through the one dispatch.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src-main/services/export/png';
import { parseCsv } from '../../src-main/services/export/csv';
import { ROLLOUT_HEADER } from '../../src-main/services/export/lens-csv';
import { createWorkbench } from '../../src-main/services/workbench';
import type { Store } from '../../src-main/store';
import { openStore } from '../../src-main/store';
import { overlapResult, temperatureResult } from '../fixtures/analysis-results';
import type { SeedResult } from '../fixtures/seed';
import { seedDemoDatabase } from '../fixtures/seed';
import { checkPdf } from '../unit/figures/pdf-check';
import { checkXml } from '../unit/figures/xml';
import { runCli } from '../helpers/cli';
import { makeTinyRun } from './analysis-fixture';

let dir: string;
let db: string;
let seed: SeedResult;
let store: Store;
let run: number;
let overlapId: number;
let runningId: number;

const cli = (args: string[]) => runCli([...args, '--db', db], { HOME: dir });
const out = (name: string) => join(dir, name);
const csv = (name: string) => parseCsv(readFileSync(out(name), 'utf8'));
/** `forkbench export <target> --what lens-<what> <flags> --out <dir>/<file>` (target: the run). */
const exportLens = (what: string, file: string, flags: string[] = [], target = String(run)) =>
  cli(['export', target, '--what', `lens-${what}`, ...flags, '--out', out(file)]);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-lens-export-'));
  db = join(dir, 'demo.db');
  seed = seedDemoDatabase(db);
  store = openStore(db);
  run = seed.runs['top-20'] as number;
  overlapId = store.analysisResults.create(run, 'overlap', {});
  store.analysisResults.finish(overlapId, { result: overlapResult(run) });
  const t = store.analysisResults.create(run, 'temperature', {});
  store.analysisResults.finish(t, { result: temperatureResult(run) });
  // Another run whose only overlap analysis has not finished.
  runningId = store.analysisResults.create(seed.runs['top-10'] as number, 'overlap', {});
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('forkbench export --what lens-…', () => {
  it('histogram: CSV bins sum to the step’s stored tokens; SVG and PDF carry the markers', async () => {
    const tokens = store.rollouts.stepSummaries(run).find((s) => s.step === 40)!.tokens;
    const r = await exportLens('histogram', 'h.csv', ['--step', '40'], `run:${run}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote .*h\.csv \(csv, [\d.]+ KB, \d+ rows\)/);
    const rows = csv('h.csv');
    const bins = rows.filter((x) => x[0] === 'bin');
    expect(bins).toHaveLength(41);
    expect(bins.reduce((n, x) => n + Number(x[4]), 0)).toBe(tokens);
    expect(rows.find((x) => x[1] === 'tokens')?.[4]).toBe(String(tokens));

    expect((await exportLens('histogram', 'h.svg')).code).toBe(0);
    const svg = readFileSync(out('h.svg'), 'utf8');
    expect(checkXml(svg)).toBeNull();
    expect(svg.match(/class="marker" data-label="p(50|80|95) /g)).toHaveLength(3);
    expect(svg).toContain('steps 0–119 (7 stored)');

    const pdf = await exportLens('histogram', 'h.pdf', ['--step', '40']);
    expect(pdf.stdout).toContain('1 page)');
    expect(checkPdf(new Uint8Array(readFileSync(out('h.pdf')))).pages).toBe(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('percentiles and forking tokens: a row per stored step and per ranked token', async () => {
    expect((await exportLens('percentiles', 'p.csv')).code).toBe(0);
    const p = csv('p.csv');
    expect(p[0]).toEqual(['step', 'tokens', 'mean', 'p50', 'p80', 'p95', 'p99']);
    expect(p.slice(1).map((x) => Number(x[0]))).toEqual(store.rollouts.steps(run));
    expect(p.slice(1).map((x) => Number(x[1]))).toEqual(
      store.rollouts.stepSummaries(run).map((s) => s.tokens),
    );

    const t = await exportLens('tokens', 't.csv', ['--min-count', '5', '--top', '8']);
    expect(t.code).toBe(0);
    const rows = csv('t.csv').slice(1);
    const highest = rows.filter((x) => x[0] === 'highest');
    expect(highest.map((x) => Number(x[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const means = highest.map((x) => Number(x[5]));
    expect([...means].sort((a, b) => b - a)).toEqual(means);
    expect(highest.every((x) => Number(x[4]) > 5)).toBe(true);
    const json = await exportLens('tokens', 't.json');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(readFileSync(out('t.json'), 'utf8'));
    expect(parsed).toMatchObject({ format: 'forkbench.lens/1', what: 'tokens', runId: run });
    expect(parsed.tokenTable.minCount).toBe(10);
  });

  it('rollout: the step’s tokens as CSV, one PDF page per rollout, one SVG with --idx', async () => {
    const samples = store.rollouts.list(run, 40);
    const r = await exportLens('rollout', 'r.csv', ['--step', '40']);
    expect(r.code).toBe(0);
    const [header, ...rows] = csv('r.csv');
    expect(header).toEqual([...ROLLOUT_HEADER]);
    expect(rows).toHaveLength(samples.reduce((n, s) => n + s.tokens.length, 0));
    const first = samples[0]!;
    const mine = rows.filter((x) => Number(x[1]) === first.idx);
    expect(mine.map((x) => Number(x[3]))).toEqual(first.tokens);
    mine.forEach((x, i) => {
      expect(Number(x[5])).toBeCloseTo(first.entropies[i] as number, 3);
      expect(Number(x[7])).toBeCloseTo(Math.exp(Number(x[6])), 5);
      expect(x[8]).toBe(first.mask ? (first.mask[i] ? '1' : '0') : '');
    });

    expect((await exportLens('rollout', 'r.pdf', ['--step', '40'])).code).toBe(0);
    expect(checkPdf(new Uint8Array(readFileSync(out('r.pdf')))).pages).toBe(samples.length);

    const idx = String(first.idx);
    const svg = await exportLens('rollout', 'r.svg', [
      '--step',
      '40',
      '--idx',
      idx,
      '--colour-by',
      'mask',
    ]);
    expect(svg.code).toBe(0);
    const text = readFileSync(out('r.svg'), 'utf8');
    expect(checkXml(text)).toBeNull();
    expect(text.match(/class="token" data-label/g)?.length).toBeGreaterThan(0);
    expect(text).toContain(`step 40 · rollout #${idx}`);
  });

  it('overlap, change and temperature export the newest finished analysis', async () => {
    expect((await exportLens('overlap', 'o.csv')).code).toBe(0);
    const o = csv('o.csv');
    expect(o[1]).toEqual(['base (arithmetic-base)', '0', '0.52', '1', '0.874']);
    expect(o).toHaveLength(8);
    expect((await exportLens('change', 'c.svg', ['--analysis', String(overlapId)])).code).toBe(0);
    expect(readFileSync(out('c.svg'), 'utf8').match(/class="bar"/g)).toHaveLength(20);
    expect((await exportLens('temperature', 'temp.csv')).code).toBe(0);
    expect(csv('temp.csv')).toHaveLength(17);
  });

  it.runIf(findChromium() !== undefined)(
    'PNG of a rollout and of the histogram at 3×',
    async () => {
      const idx = String(store.rollouts.list(run, 40)[0]!.idx);
      const r = await exportLens('histogram', 'h.png', ['--scale', '3']);
      expect(r.code).toBe(0);
      const bytes = readFileSync(out('h.png'));
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1440, 900]);
      const roll = await exportLens('rollout', 'r.png', ['--step', '40', '--idx', idx]);
      expect(roll.code).toBe(0);
      expect(readFileSync(out('r.png')).readUInt32BE(16)).toBe(960);
    },
    60_000,
  );

  it('says what is wrong and writes nothing', async () => {
    const cases: [string[], number, RegExp][] = [
      [
        ['--what', 'lens-bogus', '--out', out('x.csv')],
        2,
        /--what must be one of .*lens-histogram/,
      ],
      [
        ['--what', 'lens-rollout', '--out', out('x.csv')],
        2,
        /--step: a rollout export needs the step/,
      ],
      [
        ['--what', 'lens-rollout', '--step', '40', '--out', out('x.svg')],
        2,
        /--idx: an SVG holds one rollout/,
      ],
      [
        ['--what', 'lens-rollout', '--step', '41', '--out', out('x.csv')],
        1,
        /no rollouts stored at step 41 \(stored steps: 0, 20/,
      ],
      [
        ['--what', 'lens-rollout', '--step', '40', '--idx', '999', '--out', out('x.csv')],
        1,
        /has no rollout #999/,
      ],
      [
        ['--what', 'lens-histogram', '--out', out('x.tsv')],
        2,
        /cannot tell the format from 'x\.tsv'/,
      ],
      [
        ['--what', 'lens-histogram', '--step', 'ten', '--out', out('x.csv')],
        2,
        /--step takes a whole number/,
      ],
      [
        ['--what', 'lens-histogram', '--colour-by', 'rainbow', '--out', out('x.csv')],
        2,
        /--colour-by: /,
      ],
      [
        ['--what', 'lens-temperature', '--analysis', String(overlapId), '--out', out('x.csv')],
        1,
        /is an overlap analysis; 'temperature' needs a temperature one/,
      ],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli(['export', String(run), ...args]);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toMatch(message);
    }
    const other = String(seed.runs['top-10']);
    const running = await exportLens('overlap', 'x.csv', [], other);
    expect(running.code).toBe(1);
    expect(running.stderr).toContain(`(#${runningId}) has not finished yet`);
    const unfinished = await exportLens(
      'overlap',
      'x.csv',
      ['--analysis', String(runningId)],
      other,
    );
    expect(unfinished.stderr).toContain(`analysis #${runningId} has not finished (running)`);
    expect(readdirSync(dir).filter((f) => f.startsWith('x.') || f.endsWith('.tmp'))).toEqual([]);
  });

  it('analyze --out writes the recorded result in the extension’s format', async () => {
    // A run with two real checkpoint files, analysed by the real binary.
    const tinyDir = mkdtempSync(join(dir, 'tiny-'));
    const tinyDb = join(tinyDir, 'tiny.db');
    const tiny = openStore(tinyDb);
    const tinyRun = await makeTinyRun(tiny, tinyDir);
    tiny.close();
    const pdf = join(tinyDir, 't1.pdf');
    const child = spawn(
      process.execPath,
      [
        'bin/forkbench.mjs',
        'analyze',
        'overlap',
        String(tinyRun),
        '--responses',
        '4',
        '--out',
        pdf,
        '--db',
        tinyDb,
      ],
      { cwd: resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code, err).toBe(0);
    expect(err).toContain(`wrote ${pdf} (pdf)`);
    expect(checkPdf(new Uint8Array(readFileSync(pdf))).pages).toBe(2); // Table 1 + Fig. 4
    const again = openStore(tinyDb);
    try {
      const [job] = again.analysisResults.list(tinyRun, 'overlap', true);
      const rows = (job!.result as { rows: { label: string; overlapWithBase: number }[] }).rows;
      const { stdout } = await runCli(
        ['export', String(tinyRun), '--what', 'lens-overlap', '--out', '-', '--db', tinyDb],
        { HOME: dir },
      );
      const csvRows = parseCsv(stdout).slice(1);
      expect(csvRows.map((r) => [r[0], Number(r[3])])).toEqual(
        rows.map((r) => [r.label, r.overlapWithBase]),
      );
    } finally {
      again.close();
    }
  }, 120_000);

  it('analyze --out refuses an unknown extension before it starts a job', async () => {
    const before = store.analysisResults.list(run).length;
    const r = await cli(['analyze', 'overlap', String(run), '--out', out('a.tsv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot tell the format from 'a.tsv'");
    expect(store.analysisResults.list(run)).toHaveLength(before);
    expect(existsSync(out('a.tsv'))).toBe(false);
  });
});

describe('export.lens through the API', () => {
  it('answers a file, and a named field for bad input', async () => {
    const wb = createWorkbench(store, 'http');
    const res = await wb.call('export.lens', { runId: run, what: 'overlap', format: 'pdf' });
    expect(res.ok).toBe(true);
    if (res.ok) {
      const file = res.value as { filename: string; encoding: string; data: string };
      expect(file.filename).toBe(`run-${run}-overlap.pdf`);
      expect(checkPdf(new Uint8Array(Buffer.from(file.data, 'base64'))).pages).toBe(1);
    }
    const bad = await wb.call('export.lens', { runId: run, what: 'rollout', format: 'csv' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'step' } });
    const missing = await wb.call('export.lens', { runId: 9999, what: 'histogram', format: 'csv' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found', field: 'runId' } });
  });
});
