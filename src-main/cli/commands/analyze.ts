// `forkbench analyze overlap <run>`: does training keep the base model's entropy pattern (paper
// Table 1, Fig. 4)? Teacher-forces fixed responses (as in the paper, sampled by the final
// checkpoint; or the run's stored rollouts) through the base model and every checkpoint, compares
// the top-ρ entropy positions with the base's and the final's, and bins the entropy change by
// base-entropy percentile. Runs the model in this process (tfjs wasm/cpu).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { WorkbenchError } from '../../contract/result';
import { parseRunConfig } from '../../contract/run-config';
import {
  entropyChangeByPercentile,
  flatten,
  overlapRatio,
  teacherForceEntropies,
  topRhoMask,
} from '../../engine/analysis';
import type { ForcedSequence, TopScope } from '../../engine/analysis';
import { initBackend } from '../../engine/backend';
import { createPolicy } from '../../engine/model';
import type { SerializedWeights } from '../../engine/model';
import { createRng } from '../../engine/rng';
import { createTask } from '../../engine/tasks';
import { BOS_ID, EOS_ID, encode } from '../../engine/tokenizer';
import { findBaseModel, readCheckpointFile } from '../../runner/checkpoint-files';
import { decodeTrainerState } from '../../runner/state-codec';
import type { Command } from '../types';
import { UsageError } from '../types';

export interface OverlapRow {
  step: number;
  label: string;
  meanEntropy: number;
  overlapWithBase: number;
  overlapWithFinal: number;
}

export interface OverlapReport {
  runId: number;
  rho: number;
  scope: TopScope;
  responses: number;
  tokens: number;
  temperature: number;
  rows: OverlapRow[];
  /** Fig. 4: entropy change (final − base) per 5% bin of base entropy. */
  bins: ReturnType<typeof entropyChangeByPercentile>;
}

