// Clocks: a coarse one so "3 min ago" labels stay true without every row running a timer, and
// a per-second one for what must tick (a running run's duration and ETA) that runs its timer
// only while something on screen reads it.
import { createSubscriber } from 'svelte/reactivity';

class Clock {
  now = $state(Date.now());
  constructor() {
    setInterval(() => (this.now = Date.now()), 15_000);
  }
}

export const clock = new Clock();

class SecondClock {
  #subscribe = createSubscriber((update) => {
    const timer = setInterval(update, 1000);
    return () => clearInterval(timer);
  });

  /** Date.now(), re-read every second by whatever reads it in a reactive context. */
  get now(): number {
    this.#subscribe();
    return Date.now();
  }
}

export const ticker = new SecondClock();
