// Chart colours come from CSS variables, so both themes (and any future one) restyle charts.
import { PAPER_COLOURS } from '@figures/spec';
export interface ChartPalette {
  series: string[];
  grid: string;
  axis: string;
  text: string;
  surface: string;
  border: string;
}

export function readPalette(el: Element = document.documentElement): ChartPalette {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    series: [1, 2, 3, 4, 5, 6].map((i) => v(`--chart-${i}`, '#2563eb')),
    grid: v('--chart-grid', '#e5e7eb'),
    axis: v('--chart-axis', '#6b7280'),
    text: v('--text', '#111827'),
    surface: v('--surface', '#ffffff'),
    border: v('--border-strong', '#d1d5db'),
  };
}

/** `#rrggbb` (or any CSS colour) at the given opacity, via color-mix so any format works. */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (m) {
    const n = parseInt(m[1] as string, 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  return `color-mix(in srgb, ${color} ${Math.round(alpha * 100)}%, transparent)`;
}

/** The run colours: the figures' Tableau 10 (figures/spec.ts), so exports match the app. */
export const RUN_COLORS: readonly string[] = PAPER_COLOURS;

/** One colour per run, stable by id, so a run looks the same in every chart and table. */
export function runColor(id: number): string {
  return RUN_COLORS[
    (((id - 1) % RUN_COLORS.length) + RUN_COLORS.length) % RUN_COLORS.length
  ] as string;
}
