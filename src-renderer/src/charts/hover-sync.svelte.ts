// The hovered x shared by the charts of one page (run metrics, compare): the chart under the
// pointer sets it and shows the card; every chart of the page draws its crosshair and markers there.
// A page makes one (`new HoverSync()`) and hands it to each of its charts.

export class HoverSync {
  /** The hovered x on the page's x axis (step, or time), or null when nothing is hovered. */
  x = $state<number | null>(null);
  /** The chart the pointer is over (the one that shows the card). */
  source = $state<symbol | null>(null);

  set(x: number | null, source: symbol): void {
    this.x = x;
    this.source = x === null ? null : source;
  }

  /** The pointer left `source`: clears, unless another chart has taken over meanwhile. */
  leave(source: symbol): void {
    if (this.source !== source) return;
    this.x = null;
    this.source = null;
  }
}
