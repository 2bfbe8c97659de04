// The same-rollout rule comparison (rollouts.rules) as a lens export: a token figure with one
// strip per rule (the step's first samples, marked tokens highlighted) and the Jaccard matrix
// under the title, and a CSV of every marked token plus the matrix.
import type { RuleComparisonView } from '../../contract/api-analysis';
import type { TokenBlock, TokenFigureSpec } from '../../figures/tokens';
import type { CsvValue } from './csv';
import { csvRow } from './csv';
import type { Table } from './lens-csv';

/** Samples drawn per strip in the figure (the CSV has all of them). */
export const FIGURE_SAMPLES = 3;

const pct = (n: number, total: number) => `${total ? ((100 * n) / total).toFixed(1) : '0.0'}%`;

/** The Jaccard matrix as fixed-width text lines (mono), row labels the rule ids. */
export function jaccardLines(v: RuleComparisonView): string[] {
  const ids = v.rules.map((r) => r.rule);
  const w = Math.max(...ids.map((id) => id.length));
  const head = `${'rule'.padEnd(w)}  ${ids.map((id) => id.slice(0, 5).padStart(5)).join(' ')}`;
  return [
    head,
    ...v.jaccard.map(
      (row, i) => `${ids[i]!.padEnd(w)}  ${row.map((x) => x.toFixed(2).padStart(5)).join(' ')}`,
    ),
  ];
}

export function rulesFigure(
  v: RuleComparisonView,
  o: { run: string; title?: string },
): TokenFigureSpec {
  const shown = v.samples.slice(0, FIGURE_SAMPLES);
  const blocks: TokenBlock[] = v.rules.map((r) => ({
    heading: `${r.label} — ${r.marks} ${r.count} of ${v.tokens} (${pct(r.count, v.tokens)})`,
    layout: 'flow',
    tokens: shown.flatMap((s, i) => [
      ...s.tokens.map((text, j) => ({ text, selected: r.selected[i]![j] === '1' })),
      ...(i < shown.length - 1 ? [{ text: '\n' }] : []),
    ]),
  }));
  return {
    kind: 'tokens',
    title: o.title ?? `Token rules on one batch: ${o.run}, step ${v.step}`,
    lines: [
      {
        text: `${v.samples.length} stored samples, ${v.tokens} tokens; strips show the first ${shown.length}. Jaccard overlap:`,
      },
      ...jaccardLines(v).map((text) => ({ text, mono: true })),
    ],
    blocks,
    colourBy: 'mask',
    maskLabels: ['marked by the rule (selected or up-weighted)', 'not marked'],
    caption: `Parameters: ${Object.entries(v.params)
      .map(([k, x]) => `${k} ${x}`)
      .join(
        ', ',
      )}. Evaluated on-policy on the stored pass (KL-Cov: the tokens it penalises once the policy moves).`,
    theme: 'paper',
  };
}

export const RULES_HEADER = [
  'kind',
  'rule',
  'idx',
  'pos',
  'token',
  'marked',
  'weight',
  'value',
] as const;

/**
 * `token` rows: every token of every sample for every rule (marked 1/0 and its weight);
 * `jaccard` rows: rule × rule (the other rule in `token`, the overlap in `value`).
 */
export function rulesCsv(v: RuleComparisonView): Table {
  const rows: CsvValue[][] = [];
  for (const r of v.rules)
    v.samples.forEach((s, i) =>
      s.tokens.forEach((t, j) =>
        rows.push([
          'token',
          r.rule,
          s.idx,
          j,
          t,
          r.selected[i]![j] === '1' ? 1 : 0,
          r.weight[i]![j]!,
          null,
        ]),
      ),
    );
  v.jaccard.forEach((row, i) =>
    row.forEach((x, j) =>
      rows.push(['jaccard', v.rules[i]!.rule, null, null, v.rules[j]!.rule, null, null, x]),
    ),
  );
  return { text: `${[csvRow(RULES_HEADER), ...rows.map(csvRow)].join('\n')}\n`, rows: rows.length };
}
