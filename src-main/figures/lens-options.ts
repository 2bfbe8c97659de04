// Options every lens figure takes; its own file so lens.ts and lens-analyses.ts share it
// without importing each other.
export interface LensFigureOptions {
  /** "run-name (#3)": named in titles. */
  run: string;
  title?: string;
}
