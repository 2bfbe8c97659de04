// Metric-name conventions: headline values for tables, and chart sections grouped by prefix
// (`reward/…`, `entropy/…`, `eval/<benchmark>/…`), as TensorBoard, W&B and MLflow do.
import { benchmarkLabelOfKey } from '@contract/benchmarks';
import type { MetricSummary } from '@contract';

export type Headline = 'reward' | 'accuracy' | 'entropy' | 'evalAccuracy';

export const HEADLINES: { id: Headline; label: string; title: string }[] = [
  { id: 'reward', label: 'Reward', title: 'Mean reward (latest)' },
  { id: 'accuracy', label: 'Acc', title: 'Training accuracy (latest)' },
  { id: 'entropy', label: 'Entropy', title: 'Mean token entropy in nats (latest)' },
  { id: 'evalAccuracy', label: 'Eval acc', title: 'Evaluation accuracy (latest)' },
];

const isEval = (k: string) => /^(eval|val|val-core|test)\//.test(k);

const PREFERENCES: Record<Headline, ((k: string) => boolean)[]> = {
  reward: [
    (k) => k === 'reward/mean',
    (k) => k === 'reward',
    (k) => k === 'critic/score/mean',
    (k) => /^rewards?\//.test(k) && !/(std|min|max)$/.test(k),
  ],
  accuracy: [
    (k) => k === 'accuracy',
    (k) => k === 'accuracy/mean',
    (k) => k === 'train/accuracy',
    (k) => !isEval(k) && /(^|\/)acc(uracy)?(\/mean)?$/.test(k),
  ],
  entropy: [
    (k) => k === 'entropy/mean',
    (k) => k === 'entropy',
    (k) => k === 'actor/entropy',
    (k) => /^entropy\//.test(k) && !/\/p\d+$/.test(k),
  ],
  evalAccuracy: [
    (k) => isEval(k) && /(acc(uracy)?|avg@\d+|mean@\d+)(\/mean)?$/.test(k),
    (k) => isEval(k) && /acc/.test(k),
    (k) => isEval(k),
  ],
};

/** The summary entry shown in the `which` column, or undefined when the run has none. */
export function headlineMetric(
  summary: readonly MetricSummary[],
  which: Headline,
): MetricSummary | undefined {
  for (const pick of PREFERENCES[which]) {
    const found = summary.find((s) => pick(s.key));
    if (found) return found;
  }
  return undefined;
}

export interface ChartSpec {
  id: string;
  title: string;
  keys: string[];
  /** What the chart measures, in words (e.g. the benchmark behind an eval accuracy). */
  caption?: string;
}

export interface ChartSection {
  id: string;
  title: string;
  charts: ChartSpec[];
}

const SECTION_ORDER = ['reward', 'accuracy', 'entropy', 'eval'];

function sectionOf(key: string): string {
  const slash = key.indexOf('/');
  if (slash > 0) return key.slice(0, slash);
  return SECTION_ORDER.includes(key) ? key : 'other';
}

const QUANTILE = /^entropy\/(p\d+|mean)$/;

function quantileRank(key: string): number {
  if (key.endsWith('/mean')) return -1;
  return Number(key.replace(/^entropy\/p/, ''));
}

/** Charts of one prefix section (`reward`, `entropy`…), the entropy quantiles sharing one chart. */
function chartsOf(name: string, sectionKeys: string[]): ChartSpec[] {
  const charts: ChartSpec[] = [];
  let rest = sectionKeys;
  if (name === 'entropy') {
    const quantiles = sectionKeys.filter((k) => QUANTILE.test(k));
    if (quantiles.some((k) => k !== 'entropy/mean')) {
      quantiles.sort((a, b) => quantileRank(a) - quantileRank(b));
      charts.push({
        id: 'entropy/quantiles',
        title: 'entropy · mean & quantiles',
        keys: quantiles,
      });
      rest = sectionKeys.filter((k) => !QUANTILE.test(k));
    }
  }
  for (const key of rest) {
    const caption = benchmarkLabelOfKey(key);
    charts.push(
      caption
        ? { id: key, title: key, keys: [key], caption }
        : { id: key, title: key, keys: [key] },
    );
  }
  return charts;
}

/** Sections with fewer charts than this are merged with their small neighbours. */
const SMALL_SECTION = 3;

/**
 * Groups metric keys into chart sections by their first path segment, as TensorBoard and MLflow
 * do. The headline prefixes (reward, accuracy, entropy, eval) form the first section, "key
 * metrics"; the rest follow alphabetically, neighbouring small sections merged into one so a
 * screen is not spent on one-chart rows. Within `entropy`, the mean and the quantiles (p50, p80,
 * p95…) share one chart.
 */
export function groupMetricKeys(keys: readonly string[]): ChartSection[] {
  const bySection = new Map<string, string[]>();
  for (const key of [...new Set(keys)].sort()) {
    const s = sectionOf(key);
    const list = bySection.get(s) ?? [];
    list.push(key);
    bySection.set(s, list);
  }
  const out: ChartSection[] = [];
  const headline = SECTION_ORDER.filter((n) => bySection.has(n)).flatMap((n) =>
    chartsOf(n, bySection.get(n) ?? []),
  );
  if (headline.length > 0) out.push({ id: 'key-metrics', title: 'key metrics', charts: headline });
  const others = [...bySection.keys()]
    .filter((n) => !SECTION_ORDER.includes(n))
    // System metrics (CPU, memory) come right after the key metrics, beside the training curves.
    .sort((a, b) =>
      a === 'system'
        ? -1
        : b === 'system'
          ? 1
          : a === 'other'
            ? 1
            : b === 'other'
              ? -1
              : a.localeCompare(b),
    );
  let pending: { names: string[]; charts: ChartSpec[] } | null = null;
  const flush = () => {
    if (pending)
      out.push({
        id: pending.names.join('+'),
        title: pending.names.join(' · '),
        charts: pending.charts,
      });
    pending = null;
  };
  for (const name of others) {
    const charts = chartsOf(name, bySection.get(name) ?? []);
    if (charts.length >= SMALL_SECTION) {
      flush();
      out.push({ id: name, title: name, charts });
    } else {
      pending ??= { names: [], charts: [] };
      pending.names.push(name);
      pending.charts.push(...charts);
      if (pending.charts.length >= SMALL_SECTION) flush();
    }
  }
  flush();
  return out;
}
