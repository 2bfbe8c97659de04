// Drag-to-zoom on a chart's x range, without a plugin dependency: pointer events on the canvas
// draw a selection box; a drag wider than a few pixels zooms, a plain click reports a point.
import type { Chart } from 'chart.js';

export interface ZoomHandlers {
  onzoom(range: { min: number; max: number }): void;
  onclick(event: PointerEvent): void;
  onselect(box: { left: number; width: number } | null): void;
}

export function attachZoom(
  canvas: HTMLCanvasElement,
  getChart: () => Chart | null,
  h: ZoomHandlers,
): () => void {
  let start: number | null = null;
  let current = 0;

  const local = (e: PointerEvent) => e.clientX - canvas.getBoundingClientRect().left;

  const down = (e: PointerEvent) => {
    const chart = getChart();
    if (!chart || e.button !== 0) return;
    const x = local(e);
    const a = chart.chartArea;
    if (x < a.left || x > a.right) return;
    start = x;
    current = x;
    canvas.setPointerCapture(e.pointerId);
  };
  const move = (e: PointerEvent) => {
    const chart = getChart();
    if (start === null || !chart) return;
    const a = chart.chartArea;
    current = Math.min(a.right, Math.max(a.left, local(e)));
    h.onselect({ left: Math.min(start, current), width: Math.abs(current - start) });
  };
  const up = (e: PointerEvent) => {
    const chart = getChart();
    if (start === null || !chart) return;
    const from = start;
    start = null;
    h.onselect(null);
    if (Math.abs(current - from) > 4) {
      const scale = chart.scales['x'];
      if (!scale) return;
      const a = scale.getValueForPixel(Math.min(from, current));
      const b = scale.getValueForPixel(Math.max(from, current));
      if (a !== undefined && b !== undefined && b > a) h.onzoom({ min: a, max: b });
    } else {
      h.onclick(e);
    }
  };
  const cancel = () => {
    start = null;
    h.onselect(null);
  };
  canvas.addEventListener('pointerdown', down);
  canvas.addEventListener('pointermove', move);
  canvas.addEventListener('pointerup', up);
  canvas.addEventListener('pointercancel', cancel);
  return () => {
    canvas.removeEventListener('pointerdown', down);
    canvas.removeEventListener('pointermove', move);
    canvas.removeEventListener('pointerup', up);
    canvas.removeEventListener('pointercancel', cancel);
  };
}
