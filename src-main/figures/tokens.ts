// Figures of tokens rather than axes: a rollout's response as coloured token boxes wrapped into
// lines (the rollout view), or a cloud of tokens sized and coloured by mean entropy (Fig. 2b/c),
// with the lens's fixed colour scale as a legend bar. The page grows with the content.
import type { ColourBy } from './colormap';
import { swatch } from './colormap';
import type { Prim, Scene, SizeOptions, TextPrim } from './prims';
import { DEFAULT_SIZE, FAINT, FONT, INK, MUTED, PAD, rect } from './prims';
import { fitText, monoWidth } from './text';
import { ACCENT, ACCENT_SOFT, OUTLINE, colourLegend } from './token-legend';

export interface FigureToken {
  /** The token's text; '\n' ends a line in a 'flow' block. */
  text: string;
  /** Its value on the figure's colour scale (entropy, log-prob, advantage). */
  value?: number;
  /** colourBy 'mask': whether the token got gradient. */
  selected?: boolean;
  /** Font size in a 'cloud' block (default 9). */
  size?: number;
}

export interface TokenBlock {
  heading?: string;
  tokens: FigureToken[];
  /** 'flow': text order, wrapped like the rollout view; 'cloud': centred rows of boxes. */
  layout: 'flow' | 'cloud';
}

export interface TokenFigureSpec {
  kind: 'tokens';
  title: string;
  /** Lines under the title: the sample's facts, its prompt (mono). */
  lines?: { text: string; mono?: boolean }[];
  blocks: TokenBlock[];
  colourBy: ColourBy;
  /** colourBy 'mask': the two legend labels (default: the run's mask got / no gradient). */
  maskLabels?: readonly [string, string];
  caption?: string;
  theme: 'paper';
}

const TOKEN_SIZE = 9;

/** How a token reads in a box: a newline as ¶, a leading space as a middle dot (cloud only). */
export function visibleToken(text: string, cloud: boolean): string {
  if (text === '\n') return '\u00b6';
  return cloud ? text.replace(/^ /, '\u00b7').replace(/\n/g, '\u00b6') : text;
}

function colours(spec: TokenFigureSpec, t: FigureToken): { fill: string | null; ink: string } {
  if (spec.colourBy === 'mask')
    return t.selected ? { fill: ACCENT_SOFT, ink: INK } : { fill: null, ink: '#8a8f98' };
  const s = swatch(spec.colourBy, t.value ?? 0, 'light', 'hex');
  return { fill: s.background, ink: s.color };
}

export function layoutTokens(spec: TokenFigureSpec, size: SizeOptions = {}): Scene {
  const width = size.width ?? DEFAULT_SIZE.width;
  const left = PAD;
  const right = width - PAD;
  const prims: Prim[] = [];
  const text = (p: Omit<TextPrim, 'kind'>) => prims.push({ kind: 'text', ...p });

  let y = PAD + FONT.title;
  text({
    x: left,
    y,
    text: fitText(spec.title, FONT.title, right - left, true),
    size: FONT.title,
    anchor: 'start',
    fill: INK,
    bold: true,
    role: 'title',
  });
  y += 4;
  for (const line of spec.lines ?? []) {
    y += FONT.legend + 3;
    const max = right - left;
    const shown = line.mono
      ? line.text.slice(0, Math.max(1, Math.floor(max / (0.6 * FONT.legend))))
      : fitText(line.text, FONT.legend, max);
    text({
      x: left,
      y,
      text: shown,
      size: FONT.legend,
      anchor: 'start',
      fill: MUTED,
      mono: line.mono,
    });
  }
  const top = y + 6;
  y = top;

  for (const block of spec.blocks) {
    if (block.heading) {
      y += 6 + FONT.legend;
      text({
        x: left,
        y,
        text: fitText(block.heading, FONT.legend, right - left, true),
        size: FONT.legend,
        anchor: 'start',
        fill: INK,
        bold: true,
        role: 'heading',
      });
      y += 2;
    }
    y =
      block.layout === 'flow'
        ? flow(prims, spec, block, left, right, y)
        : cloud(prims, spec, block, left, right, y);
  }
  y = colourLegend(prims, spec.colourBy, left, right, y + 8, spec.maskLabels);
  if (spec.caption) {
    y += FONT.caption + 8;
    text({
      x: right,
      y,
      text: fitText(spec.caption, FONT.caption, right - left),
      size: FONT.caption,
      anchor: 'end',
      fill: FAINT,
      role: 'caption',
    });
  }
  const height = Math.max(Math.ceil(y + PAD), size.height ?? 0);
  return { width, height, plot: { x: left, y: top, w: right - left, h: y - top }, prims };
}

