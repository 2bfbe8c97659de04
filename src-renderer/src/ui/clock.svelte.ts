// A coarse clock so "3 min ago" labels stay true without every row running a timer.
class Clock {
  now = $state(Date.now());
  constructor() {
    setInterval(() => (this.now = Date.now()), 15_000);
  }
}

export const clock = new Clock();
