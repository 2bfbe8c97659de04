// Token-entropy analyses (paper §3–4): distributions, forking-token tables, pattern overlap,
// teacher forcing and two-temperature decoding. Pure functions over arrays; the model-based ones
// take a Policy. No I/O.
export * from './stats';
export * from './tokens';
export * from './overlap';
export * from './teacher-force';
export * from './temperature';
