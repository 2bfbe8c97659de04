// verl's outputs: the file logger's JSONL ({"step", "data"} per line, Python json so NaN and
// Infinity appear bare), the console logger's `step:N - key:value` lines (with Ray's prefixes and
// ANSI colours), and the rollout/validation dumps (<step>.jsonl with input, output, score, ...).
import { numberOf, parseJsonish } from './jsonish';
import type { ImportedSample, ParsedFile } from './types';
import { emptyParsed } from './types';

export function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Each JSON line; bad ones reported. The last line may be truncated by a running job. */
export function jsonLines(
  text: string,
  out: ParsedFile,
  each: (v: Record<string, unknown>, line: number) => void,
) {
  lines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let value: unknown;
    try {
      value = parseJsonish(line);
    } catch {
      out.skipped.push({ line: i + 1, reason: 'not valid JSON (truncated or malformed)' });
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      out.skipped.push({ line: i + 1, reason: 'not a JSON object' });
      return;
    }
    each(value as Record<string, unknown>, i + 1);
  });
}

export function parseVerlJsonl(text: string, wallTime: number): ParsedFile {
  const out = emptyParsed('verl-jsonl', 'verl');
  jsonLines(text, out, (row, line) => {
    const step = row.step;
    const data = row.data;
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
      out.skipped.push({ line, reason: 'no integer "step"' });
      return;
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      out.skipped.push({ line, reason: 'no "data" object' });
      return;
    }
    for (const [key, v] of Object.entries(data)) {
      const value = numberOf(v);
      if (value !== undefined) out.points.push({ key, step, value, wallTime });
    }
  });
  return out;
}

// ESC [ … letter: colour codes Ray adds around its "(TaskRunner pid=…)" prefixes.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

function consoleValue(text: string): number | undefined {
  const inner = /^np\.\w+\((.*)\)$/.exec(text.trim())?.[1] ?? text.trim();
  if (inner === 'True') return 1;
  if (inner === 'False') return 0;
  if (/^[-+]?(nan|inf|infinity)$/i.test(inner))
    return /nan/i.test(inner) ? NaN : inner.startsWith('-') ? -Infinity : Infinity;
  const n = Number(inner);
  return inner !== '' && Number.isFinite(n) ? n : undefined;
}

export function parseVerlConsole(text: string, wallTime: number): ParsedFile {
  const out = emptyParsed('verl-console', 'verl');
  lines(text).forEach((raw, i) => {
    // tqdm redraws with carriage returns: the metrics line is the last segment.
    const segment = (raw.split('\r').pop() ?? '').replace(ANSI, '');
    const at = segment.search(/step:\d+ - /);
    if (at < 0) return;
    const body = segment.slice(at);
    const m = /^step:(\d+) - (.*)$/.exec(body);
    if (!m) return;
    const step = Number(m[1]);
    let bad = 0;
    for (const item of (m[2] as string).split(' - ')) {
      const colon = item.lastIndexOf(':');
      const value = colon > 0 ? consoleValue(item.slice(colon + 1)) : undefined;
      if (value === undefined) bad++;
      else out.points.push({ key: item.slice(0, colon).trim(), step, value, wallTime });
    }
    if (bad) out.skipped.push({ line: i + 1, reason: `${bad} item(s) without a number` });
  });
  return out;
}

/** GRPO advantages from the group's rewards, where the dump has none (verl writes no uid). */
export function groupAdvantages(samples: ImportedSample[]): void {
  const groups = new Map<string, ImportedSample[]>();
  for (const s of samples) {
    const key = `${s.step}\u0000${s.prompt}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const group of groups.values()) {
    const mean = group.reduce((a, s) => a + s.reward, 0) / group.length;
    const sd = Math.sqrt(group.reduce((a, s) => a + (s.reward - mean) ** 2, 0) / group.length);
    for (const s of group) {
      s.advantage = (s.reward - mean) / (sd + 1e-6);
      s.extra.advantageSource =
        'derived: (reward - group mean) / group std, grouped by prompt text';
    }
  }
}

export function parseVerlRollouts(text: string, fileStep: number | null): ParsedFile {
  const out = emptyParsed('verl-rollouts', 'verl');
  jsonLines(text, out, (row, line) => {
    const step = typeof row.step === 'number' ? row.step : fileStep;
    if (typeof row.input !== 'string' || typeof row.output !== 'string' || step === null) {
      out.skipped.push({ line, reason: 'needs "input", "output" and a step' });
      return;
    }
    const score = numberOf(row.score) ?? 0;
    const acc = numberOf(row.acc);
    const { input, output, step: _s, ...extra } = row;
    out.samples.push({
      step,
      prompt: input,
      response: output,
      reward: Number.isFinite(score) ? score : 0,
      advantage: 0,
      correct: acc !== undefined ? acc > 0 : score > 0,
      extra,
    });
  });
  groupAdvantages(out.samples);
  return out;
}
