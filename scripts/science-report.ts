// The measured tables of docs/science.md, read from a Forkbench database (nothing is typed in
// by hand): per experiment, per arm over seeds, held-out avg@k at step 0 and at the last eval,
// its change, pass@k, wall time, and the entropy findings from the stored rollouts.
//
//   npx tsx scripts/science-report.ts --db science.db [--experiment 3 ...] [--benchmark pair-heldout]
import { parseArgs } from 'node:util';
import { percentile } from '../src-main/engine/rl/entropy';
import { openStore } from '../src-main/store';
import { armOf } from '../src-main/contract/config/naming';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    experiment: { type: 'string', multiple: true },
    benchmark: { type: 'string', default: 'pair-heldout' },
  },
});
if (!values.db) throw new Error('--db PATH is required');
const store = openStore(values.db, { readonly: true });
const benchmark = values.benchmark as string;

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const std = (xs: number[]) =>
  xs.length < 2 ? 0 : Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
const pts = (x: number) => (x * 100).toFixed(1);
const pm = (xs: number[]) => `${pts(mean(xs))} ± ${pts(std(xs))}`;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${pts(x)}`;

interface RunRow {
  arm: string;
  seed: number;
  base: number;
  final: number;
  finalPass: number;
  finalSe: number;
  steps: number;
  seconds: number;
  lowShare: number;
  p80: number;
  /** Mean of each DIAGNOSTICS key over the run's last 10 logged steps (NaN: not logged). */
  late: Record<string, number>;
}

/** Training metrics that tell the arms apart (docs/token-rules.md): what each rule changed. */
const DIAGNOSTICS = [
  'reward/mean',
  'entropy/mean',
  'rule/changed_frac',
  'mask/selected_frac',
  'grad/share_h_q5',
  'clip/high_frac',
  'response/length_mean',
] as const;

function lateMeans(runId: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of store.metrics.series(runId, { keys: DIAGNOSTICS })) {
    const vals = s.points.slice(-10).map((p) => p.value);
    out[s.key] = vals.length ? mean(vals) : NaN;
  }
  return out;
}

/** Entropy statistics over every stored rollout token of the given steps. */
function entropyStats(runId: number, steps: number[]): { lowShare: number; p80: number } {
  const all: number[] = [];
  for (const step of steps)
    for (const s of store.rollouts.list(runId, step)) for (const h of s.entropies) all.push(h);
  const arr = Float32Array.from(all);
  return {
    lowShare: all.filter((h) => h < 0.01).length / Math.max(1, all.length),
    p80: percentile(arr, 80),
  };
}

const experiments = values.experiment?.length
  ? values.experiment.map((id) => store.experiments.get(Number(id))).filter((e) => e !== undefined)
  : store.experiments.list();

for (const e of experiments) {
  // In creation order, so the arms come out as the preset lists them.
  const runs = store.runs
    .list({ experimentId: e.id })
    .filter((r) => r.status === 'finished')
    .sort((a, b) => a.id - b.id);
  const rows: RunRow[] = [];
  for (const r of runs) {
    const evals = store.evals.list(r.id, benchmark).sort((a, b) => a.step - b.step);
    const first = evals[0];
    const last = evals.at(-1);
    if (!first || !last || first.step !== 0) continue;
    const detail = last.perProblem as { correct: number; k: number }[] | null;
    const perProblem = detail?.map((p) => p.correct / p.k) ?? [];
    const steps = store.rollouts.steps(r.id);
    rows.push({
      arm: armOf(r.name),
      seed: r.seed,
      base: first.avgAtK,
      final: last.avgAtK,
      finalPass: last.passAtK,
      finalSe: perProblem.length ? std(perProblem) / Math.sqrt(perProblem.length) : NaN,
      steps: last.step,
      seconds:
        r.startedAt && r.endedAt ? (Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000 : NaN,
      ...entropyStats(r.id, steps.slice(-5)),
      late: lateMeans(r.id),
    });
  }
  if (rows.length === 0) continue;
  const arms = [...new Set(rows.map((r) => r.arm))];
  const k = store.evals.list(runs[0]!.id, benchmark)[0]?.k ?? 0;
  console.log(`\n### ${e.name} (experiment ${e.id}, ${rows.length} finished runs)\n`);
  console.log(
    `| arm | n | held-out avg@${k}, step 0 | at the last eval | Δ (points) | Δ per seed | pass@${k} last | tokens < 0.01 nats (last 5 steps) | entropy p80 | wall time per run |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const arm of arms) {
    const rs = rows.filter((r) => r.arm === arm).sort((a, b) => a.seed - b.seed);
    const d = rs.map((r) => r.final - r.base);
    console.log(
      `| ${arm} | ${rs.length} | ${pm(rs.map((r) => r.base))} | ${pm(rs.map((r) => r.final))} | ${signed(mean(d))} ± ${pts(std(d))} | ${rs.map((r) => `${signed(r.final - r.base)} (s${r.seed}, step ${r.steps})`).join(', ')} | ${pm(rs.map((r) => r.finalPass))} | ${pm(rs.map((r) => r.lowShare))}% | ${mean(rs.map((r) => r.p80)).toFixed(3)} | ${mean(rs.map((r) => r.seconds)).toFixed(0)} s |`,
    );
  }
  console.log(
    `\nTraining diagnostics, mean ± std over seeds of each run's last 10 steps:\n\n| arm | ${DIAGNOSTICS.join(' | ')} |\n|---|${DIAGNOSTICS.map(() => '---').join('|')}|`,
  );
  for (const arm of arms) {
    const rs = rows.filter((r) => r.arm === arm);
    const cell = (key: string) => {
      const xs = rs.map((r) => r.late[key] ?? NaN).filter(Number.isFinite);
      return xs.length ? `${mean(xs).toFixed(3)} ± ${std(xs).toFixed(3)}` : '—';
    };
    console.log(`| ${arm} | ${DIAGNOSTICS.map(cell).join(' | ')} |`);
  }
  const se = mean(rows.map((r) => r.finalSe).filter(Number.isFinite));
  console.log(
    `\nMean standard error of one run's final avg@${k} over problems: ${pts(se)} points.`,
  );
}
store.close();