/** Draws one token box with its (trimmed, shifted) text. */
function box(
  prims: Prim[],
  spec: TokenFigureSpec,
  t: FigureToken,
  shown: string,
  x: number,
  boxTop: number,
  w: number,
  h: number,
  fontSize: number,
  outline: boolean,
) {
  const c = colours(spec, t);
  if (c.fill || outline)
    prims.push(
      rect(x, boxTop, w, h, {
        fill: c.fill ?? '#ffffff',
        opacity: 1,
        clip: false,
        role: 'token',
        label: t.text,
        ...(outline ? { stroke: OUTLINE, strokeWidth: 0.5 } : {}),
      }),
    );
  if (spec.colourBy === 'mask' && t.selected)
    prims.push({
      kind: 'line',
      x1: x,
      y1: boxTop + h - 0.6,
      x2: x + w,
      y2: boxTop + h - 0.6,
      stroke: ACCENT,
      width: 1.2,
    });
  const lead = shown.length - shown.trimStart().length;
  const body = shown.trim();
  if (body === '') return;
  const inner = monoWidth(shown, fontSize);
  put(prims, {
    x: x + (w - inner) / 2 + lead * 0.6 * fontSize,
    y: boxTop + h / 2 + fontSize * 0.33,
    text: body,
    size: fontSize,
    anchor: 'start',
    fill: c.ink,
    mono: true,
    role: 'token',
  });
}

function put(prims: Prim[], p: Omit<TextPrim, 'kind'>) {
  prims.push({ kind: 'text', ...p });
}

/** Draws a block's tokens between `left` and `right` from `y` down; returns the y below them. */
type BlockLayout = (
  prims: Prim[],
  spec: TokenFigureSpec,
  block: TokenBlock,
  left: number,
  right: number,
  y: number,
) => number;

/** 'flow': text order, wrapped at `right`, a new line after each newline token. */
const flow: BlockLayout = (prims, spec, block, left, right, y) => {
  const lineH = TOKEN_SIZE * 1.75;
  const boxH = TOKEN_SIZE * 1.45;
  let rowTop = y + 4;
  let x = left;
  for (const t of block.tokens) {
    const shown = visibleToken(t.text, false);
    const w = monoWidth(shown, TOKEN_SIZE);
    if (x + w > right + 0.01 && x > left) {
      x = left;
      rowTop += lineH;
    }
    box(prims, spec, t, shown, x, rowTop, w, boxH, TOKEN_SIZE, false);
    x += w;
    if (t.text === '\n') {
      x = left;
      rowTop += lineH;
    }
  }
  return rowTop + lineH;
};

/** 'cloud': centred rows of boxes, each in its token's own size. */
const cloud: BlockLayout = (prims, spec, block, left, right, y) => {
  const gap = 6;
  const items = block.tokens.map((t) => {
    const fontSize = t.size ?? TOKEN_SIZE;
    const shown = visibleToken(t.text, true);
    return { t, shown, fontSize, w: monoWidth(shown, fontSize) + 6, h: fontSize * 1.45 };
  });
  const rows: (typeof items)[] = [[]];
  let rowW = 0;
  for (const it of items) {
    const row = rows[rows.length - 1] as typeof items;
    if (row.length > 0 && rowW + gap + it.w > right - left) {
      rows.push([it]);
      rowW = it.w;
    } else {
      rowW += (row.length ? gap : 0) + it.w;
      row.push(it);
    }
  }
  let rowTop = y + 6;
  for (const row of rows) {
    if (row.length === 0) continue;
    const rowH = Math.max(...row.map((it) => it.h));
    const total = row.reduce((a, it) => a + it.w, 0) + gap * (row.length - 1);
    let x = left + (right - left - total) / 2;
    for (const it of row) {
      box(
        prims,
        spec,
        it.t,
        it.shown,
        x,
        rowTop + (rowH - it.h) / 2,
        it.w,
        it.h,
        it.fontSize,
        true,
      );
      x += it.w + gap;
    }
    rowTop += rowH + 5;
  }
  return rowTop;
};
