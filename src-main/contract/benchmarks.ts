// What each evaluation benchmark is, in words. Charts and tables show this label next to the
// accuracy, so an "AIME-format" score is never mistaken for AIME itself.
export const BENCHMARK_LABELS: Readonly<Record<string, string>> = {
  'countdown3-heldout': 'Countdown-3 held-out (200 problems)',
  'countdown4-heldout': 'Countdown-4 held-out, harder: four numbers (100 problems)',
  'arith-heldout': 'Arith chains held-out, 2–3 ops — AIME-format answers 000–999 (200 problems)',
  'arith1-heldout': 'One-op arithmetic warm-up held-out, operands 0–9 (all 38 problems)',
  'arith-hard':
    'Arith chains, hard held-out (4–5 ops) — AIME-format answers 000–999 (100 problems)',
};

/** The benchmark label of an `eval/<benchmark>/<stat>` metric key, if it names a known one. */
export function benchmarkLabelOfKey(key: string): string | undefined {
  const match = /^eval\/([^/]+)\//.exec(key);
  return match ? BENCHMARK_LABELS[match[1] as string] : undefined;
}
