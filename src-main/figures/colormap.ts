// Token colours of the entropy lens, shared by the app's views (src-renderer's lens/colormap.ts)
// and exported figures. Fixed scales (never rescaled per view, so two steps or two runs compare
// by eye) and ramps that are monotonic in lightness: in the light theme higher values are darker,
// in the dark theme brighter, so "more colour" always means "more entropy". The sequential ramps
// follow magma/inferno's hues; the diverging one is ColorBrewer's RdBu.
export type LensTheme = 'light' | 'dark';
export type ColourBy = 'entropy' | 'advantage' | 'logprob' | 'mask';
export type ScaleBy = Exclude<ColourBy, 'mask'>;

type RGB = [number, number, number];

const hex = (h: string): RGB => [
  parseInt(h.slice(1, 3), 16),
  parseInt(h.slice(3, 5), 16),
  parseInt(h.slice(5, 7), 16),
];

const SEQ: Record<LensTheme, RGB[]> = {
  light: ['#ffffff', '#fdf1c0', '#fdc26b', '#f68a4a', '#de4a53', '#a3216b', '#5c1470'].map(hex),
  dark: ['#15181e', '#2a1f4c', '#551f73', '#8f2a78', '#cf4465', '#f6813f', '#fbd46a'].map(hex),
};
const DIV: Record<LensTheme, RGB[]> = {
  light: ['#2166ac', '#67a9cf', '#d1e5f0', '#ffffff', '#fddbc7', '#ef8a62', '#b2182b'].map(hex),
  dark: ['#4393c3', '#2b5f8a', '#1d3346', '#15181e', '#4a2526', '#9c3b35', '#e0664f'].map(hex),
};

/** Fixed scales: entropy 0–3 nats, log-prob −6–0, advantage −2–+2. Values beyond are clipped. */
export const SCALES = {
  entropy: { min: 0, max: 3, label: 'entropy (nats)' },
  logprob: { min: -6, max: 0, label: 'log-probability' },
  advantage: { min: -2, max: 2, label: 'advantage' },
} as const;

function ramp(stops: RGB[], t: number): RGB {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i] as RGB;
  const b = stops[i + 1] as RGB;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as RGB;
}

/** Relative luminance (WCAG) of an sRGB colour. */
function luminance([r, g, b]: RGB): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export interface Swatch {
  background: string;
  /** Text colour with the better contrast on `background`. */
  color: string;
}

/** 'css': `rgb(r g b)` for the app; 'hex': `#rrggbb` for figures (SVG and PDF). */
export type ColourFormat = 'css' | 'hex';

export const LEVELS = 48;
const cache = new Map<string, Swatch[]>();

const formatRgb = (c: RGB, format: ColourFormat) =>
  format === 'css'
    ? `rgb(${c[0]} ${c[1]} ${c[2]})`
    : `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/** The LEVELS + 1 quantised swatches of a ramp, from the scale's low end to its high end. */
export function swatches(
  kind: 'seq' | 'div',
  theme: LensTheme,
  format: ColourFormat = 'css',
): Swatch[] {
  const key = `${kind}:${theme}:${format}`;
  let out = cache.get(key);
  if (!out) {
    const stops = (kind === 'seq' ? SEQ : DIV)[theme];
    out = Array.from({ length: LEVELS + 1 }, (_, i) => {
      const c = ramp(stops, i / LEVELS);
      const L = luminance(c);
      // WCAG contrast against near-black #14161a (L ≈ 0.008) vs near-white #f4f5f7 (L ≈ 0.91).
      const dark = (L + 0.05) / (0.008 + 0.05);
      const light = (0.91 + 0.05) / (L + 0.05);
      return { background: formatRgb(c, format), color: dark >= light ? '#14161a' : '#f4f5f7' };
    });
    cache.set(key, out);
  }
  return out;
}

/** Position 0..1 of a value on its fixed scale. */
export function scaleT(by: ScaleBy, value: number): number {
  const s = SCALES[by];
  if (by === 'logprob') return 1 - (value - s.min) / (s.max - s.min); // unlikely tokens: intense
  return (value - s.min) / (s.max - s.min);
}

/** The swatch (quantised to LEVELS + 1 levels) for a value. */
export function swatch(
  by: ScaleBy,
  value: number,
  theme: LensTheme,
  format: ColourFormat = 'css',
): Swatch {
  const list = swatches(by === 'advantage' ? 'div' : 'seq', theme, format);
  const t = Math.min(1, Math.max(0, scaleT(by, value)));
  return list[Math.round((Number.isFinite(t) ? t : 0) * LEVELS)] as Swatch;
}

/** The ramp as a legend draws it: left (the scale's min) to right (its max). */
export function legendStops(by: ScaleBy, theme: LensTheme, format: ColourFormat): Swatch[] {
  const list = swatches(by === 'advantage' ? 'div' : 'seq', theme, format);
  return by === 'logprob' ? [...list].reverse() : list;
}
