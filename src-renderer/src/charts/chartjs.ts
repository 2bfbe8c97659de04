// Chart.js, tree-shaken to what line charts need, plus two small additions:
// - `stepNearest` interaction: for every dataset, the point nearest the cursor's x. Lines are
//   downsampled independently, so Chart.js' 'index' mode would pair unrelated points.
// - a crosshair at the hovered step.
import {
  Chart,
  Filler,
  Interaction,
  LinearScale,
  LogarithmicScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type {
  ActiveElement,
  ChartEvent,
  InteractionItem,
  InteractionModeFunction,
  Plugin,
} from 'chart.js';
import { getRelativePosition } from 'chart.js/helpers';

declare module 'chart.js' {
  interface InteractionModeMap {
    stepNearest: InteractionModeFunction;
  }
}

const stepNearest: InteractionModeFunction = (chart, e) => {
  const pos = getRelativePosition(e as unknown as ChartEvent, chart);
  const area = chart.chartArea;
  if (pos.x < area.left - 4 || pos.x > area.right + 4) return [];
  const items: InteractionItem[] = [];
  chart.data.datasets.forEach((_ds, datasetIndex) => {
    if (!chart.isDatasetVisible(datasetIndex)) return;
    const elements = chart.getDatasetMeta(datasetIndex).data;
    if (elements.length === 0) return;
    let lo = 0;
    let hi = elements.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((elements[mid]?.x ?? 0) < pos.x) lo = mid + 1;
      else hi = mid;
    }
    let index = lo;
    const prev = elements[lo - 1];
    const here = elements[lo];
    if (prev && here && Math.abs(prev.x - pos.x) <= Math.abs(here.x - pos.x)) index = lo - 1;
    const element = elements[index];
    if (element) items.push({ element, datasetIndex, index });
  });
  return items;
};

const crosshair: Plugin<'line'> = {
  id: 'forkbenchCrosshair',
  afterDatasetsDraw(chart) {
    const active: ActiveElement[] = chart.tooltip?.getActiveElements() ?? [];
    const first = active[0];
    if (!first) return;
    const { ctx, chartArea } = chart;
    const options = chart.options.plugins as { forkbenchCrosshair?: { color?: string } };
    ctx.save();
    ctx.strokeStyle = options.forkbenchCrosshair?.color ?? 'rgba(128,128,128,0.5)';
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(Math.round(first.element.x) + 0.5, chartArea.top);
    ctx.lineTo(Math.round(first.element.x) + 0.5, chartArea.bottom);
    ctx.stroke();
    ctx.restore();
  },
};

let registered = false;

export function chartjs(): typeof Chart {
  if (!registered) {
    Chart.register(
      LineController,
      LineElement,
      PointElement,
      LinearScale,
      LogarithmicScale,
      Filler,
      Tooltip,
      crosshair,
    );
    Interaction.modes.stepNearest = stepNearest;
    registered = true;
  }
  return Chart;
}