function pct(v: number): string {
  return `${(v * 100).toFixed(2)}%`;
}

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: "Entropy-pattern overlap of a run's checkpoints (paper Table 1, Fig. 4)",
  usage: `Usage: forkbench analyze overlap <run> [--responses N] [--from final|stored] [--rho R]
                                      [--scope pool|response] [--out FILE] [--json]

Teacher-forces fixed responses through the base model and every checkpoint, finds each one's top-ρ entropy positions, and reports the overlap with the
base model's and the final checkpoint's positions (Table 1), plus the mean entropy change per 5%
bin of base entropy (Fig. 4).

Arguments:
  run              the run's id

Flags:
  --responses N    how many fixed responses to score (default 64)
  --from SOURCE    'final': sampled by the final checkpoint on held-out problems (the paper's
                   method, default); 'stored': the run's stored rollouts, newest steps first
  --rho R          the top fraction of positions compared (default 0.2)
  --scope S        'pool' (one threshold over all positions, default) or 'response'
  --out FILE       also write the report as JSON to FILE
  --json           print JSON instead of tables`,
  options: {
    responses: { type: 'string' },
    from: { type: 'string' },
    rho: { type: 'string' },
    scope: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: { min: 2, max: 2 },
  async run({ positionals, values, openStore, dbPath, stdout, stderr }) {
    const [what, ref] = positionals as [string, string];
    if (what !== 'overlap') throw new UsageError(`unknown analysis '${what}' (try 'overlap')`);
    if (!/^\d+$/.test(ref)) throw new UsageError(`<run> must be a run id, got '${ref}'`);
    const runId = Number(ref);
    const responses = values.responses === undefined ? 64 : Number(values.responses);
    const rho = values.rho === undefined ? 0.2 : Number(values.rho);
    const scope = (values.scope ?? 'pool') as TopScope;
    if (!Number.isInteger(responses) || responses < 1)
      throw new UsageError('--responses must be a positive integer');
    if (!(rho > 0 && rho <= 1)) throw new UsageError('--rho must be in (0, 1]');
    const source = values.from ?? 'final';
    if (source !== 'final' && source !== 'stored')
      throw new UsageError("--from must be 'final' or 'stored'");
    if (scope !== 'pool' && scope !== 'response')
      throw new UsageError("--scope must be 'pool' or 'response'");

    const store = openStore();
    const run = store.runs.get(runId);
    if (!run) throw new WorkbenchError('not_found', `run #${runId} does not exist`, 'run');
    const parsed = parseRunConfig(run.config);
    if (!parsed.ok) throw new WorkbenchError('invalid_request', `run #${runId}: ${parsed.message}`);
    const config = parsed.value;
    const dataDir = dirname(resolve(dbPath));
    const locate = (p: string) => (isAbsolute(p) ? p : join(dataDir, p));
    const checkpoints = store.checkpoints.list(runId).filter((c) => existsSync(locate(c.path)));
    if (checkpoints.length === 0)
      throw new WorkbenchError(
        'not_found',
        `run #${runId} has no checkpoint files to analyse (looked next to ${dbPath})`,
      );

    const models: { step: number; label: string; weights: () => SerializedWeights }[] = [];
    if (config.base !== null) {
      const path = findBaseModel(config.base, dataDir);
      models.push({
        step: 0,
        label: `base (${config.base})`,
        weights: () => decodeTrainerState(readCheckpointFile(path)).weights,
      });
    }
    for (const c of checkpoints)
      models.push({
        step: c.step,
        label: `step ${c.step}`,
        weights: () => decodeTrainerState(readCheckpointFile(locate(c.path), c.sha256)).weights,
      });
    if (config.base === null)
      stderr('note: the run has no base model; the first checkpoint is the reference');

    await initBackend(config.backend === 'auto' ? 'wasm' : config.backend);

    // The fixed responses.
    const sequences: ForcedSequence[] = [];
    if (source === 'stored') {
      for (const step of store.rollouts.steps(runId).reverse()) {
        for (const s of store.rollouts.list(runId, step)) {
          if (sequences.length >= responses) break;
          if (s.tokens.length > 0)
            sequences.push({ prompt: [BOS_ID, ...encode(s.prompt)], response: s.tokens });
        }
        if (sequences.length >= responses) break;
      }
    } else {
      const finalModel = models[models.length - 1] as (typeof models)[number];
      const weights = finalModel.weights();
      const policy = createPolicy(weights.config, config.seed);
      policy.setWeights(weights);
      const task = createTask(config.task);
      const rng = createRng(config.seed + 7919);
      const prompts = Array.from({ length: responses }, () => [
        BOS_ID,
        ...encode(task.sampleProblem(rng, 'eval').prompt),
      ]);
      const out = policy.sample(prompts, {
        maxNewTokens: config.rl.maxResponseTokens,
        temperature: config.rl.temperature,
        eosId: EOS_ID,
        rng: () => rng.next(),
      });
      policy.dispose();
      prompts.forEach((p, i) => {
        const response = out.tokens[i] as number[];
        if (response.length > 0) sequences.push({ prompt: p, response });
      });
    }
    if (sequences.length === 0)
      throw new WorkbenchError('not_found', `run #${runId} has no responses to score`);

    const entropies: Float64Array[] = [];
    const perResponse: Float32Array[][] = [];
    for (const m of models) {
      const weights = m.weights();
      const policy = createPolicy(weights.config, config.seed);
      policy.setWeights(weights);
      const forced = teacherForceEntropies(policy, sequences, config.rl.temperature);
      policy.dispose();
      perResponse.push(forced.entropies);
      entropies.push(flatten(forced.entropies));
      stderr(`scored ${m.label}`);
    }
    const masks = perResponse.map((e) => topRhoMask(e, rho, scope));
    const base = masks[0] as Uint8Array;
    const final = masks[masks.length - 1] as Uint8Array;
    const rows: OverlapRow[] = models.map((m, i) => {
      const e = entropies[i] as Float64Array;
      return {
        step: m.step,
        label: m.label,
        meanEntropy: e.reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0) / Math.max(1, e.length),
        overlapWithBase: overlapRatio(base, masks[i] as Uint8Array),
        overlapWithFinal: overlapRatio(final, masks[i] as Uint8Array),
      };
    });
    const report: OverlapReport = {
      runId,
      rho,
      scope,
      responses: sequences.length,
      tokens: (entropies[0] as Float64Array).length,
      temperature: config.rl.temperature,
      rows,
      bins: entropyChangeByPercentile(
        entropies[0] as Float64Array,
        entropies[entropies.length - 1] as Float64Array,
        20,
      ),
    };
    if (typeof values.out === 'string') {
      mkdirSync(dirname(resolve(values.out)), { recursive: true });
      writeFileSync(values.out, JSON.stringify(report, null, 2) + '\n');
    }
    if (values.json === true) {
      stdout(JSON.stringify(report, null, 2));
      return 0;
    }
    stdout(
      `Run #${runId}: top-${Math.round(rho * 100)}% entropy positions (${scope}) over ` +
        `${report.responses} fixed responses, ${report.tokens} tokens, T=${report.temperature}`,
    );
    const w = Math.max(...rows.map((r) => r.label.length), 10);
    stdout(`${'checkpoint'.padEnd(w)}  mean H   vs base   vs final`);
    for (const r of rows)
      stdout(
        `${r.label.padEnd(w)}  ${r.meanEntropy.toFixed(3).padStart(6)}  ${pct(r.overlapWithBase).padStart(8)}  ${pct(r.overlapWithFinal).padStart(8)}`,
      );
    stdout('\nEntropy change (final − base) by base-entropy percentile (Fig. 4):');
    stdout('bin        base H   mean ΔH   mean |ΔH|');
    for (const b of report.bins)
      stdout(
        `${`${b.fromPct}–${b.toPct}%`.padEnd(9)}  ${b.baseMean.toFixed(4).padStart(6)}  ${b.meanChange.toExponential(2).padStart(9)}  ${b.meanAbsChange.toExponential(2).padStart(9)}`,
      );
    return 0;
  },
};
