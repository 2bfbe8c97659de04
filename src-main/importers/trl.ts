// TRL's outputs: trainer_state.json (transformers' TrainerState, log_history rows keyed by step,
// eval rows prefixed eval_, a closing summary row), the per-step JSONL that the exported train.py
// appends, and the completion tables (GRPOTrainer's completions_<step>.parquet, which train.py
// also writes as JSONL: step, prompt, completion, one column per reward function, advantage).
import { numberOf, parseJsonish } from './jsonish';
import type { ParsedFile } from './types';
import { emptyParsed } from './types';
import { jsonLines } from './verl';

/** transformers' end-of-training summary keys: not curves. */
const SUMMARY = new Set([
  'train_runtime',
  'train_samples_per_second',
  'train_steps_per_second',
  'total_flos',
  'train_loss',
]);

function rowPoints(out: ParsedFile, row: Record<string, unknown>, line: number, wallTime: number) {
  const step = row.step;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
    out.skipped.push({ line, reason: 'no integer "step"' });
    return;
  }
  for (const [key, v] of Object.entries(row)) {
    if (key === 'step' || SUMMARY.has(key)) continue;
    const value = numberOf(v);
    if (value !== undefined) out.points.push({ key, step, value, wallTime });
  }
}

export function parseTrainerState(text: string, wallTime: number): ParsedFile {
  const out = emptyParsed('trl-state', 'trl');
  let state: unknown;
  try {
    state = parseJsonish(text);
  } catch {
    out.skipped.push({
      line: 1,
      reason: 'trainer_state.json is not valid JSON (truncated or malformed)',
    });
    return out;
  }
  if (
    !state ||
    typeof state !== 'object' ||
    !Array.isArray((state as { log_history?: unknown }).log_history)
  ) {
    out.skipped.push({ line: 1, reason: 'no log_history list' });
    return out;
  }
  const { log_history: history, ...rest } = state as { log_history: unknown[] };
  out.config = rest;
  history.forEach((row, i) => {
    if (row && typeof row === 'object' && !Array.isArray(row))
      rowPoints(out, row as Record<string, unknown>, i + 1, wallTime);
    else out.skipped.push({ line: i + 1, reason: `log_history[${i}] is not an object` });
  });
  return out;
}

export function parseTrlJsonl(text: string, wallTime: number): ParsedFile {
  const out = emptyParsed('trl-jsonl', 'trl');
  jsonLines(text, out, (row, line) => rowPoints(out, row, line, wallTime));
  return out;
}

const BASE_COLUMNS = new Set(['step', 'prompt', 'completion', 'advantage']);

function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  // Conversational datasets: a list of {role, content} messages.
  if (Array.isArray(v))
    return v
      .map((m) =>
        m && typeof m === 'object' ? String((m as { content?: unknown }).content ?? '') : String(m),
      )
      .join('\n');
  return JSON.stringify(v);
}

export function parseTrlCompletions(text: string): ParsedFile {
  const out = emptyParsed('trl-completions', 'trl');
  jsonLines(text, out, (row, line) => {
    const step = row.step;
    if (typeof step !== 'number' || row.completion === undefined || row.prompt === undefined) {
      out.skipped.push({ line, reason: 'needs "step", "prompt" and "completion"' });
      return;
    }
    const rewards = Object.entries(row).filter(
      ([k, v]) => !BASE_COLUMNS.has(k) && typeof numberOf(v) === 'number',
    );
    const reward = rewards.reduce((s, [, v]) => s + ((numberOf(v) as number) || 0), 0);
    const accuracy = rewards.find(([k]) => /accuracy/i.test(k));
    const advantage = numberOf(row.advantage);
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) if (!BASE_COLUMNS.has(k)) extra[k] = v;
    out.samples.push({
      step,
      prompt: textOf(row.prompt),
      response: textOf(row.completion),
      reward,
      advantage: advantage !== undefined && Number.isFinite(advantage) ? advantage : 0,
      correct: accuracy ? (numberOf(accuracy[1]) as number) >= 1 : reward > 0,
      extra,
    });
  });
  return out;
}
