// `forkbench analyze overlap|temperature <run>`: the paper's analyses of a run's checkpoints,
// started through the same service as the app's and the server's (analysis.start: a child
// process runs the model). The result is recorded in the database, where the run's Overlap and
// Temperature views show it. Ctrl-C cancels the job (analysis.cancel): the child is killed and
// the job is recorded as cancelled.
//   overlap      Table 1 + Fig. 4: do checkpoints keep the base model's top-ρ entropy positions?
//   temperature  Fig. 3: accuracy when tokens above τ decode at T_high and the others at T_low.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AnalysisJob, OverlapResult, TemperatureResult } from '../../contract/api-analysis';
import { WorkbenchError } from '../../contract/result';
import type { AnalysisOptions } from '../../services/analysis-jobs';
import type { Workbench } from '../../services/workbench';
import { analysisFile, analysisOutFormat, writeAtomic } from '../lens-export';
import type { Command, CommandContext } from '../types';
import { UsageError } from '../types';

function pct(v: number): string {
  return `${(v * 100).toFixed(2)}%`;
}

function num(value: unknown, flag: string, check: (n: number) => boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n))
    throw new UsageError(`--${flag}: invalid value '${String(value)}'`);
  return n;
}

/** Starts the job and follows it to its end; Ctrl-C cancels it. */
async function follow(
  wb: Workbench,
  request: { runId: number; kind: 'overlap' | 'temperature'; options: AnalysisOptions },
  stderr: CommandContext['stderr'],
): Promise<AnalysisJob> {
  let id: number | undefined;
  let ended: ((job: AnalysisJob) => void) | undefined;
  const pending: AnalysisJob[] = [];
  let said = '';
  const onJob = (job: AnalysisJob) => {
    if (job.status !== 'running') return ended?.(job);
    const line = job.progress
      ? `[${job.progress.done}/${job.progress.total}] ${job.progress.message}`
      : '';
    if (line && line !== said) stderr((said = line));
  };
  const off = wb.events.subscribe((e) => {
    if (e.type !== 'analysis.updated') return;
    if (id === undefined) pending.push(e.job);
    else if (e.job.id === id) onJob(e.job);
  });
  const onSigint = () => {
    stderr('cancelling the analysis…');
    if (id !== undefined) void wb.call('analysis.cancel', { id });
  };
  process.on('SIGINT', onSigint);
  try {
    const started = await wb.call('analysis.start', request);
    if (!started.ok)
      throw new WorkbenchError(started.error.code, started.error.message, started.error.field);
    const jobId = (id = (started.value as AnalysisJob).id);
    const done = new Promise<AnalysisJob>((resolve) => (ended = resolve));
    for (const job of pending) if (job.id === jobId) onJob(job);
    const row = wb.store.analysisResults.get(jobId);
    if (row && row.status !== 'running') onJob({ ...row, result: null, progress: null });
    await done;
    const job = await wb.call('analysis.get', { id: jobId });
    if (!job.ok) throw new WorkbenchError(job.error.code, job.error.message);
    return job.value as AnalysisJob;
  } finally {
    process.off('SIGINT', onSigint);
    off();
  }
}

function printOverlap(r: OverlapResult, out: (line: string) => void): void {
  out(
    `Run #${r.runId}: top-${Math.round(r.rho * 100)}% entropy positions (${r.scope}) over ` +
      `${r.responses} fixed responses (${r.source}), ${r.tokens} tokens, T=${r.temperature}`,
  );
  if (!r.hasBase) out('note: no base model file; the first checkpoint is the reference');
  const w = Math.max(...r.rows.map((x) => x.label.length), 10);
  out(`${'checkpoint'.padEnd(w)}  mean H   vs base   vs final`);
  for (const x of r.rows)
    out(
      `${x.label.padEnd(w)}  ${x.meanEntropy.toFixed(3).padStart(6)}  ${pct(x.overlapWithBase).padStart(8)}  ${pct(x.overlapWithFinal).padStart(8)}`,
    );
  out('\nEntropy change (final − base) by base-entropy percentile (Fig. 4):');
  out('bin        base H   mean ΔH   mean |ΔH|');
  for (const b of r.bins)
    out(
      `${`${b.fromPct}–${b.toPct}%`.padEnd(9)}  ${b.baseMean.toFixed(4).padStart(6)}  ${b.meanChange.toExponential(2).padStart(9)}  ${b.meanAbsChange.toExponential(2).padStart(9)}`,
    );
}

