// Drag-to-zoom on a chart, as a user does it: press at 30 % of the canvas, drag to 60 %, release.
import type { Locator } from '@playwright/test';

export async function dragZoom(chart: Locator): Promise<void> {
  const box = (await chart.locator('canvas').boundingBox())!;
  const mouse = chart.page().mouse;
  await mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await mouse.down();
  await mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
  await mouse.up();
}
