// Token colours for the entropy lens: the fixed scales and ramps live in src-main/figures
// (shared with exported figures, so a PNG/SVG/PDF of a rollout shows the app's colours); this
// adds the CSS gradient of the legend bar.
import type { ScaleBy } from '@figures/colormap';
import { LEVELS, swatches } from '@figures/colormap';

export type { ColourBy, LensTheme, Swatch } from '@figures/colormap';
export { SCALES, scaleT, swatch } from '@figures/colormap';

/** CSS linear-gradient of a scale, for the legend bar. */
export function gradientCss(by: ScaleBy, theme: 'light' | 'dark'): string {
  const list = swatches(by === 'advantage' ? 'div' : 'seq', theme);
  const stops = list.filter((_, i) => i % 6 === 0 || i === LEVELS);
  const ordered = by === 'logprob' ? [...stops].reverse() : stops;
  return `linear-gradient(90deg, ${ordered.map((s) => s.background).join(', ')})`;
}