function printTemperature(r: TemperatureResult, out: (line: string) => void): void {
  out(
    `Run #${r.runId} step ${r.step}: ${r.benchmarkLabel}, first ${r.problems} problems, k=${r.k}; ` +
      `τ = ${r.threshold.toFixed(4)} nats${r.percentile === null ? '' : ` (p${r.percentile} of its token entropies)`}`,
  );
  out('T        T_high varies (T_low=1)   T_low varies (T_high=1)');
  r.grid.forEach((t, i) => {
    const h = r.varyHigh[i];
    const l = r.varyLow[i];
    out(
      `${String(t).padEnd(7)}  ${(h ? pct(h.accuracy) : '–').padStart(23)}   ${(l ? pct(l.accuracy) : '–').padStart(23)}`,
    );
  });
}

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: "Paper analyses of a run's checkpoints: overlap (Table 1, Fig. 4), temperature (Fig. 3)",
  usage: `Usage: forkbench analyze overlap <run> [--responses N] [--from final|stored] [--rho R]
                                      [--scope pool|response] [--out FILE] [--json]
       forkbench analyze temperature <run> [--step S] [--benchmark ID] [--problems N] [--k K]
                                      [--grid 0,0.3,1,3] [--percentile P] [--threshold TAU]
                                      [--out FILE] [--json]

overlap: teacher-forces fixed responses through the base model and every checkpoint, finds each
one's top-ρ entropy positions, and reports the overlap with the base model's and the final
checkpoint's positions (Table 1), plus the mean entropy change per 5% bin of base entropy (Fig. 4).

temperature: decodes a held-out benchmark with T_high for tokens whose entropy is above τ (the
checkpoint's 80th-percentile entropy) and T_low elsewhere; sweeps T_high with T_low = 1 and T_low
with T_high = 1 (Fig. 3).

The result is recorded in the database (the run's Overlap / Temperature views show it).
Ctrl-C cancels the job (recorded as cancelled, no result).

Arguments:
  run              the run's id

Flags (overlap):
  --responses N    how many fixed responses to score (default 32)
  --from SOURCE    'final': sampled by the final checkpoint on held-out problems (the paper's
                   method, default); 'stored': the run's stored rollouts, newest steps first
  --rho R          the top fraction of positions compared (default 0.2)
  --scope S        'pool' (one threshold over all positions, default) or 'response'
Flags (temperature):
  --step S         the checkpoint to decode with (default: the last)
  --benchmark ID   held-out benchmark (default: the run's first eval benchmark)
  --problems N     its first N problems (default 24)
  --k K            samples per problem (default 1)
  --grid LIST      temperatures, comma-separated (default 0,0.05,0.3,0.6,1,2,3,5)
  --percentile P   τ = this percentile of the checkpoint's token entropies (default 80)
  --threshold TAU  τ in nats, instead of measuring it
Both:
  --out FILE       also write the result to FILE, in the format of its extension: .json (the
                   whole result), .csv (overlap: Table 1 per checkpoint; temperature: every
                   point), .svg / .png (the figure), .pdf (overlap: Table 1 and Fig. 4 pages)
  --json           print JSON instead of tables

The figures and data of a recorded analysis also export later: 'forkbench export RUN --what
lens-overlap|lens-change|lens-temperature --out FILE'.`,
  options: {
    responses: { type: 'string' },
    from: { type: 'string' },
    rho: { type: 'string' },
    scope: { type: 'string' },
    step: { type: 'string' },
    benchmark: { type: 'string' },
    problems: { type: 'string' },
    k: { type: 'string' },
    grid: { type: 'string' },
    percentile: { type: 'string' },
    threshold: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: { min: 2, max: 2 },
  async run({ positionals, values, openWorkbench, stdout, stderr, env }) {
    const [what, ref] = positionals as [string, string];
    if (what !== 'overlap' && what !== 'temperature')
      throw new UsageError(`unknown analysis '${what}' (try 'overlap' or 'temperature')`);
    if (!/^\d+$/.test(ref)) throw new UsageError(`<run> must be a run id, got '${ref}'`);
    const runId = Number(ref);
    const int = (n: number) => Number.isInteger(n) && n >= 1;
    const options: AnalysisOptions = {};
    const responses = num(values.responses, 'responses', int);
    if (responses !== undefined) options.responses = responses;
    const rho = num(values.rho, 'rho', (n) => n > 0 && n <= 1);
    if (rho !== undefined) options.rho = rho;
    if (values.from !== undefined) {
      if (values.from !== 'final' && values.from !== 'stored')
        throw new UsageError("--from must be 'final' or 'stored'");
      options.source = values.from;
    }
    if (values.scope !== undefined) {
      if (values.scope !== 'pool' && values.scope !== 'response')
        throw new UsageError("--scope must be 'pool' or 'response'");
      options.scope = values.scope;
    }
    const step = num(values.step, 'step', (n) => Number.isInteger(n) && n >= 0);
    if (step !== undefined) options.step = step;
    if (typeof values.benchmark === 'string') options.benchmark = values.benchmark;
    const problems = num(values.problems, 'problems', int);
    if (problems !== undefined) options.problems = problems;
    const k = num(values.k, 'k', int);
    if (k !== undefined) options.k = k;
    if (typeof values.grid === 'string') {
      const grid = values.grid.split(',').map(Number);
      if (grid.length === 0 || grid.some((t) => !Number.isFinite(t) || t < 0 || t > 20))
        throw new UsageError('--grid: comma-separated temperatures between 0 and 20');
      options.grid = grid;
    }
    const percentile = num(values.percentile, 'percentile', (n) => n > 0 && n < 100);
    if (percentile !== undefined) options.percentile = percentile;
    const threshold = num(values.threshold, 'threshold', (n) => n >= 0);
    if (threshold !== undefined) options.threshold = threshold;
    // Checked before the (long) analysis runs: an unknown extension, or PNG without Chromium.
    const out = typeof values.out === 'string' ? resolve(values.out) : null;
    const outFormat = out ? analysisOutFormat(out, env) : null;

    const wb = openWorkbench();
    const job = await follow(wb, { runId, kind: what, options }, stderr);
    if (job.status === 'cancelled') {
      stderr(`analysis #${job.id} cancelled (no result recorded)`);
      return 130;
    }
    if (job.status !== 'done' || !job.result)
      throw new WorkbenchError(
        'internal',
        `analysis #${job.id} ${job.status}: ${job.error ?? '?'}`,
      );
    const result = job.result;
    if (out && outFormat) {
      mkdirSync(dirname(out), { recursive: true });
      writeAtomic(
        out,
        outFormat === 'json'
          ? `${JSON.stringify(result, null, 2)}\n`
          : await analysisFile(wb.store, what, runId, job.id, outFormat, { scale: 2, env }),
      );
      stderr(`wrote ${out} (${outFormat})`);
    }
    if (values.json === true) stdout(JSON.stringify(result, null, 2));
    else if (result.kind === 'overlap') printOverlap(result, stdout);
    else printTemperature(result, stdout);
    stderr(`analysis #${job.id} recorded (${result.seconds.toFixed(1)} s)`);
    return 0;
  },
};
