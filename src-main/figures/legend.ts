// A plot's legend: one entry per listed line (with its band or dots) and bar set, laid out in
// rows above the plot or in a column to its right.
import type { Prim } from './prims';
import { FONT, INK, rect } from './prims';
import type { FigureSpec } from './spec';
import { fitText, textWidth } from './text';

export interface LegendItem {
  label: string;
  colour: string;
  kind: 'line' | 'bar';
  dashed: boolean;
  band: boolean;
  dots: boolean;
  w: number;
}

export const SWATCH = 18;
const GAP = 14;

export function legendItems(spec: FigureSpec): LegendItem[] {
  const item = (label: string, colour: string, rest: Partial<LegendItem>): LegendItem => ({
    label,
    colour,
    kind: 'line',
    dashed: false,
    band: false,
    dots: false,
    ...rest,
    w: SWATCH + 5 + textWidth(label, FONT.legend),
  });
  return [
    ...(spec.bars ?? [])
      .filter((b) => b.legend !== false)
      .map((b) => item(b.label, b.colour, { kind: 'bar' })),
    ...spec.series
      .filter((s) => s.legend !== false)
      .map((s) =>
        item(s.label, s.colour, {
          dashed: s.dashed === true,
          band: s.band !== undefined,
          dots: s.dots === true,
        }),
      ),
  ];
}

/** Legend rows above a plot `plotW` wide starting at `left`; returns the new top. */
export function drawTopLegend(
  prims: Prim[],
  items: LegendItem[],
  left: number,
  plotW: number,
  top: number,
): number {
  const rows: LegendItem[][] = [[]];
  let rowW = 0;
  for (const it of items) {
    const w = Math.min(it.w, plotW);
    const row = rows[rows.length - 1] as LegendItem[];
    if (row.length > 0 && rowW + GAP + w > plotW) {
      rows.push([it]);
      rowW = w;
    } else {
      rowW += (row.length > 0 ? GAP : 0) + w;
      row.push(it);
    }
  }
  for (const row of rows.slice(0, 4)) {
    top += FONT.legend + 3;
    const total = row.reduce((a, it) => a + Math.min(it.w, plotW), 0) + GAP * (row.length - 1);
    let x = left + Math.max(0, (plotW - total) / 2);
    for (const it of row) {
      drawLegendItem(prims, it, x, top, Math.min(it.w, plotW));
      x += Math.min(it.w, plotW) + GAP;
    }
  }
  return top + 8;
}

export function drawLegendItem(
  prims: Prim[],
  it: LegendItem,
  x: number,
  baseline: number,
  maxW: number,
) {
  const mid = baseline - FONT.legend * 0.32;
  if (it.kind === 'bar')
    prims.push(
      rect(x + 4, mid - 4.5, SWATCH - 8, 9, {
        fill: it.colour,
        opacity: 1,
        clip: false,
        role: 'swatch',
      }),
    );
  else {
    if (it.band)
      prims.push(
        rect(x, mid - 4, SWATCH, 8, { fill: it.colour, opacity: 0.18, clip: false, role: 'band' }),
      );
    prims.push({
      kind: 'path',
      lines: [
        [
          [x, mid],
          [x + SWATCH, mid],
        ],
      ],
      stroke: it.colour,
      width: 2,
      opacity: 1,
      dashed: it.dashed,
      clip: false,
      role: 'legend',
      label: it.label,
    });
    if (it.dots)
      prims.push({
        kind: 'circle',
        cx: x + SWATCH / 2,
        cy: mid,
        r: 2.6,
        fill: it.colour,
        stroke: '#ffffff',
        strokeWidth: 0.8,
        clip: false,
      });
  }
  prims.push({
    kind: 'text',
    x: x + SWATCH + 5,
    y: baseline,
    text: fitText(it.label, FONT.legend, maxW - SWATCH - 5),
    size: FONT.legend,
    anchor: 'start',
    fill: INK,
    role: 'legend',
  });
}
