// A minimal PDF 1.4 writer of our own: vector lines, paths, fills with transparency, and text in
// the standard Type 1 font Helvetica (WinAnsiEncoding), one page per figure. Output is plain
// ASCII (content streams uncompressed) with a byte-exact xref table.
import type { AnyFigureSpec } from './layout';
import { layoutAny } from './layout';
import type { Prim, Scene, SizeOptions } from './prims';
import { WIN_ANSI_EXTRA, monoWidth, textWidth } from './text';

const num = (v: number): string => {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
};

function rgb(hex: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  const v = m ? parseInt(m[1] as string, 16) : 0;
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((c) => num(c / 255)).join(' ');
}

/** A PDF string literal in WinAnsiEncoding: ( ) \ escaped, other bytes as octal escapes. */
export function pdfString(text: string): string {
  let out = '(';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    let code: number;
    if (c >= 32 && c <= 126) code = c;
    else code = WIN_ANSI_EXTRA[ch]?.[0] ?? 63; // '?'
    if (code === 40 || code === 41 || code === 92) out += `\\${String.fromCharCode(code)}`;
    else if (code < 128) out += String.fromCharCode(code);
    else out += `\\${code.toString(8).padStart(3, '0')}`;
  }
  return `${out})`;
}

class Alphas {
  readonly names = new Map<string, string>();
  get(kind: 'CA' | 'ca', alpha: number): string {
    const key = `${kind}${num(alpha)}`;
    let name = this.names.get(key);
    if (!name) {
      name = `GS${this.names.size + 1}`;
      this.names.set(key, name);
    }
    return name;
  }
}

function pageContent(scene: Scene, alphas: Alphas): string {
  const H = scene.height;
  const X = (x: number) => num(x);
  const Y = (y: number) => num(H - y);
  const out: string[] = ['1 1 1 rg', `0 0 ${num(scene.width)} ${num(H)} re f`, '1 J 1 j'];
  const { plot } = scene;
  const clip = `${X(plot.x)} ${Y(plot.y + plot.h + 1)} ${num(plot.w + 1)} ${num(plot.h + 2)} re W n`;
  const draw = (p: Prim) => {
    switch (p.kind) {
      case 'line':
        out.push(
          `${rgb(p.stroke)} RG ${num(p.width)} w ${p.dashed ? '[4 3] 0 d' : '[] 0 d'} ${X(p.x1)} ${Y(p.y1)} m ${X(p.x2)} ${Y(p.y2)} l S`,
        );
        break;
      case 'polygon': {
        if (p.points.length < 3) break;
        out.push('q');
        if (p.clip) out.push(clip);
        if (p.opacity < 1) out.push(`/${alphas.get('ca', p.opacity)} gs`);
        out.push(`${rgb(p.fill)} rg`);
        if (p.stroke) out.push(`${rgb(p.stroke)} RG ${num(p.strokeWidth ?? 1)} w [] 0 d`);
        out.push(p.points.map(([x, y], i) => `${X(x)} ${Y(y)} ${i ? 'l' : 'm'}`).join('\n'));
        out.push(p.stroke ? 'h B Q' : 'h f Q');
        break;
      }
      case 'circle': {
        // Four Bézier quarter arcs.
        const k = 0.5523 * p.r;
        const { cx, cy, r } = p;
        const c = (pts: number[]) => `${pts.map((v, i) => (i % 2 ? Y(v) : X(v))).join(' ')} c`;
        out.push('q');
        out.push(`${rgb(p.fill)} rg`);
        if (p.stroke) out.push(`${rgb(p.stroke)} RG ${num(p.strokeWidth ?? 1)} w [] 0 d`);
        out.push(
          `${X(cx + r)} ${Y(cy)} m`,
          c([cx + r, cy + k, cx + k, cy + r, cx, cy + r]),
          c([cx - k, cy + r, cx - r, cy + k, cx - r, cy]),
          c([cx - r, cy - k, cx - k, cy - r, cx, cy - r]),
          c([cx + k, cy - r, cx + r, cy - k, cx + r, cy]),
        );
        out.push(p.stroke ? 'h B Q' : 'h f Q');
        break;
      }
      case 'path': {
        if (p.lines.length === 0) break;
        out.push('q');
        if (p.clip) out.push(clip);
        if (p.opacity < 1) out.push(`/${alphas.get('CA', p.opacity)} gs`);
        out.push(`${rgb(p.stroke)} RG ${num(p.width)} w ${p.dashed ? '[5 3] 0 d' : '[] 0 d'}`);
        for (const line of p.lines) {
          if (line.length === 1) {
            const [x, y] = line[0] as [number, number];
            out.push(`${X(x - 0.5)} ${Y(y)} m ${X(x + 0.5)} ${Y(y)} l`);
          } else out.push(line.map(([x, y], i) => `${X(x)} ${Y(y)} ${i ? 'l' : 'm'}`).join('\n'));
        }
        out.push('S Q');
        break;
      }
      case 'text': {
        const w = p.mono ? monoWidth(p.text, p.size) : textWidth(p.text, p.size, p.bold);
        const shift = p.anchor === 'middle' ? w / 2 : p.anchor === 'end' ? w : 0;
        const font = p.mono ? 'F3' : p.bold ? 'F2' : 'F1';
        const tm = p.rotate
          ? `0 1 -1 0 ${X(p.x)} ${num(H - p.y - shift)} Tm`
          : `1 0 0 1 ${num(p.x - shift)} ${Y(p.y)} Tm`;
        out.push(
          `BT /${font} ${num(p.size)} Tf ${rgb(p.fill)} rg ${tm} ${pdfString(p.text)} Tj ET`,
        );
        break;
      }
    }
  };
  scene.prims.forEach(draw);
  return `${out.join('\n')}\n`;
}

