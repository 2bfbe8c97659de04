// Where the hover card goes: beside the hovered column (crosshair, cursor and every marked point),
// right of it when it fits, else left of it, clamped inside the bounds (the viewport). Only when
// neither side has room does it go above or below the marked points instead, so it never covers
// a point it describes.

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Placement {
  left: number;
  top: number;
  side: 'right' | 'left' | 'above' | 'below';
}

export interface PlaceInput {
  /** The hovered column: the x span of the cursor, the crosshair and the points (px). */
  column: { left: number; right: number };
  /** The points' y span (px), and the cursor's y the card centres on when beside the column. */
  points: { top: number; bottom: number };
  cursorY: number;
  card: { width: number; height: number };
  bounds: Box;
  /** Space kept between the card and what it must not cover. */
  gap?: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

export function placeCard(o: PlaceInput): Placement {
  const gap = o.gap ?? 12;
  const { width: w, height: h } = o.card;
  const b = o.bounds;
  const top = clamp(o.cursorY - h / 2, b.top, b.bottom - h);
  if (o.column.right + gap + w <= b.right)
    return { left: o.column.right + gap, top, side: 'right' };
  if (o.column.left - gap - w >= b.left)
    return { left: o.column.left - gap - w, top, side: 'left' };
  // Too narrow for either side: centre on the column, above the points or else below them.
  const left = clamp((o.column.left + o.column.right) / 2 - w / 2, b.left, b.right - w);
  if (o.points.top - gap - h >= b.top) return { left, top: o.points.top - gap - h, side: 'above' };
  return { left, top: Math.max(b.top, o.points.bottom + gap), side: 'below' };
}
