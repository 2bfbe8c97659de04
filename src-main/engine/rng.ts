// Seeded PRNG with plain-data state, so a run can be saved and resumed bit-exactly.
// sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128-bit state, good statistics,
// cheap in JavaScript's 32-bit integer arithmetic.

export type RngState = [number, number, number, number];

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform integer in [lo, hi] inclusive. */
  range(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  /** In-place Fisher–Yates shuffle; returns the same array. */
  shuffle<T>(items: T[]): T[];
  getState(): RngState;
  setState(state: RngState): void;
  /** A new generator seeded from this one (advances this one). */
  fork(): Rng;
}

/** Mixes any integer seed into four non-trivial 32-bit words (splitmix32). */
function seedWords(seed: number): RngState {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < 4; i++) {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    out.push((z ^ (z >>> 16)) >>> 0);
  }
  return out as RngState;
}

export function createRng(seed: number): Rng {
  let [a, b, c, d] = seedWords(seed);
  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Warm-up: discard the first outputs, which correlate with the seed.
  for (let i = 0; i < 12; i++) nextU32();

  const rng: Rng = {
    next: () => nextU32() / 4294967296,
    int: (n) => Math.floor((nextU32() / 4294967296) * n),
    range: (lo, hi) => lo + Math.floor((nextU32() / 4294967296) * (hi - lo + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[rng.int(items.length)] as (typeof items)[number];
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const tmp = items[i] as (typeof items)[number];
        items[i] = items[j] as (typeof items)[number];
        items[j] = tmp;
      }
      return items;
    },
    getState: () => [a, b, c, d],
    setState: (state) => {
      [a, b, c, d] = state.map((x) => x >>> 0) as RngState;
    },
    fork: () => createRng(nextU32()),
  };
  return rng;
}
