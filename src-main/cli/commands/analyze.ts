// `forkbench analyze overlap|temperature <run>`: the paper's analyses of a run's checkpoints,
// with the same job code the app and the server run in their analysis child processes
// (runner/analysis-job.ts; the CLI is its own process, so it runs the model here). The result is
// also recorded in the database, where the run's Overlap and Temperature views show it.
//   overlap      Table 1 + Fig. 4: do checkpoints keep the base model's top-ρ entropy positions?
//   temperature  Fig. 3: accuracy when tokens above τ decode at T_high and the others at T_low.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { OverlapResult, TemperatureResult } from '../../contract/api-analysis';
import { runAnalysisJob } from '../../runner/analysis-job';
import { resolveAnalysisSpec } from '../../services/analysis-jobs';
import type { AnalysisOptions } from '../../services/analysis-jobs';
import type { Command } from '../types';
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
  --out FILE       also write the result as JSON to FILE
  --json           print JSON instead of tables`,
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
  async run({ positionals, values, openStore, dbPath, stdout, stderr }) {
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

    const store = openStore();
    const dataDir = dirname(resolve(dbPath));
    const { spec, options: effective } = resolveAnalysisSpec(store, dataDir, runId, what, options);
    const id = store.analysisResults.create(runId, what, effective);
    let result;
    try {
      result = await runAnalysisJob(spec, (done, total, message) =>
        stderr(`[${done}/${total}] ${message}`),
      );
    } catch (err) {
      store.analysisResults.finish(id, { error: (err as Error).message });
      throw err;
    }
    store.analysisResults.finish(id, { result });
    if (typeof values.out === 'string') {
      mkdirSync(dirname(resolve(values.out)), { recursive: true });
      writeFileSync(values.out, JSON.stringify(result, null, 2) + '\n');
    }
    if (values.json === true) stdout(JSON.stringify(result, null, 2));
    else if (result.kind === 'overlap') printOverlap(result, stdout);
    else printTemperature(result, stdout);
    stderr(`analysis #${id} recorded (${result.seconds.toFixed(1)} s)`);
    return 0;
  },
};
