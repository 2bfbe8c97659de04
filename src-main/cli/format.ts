// Text output helpers: aligned tables, ages, numbers, mask labels.
import type { MetricSummary, Run } from '../contract/entities';

/** C0/C1 controls (but newline and tab), DEL, and bidi overrides that could reorder a line. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text as a terminal should see it: names, notes and logs come from users and trainers, and an
 * ESC or OSC sequence in them would be executed by the terminal (retitle it, hide text, write
 * a hyperlink). Each such character is shown as a visible \xNN / \uNNNN escape instead.
 */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** Columns padded to their widest cell; numeric-looking columns right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map(
    (_, i) => rows.length > 0 && rows.every((r) => /^(-?[\d.]+%?|—|-)$/.test(r[i] ?? '')),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** "now", "45s", "12m", "5h", "3d", "7w" since `iso`. */
export function age(iso: string | null, now: number = Date.now()): string {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 5) return 'now';
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  if (s < 14 * 86_400) return `${Math.floor(s / 86_400)}d`;
  return `${Math.floor(s / (7 * 86_400))}w`;
}

export function num(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined) return '—';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return v.toFixed(digits);
}

export function summaryOf(run: Run, key: string | RegExp): MetricSummary | undefined {
  return run.summary.find((s) => (typeof key === 'string' ? s.key === key : key.test(s.key)));
}

/** Accuracy for lists: the training accuracy, else the first eval avg@k. */
export function accuracyOf(run: Run): number | undefined {
  return (summaryOf(run, 'accuracy') ?? summaryOf(run, /^eval\/.+\/avg@/))?.last;
}

/** "top 20%", "bottom 80%", "random 20%", "all" from the mode and config.mask.rho. */
export function maskLabel(run: Pick<Run, 'maskMode' | 'config'>): string {
  const mode = run.maskMode;
  if (mode === 'all') return 'all';
  const mask = run.config.mask as { rho?: unknown } | undefined;
  const rho = typeof mask?.rho === 'number' ? mask.rho : undefined;
  if (rho === undefined) return mode;
  const pct = Math.round((mode === 'bottom' ? 1 - rho : rho) * 1000) / 10;
  return `${mode} ${pct}%`;
}
