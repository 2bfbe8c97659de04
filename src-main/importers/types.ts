// What a parser makes of one file: raw metric points (engine names), rollout samples, the config
// it found, and the lines it skipped with why.
import type { SourceEngine } from './metric-names';

export type FileKind =
  | 'verl-jsonl'
  | 'verl-console'
  | 'verl-rollouts'
  | 'trl-state'
  | 'trl-jsonl'
  | 'trl-completions'
  | 'tb-events';

export interface RawPoint {
  key: string;
  step: number;
  value: number;
  wallTime?: number;
}

export interface ImportedSample {
  step: number;
  prompt: string;
  response: string;
  reward: number;
  advantage: number;
  correct: boolean;
  extra: Record<string, unknown>;
}

export interface SkippedLine {
  line: number;
  reason: string;
}

export interface ParsedFile {
  kind: FileKind;
  engine: SourceEngine;
  points: RawPoint[];
  samples: ImportedSample[];
  config: Record<string, unknown> | null;
  skipped: SkippedLine[];
}

export const emptyParsed = (kind: FileKind, engine: SourceEngine): ParsedFile => ({
  kind,
  engine,
  points: [],
  samples: [],
  config: null,
  skipped: [],
});
