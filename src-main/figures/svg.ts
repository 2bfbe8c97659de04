// FigureSpec → a standalone SVG document (viewBox in px, Helvetica/Arial text, no external
// references), small enough for LaTeX's \includesvg and editable in Inkscape/Illustrator.
import type { AnyFigureSpec } from './layout';
import { layoutAny } from './layout';
import type { Prim, Scene, SizeOptions } from './prims';

const MONO = "'Courier New', Courier, 'Liberation Mono', monospace";
const n = (v: number) => String(Math.round(v * 100) / 100);

/** Escapes markup characters and drops the control characters XML 1.0 forbids. */
export function escapeXml(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) continue;
    out += /[<>&"']/.test(ch) ? `&#${c};` : ch;
  }
  return out;
}

function points(line: [number, number][]): string {
  return line.map(([x, y], i) => `${i ? 'L' : 'M'}${n(x)} ${n(y)}`).join('');
}

function prim(p: Prim): string {
  switch (p.kind) {
    case 'line':
      return `<line x1="${n(p.x1)}" y1="${n(p.y1)}" x2="${n(p.x2)}" y2="${n(p.y2)}" stroke="${p.stroke}" stroke-width="${p.width}"${p.dashed ? ' stroke-dasharray="4 3"' : ''}/>`;
    case 'polygon': {
      const attrs = [`d="${points(p.points)}Z"`, `fill="${p.fill}"`];
      if (p.opacity < 1) attrs.push(`fill-opacity="${p.opacity}"`);
      attrs.push(
        p.stroke ? `stroke="${p.stroke}" stroke-width="${p.strokeWidth ?? 1}"` : 'stroke="none"',
      );
      if (p.clip) attrs.push('clip-path="url(#plot)"');
      if (p.role) attrs.push(`class="${p.role}"`);
      if (p.label !== undefined) attrs.push(`data-label="${escapeXml(p.label)}"`);
      return `<path ${attrs.join(' ')}/>`;
    }
    case 'circle': {
      const stroke = p.stroke ? ` stroke="${p.stroke}" stroke-width="${p.strokeWidth ?? 1}"` : '';
      return `<circle cx="${n(p.cx)}" cy="${n(p.cy)}" r="${n(p.r)}" fill="${p.fill}"${stroke} class="dot"/>`;
    }
    case 'path': {
      if (p.lines.length === 0) return '';
      const attrs = [
        `d="${p.lines.map(points).join('')}"`,
        'fill="none"',
        `stroke="${p.stroke}"`,
        `stroke-width="${p.width}"`,
        'stroke-linejoin="round"',
        'stroke-linecap="round"',
      ];
      if (p.opacity < 1) attrs.push(`stroke-opacity="${p.opacity}"`);
      if (p.dashed) attrs.push('stroke-dasharray="5 3"');
      if (p.clip) attrs.push('clip-path="url(#plot)"');
      attrs.push(`class="${p.role}"`, `data-label="${escapeXml(p.label)}"`);
      return `<path ${attrs.join(' ')}/>`;
    }
    case 'text': {
      const attrs = [`x="${n(p.x)}"`, `y="${n(p.y)}"`, `font-size="${p.size}"`, `fill="${p.fill}"`];
      if (p.anchor !== 'start') attrs.push(`text-anchor="${p.anchor}"`);
      if (p.bold) attrs.push('font-weight="bold"');
      if (p.mono) attrs.push(`font-family="${MONO}"`);
      if (p.rotate) attrs.push(`transform="rotate(-90 ${n(p.x)} ${n(p.y)})"`);
      if (p.role) attrs.push(`class="${p.role}"`);
      return `<text ${attrs.join(' ')}>${escapeXml(p.text)}</text>`;
    }
  }
}

export function sceneToSvg(scene: Scene, title: string): string {
  const { width, height, plot } = scene;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, 'Liberation Sans', sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<defs><clipPath id="plot"><rect x="${n(plot.x)}" y="${n(plot.y - 1)}" width="${n(plot.w + 1)}" height="${n(plot.h + 2)}"/></clipPath></defs>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...scene.prims.map(prim).filter(Boolean),
    '</svg>',
    '',
  ].join('\n');
}

/** The figure as an SVG document (default 480 × 300 px; a token figure as tall as it needs). */
export function renderSvg(spec: AnyFigureSpec, size: SizeOptions = {}): string {
  return sceneToSvg(layoutAny(spec, size), spec.title);
}
