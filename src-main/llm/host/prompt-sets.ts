// Shipped prompt sets (resources/llm-prompts/*.jsonl) and the checks any set passes.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LlmPromptSet } from '../../contract/api-llm';
import { WorkbenchError } from '../../contract/result';
import { PROJECT_ROOT } from '../../paths';
import type { PromptProblem } from '../protocol';

export const PROMPT_SET_DIR = join(PROJECT_ROOT, 'resources', 'llm-prompts');
const LICENCES: Record<string, { label: string; licence: string }> = {
  'forkbench-math-mini': {
    label: '16 short word problems with integer answers, written for Forkbench',
    licence: 'CC0 1.0',
  },
};

/** Parses JSONL of {id, prompt, answer}; a bad line is an error naming its number. */
export function parsePromptJsonl(text: string, source: string): PromptProblem[] {
  const out: PromptProblem[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new WorkbenchError('invalid_request', `${source} line ${i + 1} is not JSON`);
    }
    const o = v as Record<string, unknown>;
    if (typeof o['prompt'] !== 'string' || typeof o['answer'] !== 'string')
      throw new WorkbenchError(
        'invalid_request',
        `${source} line ${i + 1} needs string "prompt" and "answer"`,
      );
    out.push({
      id: typeof o['id'] === 'string' ? o['id'] : String(i + 1),
      prompt: o['prompt'],
      answer: o['answer'],
    });
  });
  return out;
}

export function loadPromptSet(name: string, dir = PROMPT_SET_DIR): PromptProblem[] {
  if (!/^[\w.-]+$/.test(name) || !readdirSync(dir).includes(`${name}.jsonl`))
    throw new WorkbenchError('not_found', `no prompt set "${name}"`, 'promptSet');
  return parsePromptJsonl(readFileSync(join(dir, `${name}.jsonl`), 'utf8'), `${name}.jsonl`);
}

export function listPromptSets(dir = PROMPT_SET_DIR): LlmPromptSet[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => {
      const name = f.slice(0, -'.jsonl'.length);
      const meta = LICENCES[name] ?? {
        label: name,
        licence: 'see resources/llm-prompts/README.md',
      };
      return { name, ...meta, problems: loadPromptSet(name, dir).length };
    });
}