/** Serialises numbered objects with a header, an xref table and a trailer. */
function writePdf(objects: string[], rootId: number, info: string): Uint8Array {
  const header = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  let body = header;
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xrefAt = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root ${rootId} 0 R /Info ${info} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  const bytes = new Uint8Array(body.length);
  for (let i = 0; i < body.length; i++) bytes[i] = body.charCodeAt(i) & 0xff;
  return bytes;
}

export interface PdfOptions extends SizeOptions {
  /** Document title (Info dictionary); default the first figure's title. */
  title?: string;
  /** ISO date for CreationDate; default now. */
  date?: Date;
}

function pdfDate(d: Date): string {
  const p = (v: number) => String(v).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

/**
 * One page per figure (a "figure sheet" when given several), each page exactly the figure's
 * size in points (default 480 × 300 pt; a token figure as tall as it needs), so LaTeX's
 * \includegraphics places it without margins.
 */
export function renderPdf(
  specs: AnyFigureSpec | readonly AnyFigureSpec[],
  options: PdfOptions = {},
): Uint8Array {
  const list = Array.isArray(specs)
    ? (specs as readonly AnyFigureSpec[])
    : [specs as AnyFigureSpec];
  const alphas = new Alphas();
  const scenes = list.map((s) => layoutAny(s, options));
  const contents = scenes.map((s) => pageContent(s, alphas));
  // Object numbers: 1 catalog, 2 pages, 3 F1, 4 F2, 5 ExtGState dict, 6 info, 7 F3, then page +
  // content pairs.
  const pageIds = scenes.map((_, i) => 8 + 2 * i);
  const objects: string[] = [];
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${scenes.length} >>`,
  );
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  objects.push(
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
  );
  const gs = [...alphas.names.entries()].map(
    ([key, name]) => `/${name} << /Type /ExtGState /${key.slice(0, 2)} ${key.slice(2)} >>`,
  );
  objects.push(`<< ${gs.join(' ')} >>`);
  const title = options.title ?? list[0]?.title ?? 'Forkbench figure';
  objects.push(
    `<< /Title ${pdfString(title)} /Producer (Forkbench) /CreationDate (${pdfDate(options.date ?? new Date())}) >>`,
  );
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>');
  scenes.forEach((scene, i) => {
    const content = contents[i] as string;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(scene.width)} ${num(scene.height)}] ` +
        `/Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 7 0 R >> /ExtGState 5 0 R >> /Contents ${pageIds[i]! + 1} 0 R >>`,
    );
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}endstream`);
  });
  return writePdf(objects, 1, '6 0 R');
}
