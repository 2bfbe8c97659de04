// The drawing primitives a figure is laid out into (lines, paths, filled polygons, circles,
// text), in a top-left origin coordinate system of `width` × `height` units (px in SVG, pt in
// PDF), and the paper theme's ink. Both renderers draw the same scene, so SVG, PNG and PDF
// exports look the same.
export type Anchor = 'start' | 'middle' | 'end';
export type Pt = [number, number];

export type Prim =
  | {
      kind: 'line';
      x1: number;
      y1: number;
      x2: number;
      y2: number;
      stroke: string;
      width: number;
      dashed?: boolean;
    }
  | {
      kind: 'path';
      /** Polylines drawn with one style; a gap in the data starts a new one. */
      lines: Pt[][];
      stroke: string;
      width: number;
      opacity: number;
      dashed: boolean;
      clip: boolean;
      role: 'series' | 'legend' | 'marker';
      label: string;
    }
  | {
      kind: 'polygon';
      points: Pt[];
      fill: string;
      opacity: number;
      clip: boolean;
      /** An outline (token boxes, legend swatches); none by default. */
      stroke?: string;
      strokeWidth?: number;
      /** Written as the SVG element's class ('bar', 'token', 'swatch'…). */
      role?: string;
      label?: string;
    }
  | {
      kind: 'circle';
      cx: number;
      cy: number;
      r: number;
      fill: string;
      stroke?: string;
      strokeWidth?: number;
      clip: boolean;
    }
  | {
      kind: 'text';
      x: number;
      y: number; // baseline
      text: string;
      size: number;
      anchor: Anchor;
      fill: string;
      bold?: boolean;
      /** Monospaced (Courier): token text. */
      mono?: boolean;
      rotate?: boolean; // 90° counter-clockwise (a y-axis label)
      role?: 'title' | 'tick' | 'label' | 'legend' | 'caption' | 'marker' | 'token' | 'heading';
    };

export type TextPrim = Extract<Prim, { kind: 'text' }>;

export interface Scene {
  width: number;
  height: number;
  /** The plot area (clip rectangle); the whole content area for figures without axes. */
  plot: { x: number; y: number; w: number; h: number };
  prims: Prim[];
}

export interface SizeOptions {
  width?: number;
  height?: number;
}

export const DEFAULT_SIZE = { width: 480, height: 300 };

export const INK = '#222222';
export const MUTED = '#555555';
export const FAINT = '#777777';
export const GRID = '#e3e3e3';
export const FONT = { title: 12, label: 10.5, tick: 9, legend: 9.5, caption: 8 };
export const PAD = 10;
export const TICK_LEN = 4;

/** An axis-aligned rectangle as a polygon primitive. */
export function rect(
  x: number,
  y: number,
  w: number,
  h: number,
  style: Omit<Extract<Prim, { kind: 'polygon' }>, 'kind' | 'points'>,
): Prim {
  return {
    kind: 'polygon',
    points: [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
    ],
    ...style,
  };
}
