// The in-process event bus: services publish after mutations; transports (IPC, SSE) subscribe.
import type { WorkbenchEvent } from '../contract/events';

export type EventListener = (event: WorkbenchEvent) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  /** Returns the function that unsubscribes. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Delivers synchronously to every listener; one failing listener does not stop the others. */
  publish(event: WorkbenchEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        console.error(`forkbench: event listener failed on ${event.type}:`, err);
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
