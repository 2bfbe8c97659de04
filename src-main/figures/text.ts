// Text measurement with Helvetica's metrics (the PDF standard font; SVG asks for Helvetica or
// Arial, which share them), so layouts in SVG and PDF come out the same without a DOM.

// Advance widths in 1/1000 em of WinAnsi codes 32…126 (Adobe's Helvetica.afm).
// prettier-ignore
const ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/** Characters outside ASCII that WinAnsiEncoding has: Unicode → [code, width]. */
export const WIN_ANSI_EXTRA: Record<string, [number, number]> = {
  '\u2013': [0x96, 556], // en dash
  '\u2014': [0x97, 1000], // em dash
  '\u2018': [0x91, 222],
  '\u2019': [0x92, 222],
  '\u201c': [0x93, 333],
  '\u201d': [0x94, 333],
  '\u2022': [0x95, 350], // bullet
  '\u2026': [0x85, 1000], // ellipsis
  '\u00b7': [0xb7, 278], // middle dot
  '\u00b1': [0xb1, 584], // ±
  '\u00d7': [0xd7, 584], // ×
  '\u00b5': [0xb5, 556], // µ
  '\u00b0': [0xb0, 400], // °
  '\u00e9': [0xe9, 556],
  '\u00e8': [0xe8, 556],
  '\u00fc': [0xfc, 556],
  '\u00f6': [0xf6, 556],
  '\u00e4': [0xe4, 556],
  '\u00a0': [0xa0, 278],
  '\u00b6': [0xb6, 537], // pilcrow (a newline token)
};

function charWidth(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 32 && c <= 126) return ASCII[c - 32] as number;
  return WIN_ANSI_EXTRA[ch]?.[1] ?? 556;
}

/** Width of `text` at `size` (same unit as size). Bold is about 6% wider. */
export function textWidth(text: string, size: number, bold = false): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return (w / 1000) * size * (bold ? 1.06 : 1);
}

/** Width of `text` in Courier (every character 600/1000 em), the token font. */
export function monoWidth(text: string, size: number): number {
  return [...text].length * 0.6 * size;
}

/** Shortens `text` with an ellipsis to fit `max`. */
export function fitText(text: string, size: number, max: number, bold = false): string {
  if (textWidth(text, size, bold) <= max + 1e-6) return text;
  let s = text;
  while (s.length > 1 && textWidth(`${s}…`, size, bold) > max) s = s.slice(0, -1);
  return `${s}…`;
}
