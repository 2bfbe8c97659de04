// Validates a GGUF file for the models registry from its header alone (main process; no
// llama.cpp binding): it exists, is a readable regular file, starts with the GGUF magic, and
// names an architecture with its hyper-parameters. Errors are WorkbenchErrors naming the path.
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { WorkbenchError } from '../../contract/result';
import type { NewLlmModel } from '../../store';
import { FILE_TYPE_NAMES, GGML_TYPE_NAMES } from '../gguf/format';
import type { GgufHeader } from '../gguf/reader';
import { GgufFormatError, readGgufHeader } from '../gguf/reader';

const bad = (message: string) => new WorkbenchError('invalid_request', message, 'path');

function num(h: GgufHeader, key: string): number | null {
  const v = h.metadata.get(key);
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

/** The quantisation: general.file_type's name, else the type holding most weights. */
function quantization(h: GgufHeader): string {
  const ft = num(h, 'general.file_type');
  if (ft !== null && FILE_TYPE_NAMES[ft]) return FILE_TYPE_NAMES[ft] as string;
  const byType = new Map<number, number>();
  for (const t of h.tensors) {
    if (t.dims.length < 2) continue;
    const n = t.dims.reduce((a, b) => a * b, 1);
    byType.set(t.type, (byType.get(t.type) ?? 0) + n);
  }
  const top = [...byType].sort((a, b) => b[1] - a[1])[0];
  return top ? (GGML_TYPE_NAMES[top[0]] ?? `type ${top[0]}`) : 'unknown';
}

function vocabSize(h: GgufHeader, arch: string): number | null {
  const tokens = h.metadata.get('tokenizer.ggml.tokens');
  if (Array.isArray(tokens)) return tokens.length;
  if (tokens && typeof tokens === 'object' && 'length' in tokens) return tokens.length;
  return num(h, `${arch}.vocab_size`);
}

/** Reads and checks `path`; returns the registry row to insert (not yet inserted). */
export function inspectGguf(path: string): NewLlmModel {
  if (!isAbsolute(path)) throw bad(`give the model's absolute path (got "${path}")`);
  const file = resolve(path);
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw bad(`${file} is not a file`);
    size = st.size;
  } catch (err) {
    if (err instanceof WorkbenchError) throw err;
    throw bad(`no file at ${file}`);
  }
  try {
    accessSync(file, constants.R_OK);
  } catch {
    throw bad(`${file} is not readable by this user`);
  }
  let h: GgufHeader;
  try {
    h = readGgufHeader(file);
  } catch (err) {
    if (err instanceof GgufFormatError) throw bad(`${file}: ${err.message}`);
    throw bad(`${file} cannot be read: ${(err as Error).message}`);
  }
  const arch = h.metadata.get('general.architecture');
  if (typeof arch !== 'string' || !arch)
    throw bad(`${file}: the GGUF header names no general.architecture`);
  if (num(h, `${arch}.block_count`) === null)
    throw bad(`${file}: the header has no ${arch}.block_count; is it a language model?`);
  const name = h.metadata.get('general.name');
  const parameters = h.tensors.reduce((n, t) => n + t.dims.reduce((a, b) => a * b, 1), 0);
  return {
    path: file,
    name: typeof name === 'string' && name ? name : (file.split('/').pop() ?? file),
    architecture: arch,
    bytes: size,
    quantization: quantization(h),
    contextLength: num(h, `${arch}.context_length`),
    parameters: parameters || null,
    vocabSize: vocabSize(h, arch),
    chatTemplate: typeof h.metadata.get('tokenizer.chat_template') === 'string',
  };
}

/** Whether two GGUF files carry the same token list (checkpoints of one model family do). */
export function sameVocabulary(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    const tokens = (p: string) =>
      readGgufHeader(p, { maxArrayValues: Infinity }).metadata.get('tokenizer.ggml.tokens');
    const ta = tokens(a);
    const tb = tokens(b);
    return (
      Array.isArray(ta) &&
      Array.isArray(tb) &&
      ta.length === tb.length &&
      ta.every((t, i) => t === tb[i])
    );
  } catch {
    return false;
  }
}
