// The colour key of a token figure: the lens's fixed scale as a gradient bar with five ticks, or
// the update mask's two swatches.
import type { ColourBy } from './colormap';
import { SCALES, legendStops } from './colormap';
import type { Prim, TextPrim } from './prims';
import { FAINT, FONT, INK, MUTED, rect } from './prims';
import { fitText, textWidth } from './text';

export const ACCENT = '#4f46e5';
export const ACCENT_SOFT = '#e4e6ff';
export const OUTLINE = '#cfcfcf';

function put(prims: Prim[], p: Omit<TextPrim, 'kind'>) {
  prims.push({ kind: 'text', ...p });
}

/** The fixed colour scale as a bar with five ticks, or the mask's two swatches. */
export function colourLegend(
  prims: Prim[],
  by: ColourBy,
  left: number,
  right: number,
  y: number,
  maskLabels: readonly [string, string] = ["got gradient (in the run's mask)", 'no gradient'],
): number {
  const size = FONT.tick;
  if (by === 'mask') {
    const base = y + size;
    let x = left;
    for (const [selected, label] of [
      [true, maskLabels[0]],
      [false, maskLabels[1]],
    ] as const) {
      prims.push(
        rect(x, base - 8, 16, 10, {
          fill: selected ? ACCENT_SOFT : '#ffffff',
          opacity: 1,
          clip: false,
          role: 'swatch',
          stroke: selected ? ACCENT : OUTLINE,
          strokeWidth: 0.6,
        }),
      );
      put(prims, {
        x: x + 21,
        y: base,
        text: label,
        size,
        anchor: 'start',
        fill: INK,
        role: 'legend',
      });
      x += 21 + textWidth(label, size) + 16;
    }
    return base + 4;
  }
  const scale = SCALES[by];
  const labelW = textWidth(scale.label, size);
  const barX = left + labelW + 8;
  const barW = Math.max(80, Math.min(200, right - barX - 70));
  const barTop = y + 2;
  const stops = legendStops(by, 'light', 'hex');
  const step = barW / stops.length;
  stops.forEach((s, i) =>
    prims.push(
      rect(barX + i * step, barTop, step + (i < stops.length - 1 ? 0.6 : 0), 8, {
        fill: s.background,
        opacity: 1,
        clip: false,
        role: 'swatch',
      }),
    ),
  );
  const edge = (x1: number, y1: number, x2: number, y2: number) =>
    prims.push({ kind: 'line', x1, y1, x2, y2, stroke: '#b5b5b5', width: 0.5 });
  edge(barX, barTop, barX + barW, barTop);
  edge(barX, barTop + 8, barX + barW, barTop + 8);
  edge(barX, barTop, barX, barTop + 8);
  edge(barX + barW, barTop, barX + barW, barTop + 8);
  put(prims, {
    x: left,
    y: barTop + 7,
    text: scale.label,
    size,
    anchor: 'start',
    fill: INK,
    role: 'legend',
  });
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const v = scale.min + (scale.max - scale.min) * f;
    const label = by === 'advantage' && v > 0 ? `+${v}` : String(v);
    put(prims, {
      x: barX + f * barW,
      y: barTop + 8 + size + 1,
      text: label,
      size: FONT.caption,
      anchor: 'middle',
      fill: MUTED,
      role: 'tick',
    });
  }
  put(prims, {
    x: barX + barW + 8,
    y: barTop + 7,
    text: fitText(
      'fixed scale, clipped at the ends',
      FONT.caption,
      Math.max(10, right - barX - barW - 8),
    ),
    size: FONT.caption,
    anchor: 'start',
    fill: FAINT,
    role: 'legend',
  });
  return barTop + 8 + size + 4;
}
