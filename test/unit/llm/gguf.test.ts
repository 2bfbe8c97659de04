import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GgufFormatError, readGgufHeader } from '../../../src-main/llm/gguf/reader';
import { buildTinyLlamaGguf, tinyVocabulary } from '../../../src-main/llm/gguf/tiny-model';
import { writeGguf } from '../../../src-main/llm/gguf/writer';
import { inspectGguf } from '../../../src-main/llm/host/inspect';

const dir = mkdtempSync(join(tmpdir(), 'fb-gguf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('GGUF writer and reader', () => {
  it('round-trips metadata of every written type and tensor infos', () => {
    const data = Float32Array.from({ length: 6 }, (_, i) => i / 2);
    const file = join(dir, 'rt.gguf');
    writeFileSync(
      file,
      writeGguf(
        [
          ['a.u32', { type: 'u32', value: 4_000_000_000 }],
          ['a.i32', { type: 'i32', value: -7 }],
          ['a.f32', { type: 'f32', value: 0.5 }],
          ['a.u64', { type: 'u64', value: 2n ** 40n }],
          ['a.bool', { type: 'bool', value: true }],
          ['a.str', { type: 'string', value: 'héllo' }],
          ['a.strs', { type: 'strings', value: ['x', '', 'Ġwait'] }],
          ['a.i32s', { type: 'i32s', value: [1, -2, 3] }],
        ],
        [
          { name: 't0', dims: [3, 2], data },
          { name: 't1', dims: [6], data },
        ],
      ),
    );
    const h = readGgufHeader(file, { maxArrayValues: Infinity });
    expect(h.version).toBe(3);
    expect(Object.fromEntries(h.metadata)).toEqual({
      'a.u32': 4_000_000_000,
      'a.i32': -7,
      'a.f32': 0.5,
      'a.u64': 2n ** 40n,
      'a.bool': true,
      'a.str': 'héllo',
      'a.strs': ['x', '', 'Ġwait'],
      'a.i32s': [1, -2, 3],
    });
    expect(h.tensors.map((t) => [t.name, t.dims, t.type, Number(t.offset)])).toEqual([
      ['t0', [3, 2], 0, 0],
      ['t1', [6], 0, 32],
    ]);
    expect(h.dataOffset % 32).toBe(0);
    // Long arrays keep only their length by default.
    expect(readGgufHeader(file, { maxArrayValues: 2 }).metadata.get('a.strs')).toEqual({
      arrayType: 8,
      length: 3,
    });
  });

  it('refuses a file that is not GGUF and one cut short, saying which', () => {
    const text = join(dir, 'notes.gguf');
    writeFileSync(text, 'hello, not a model');
    expect(() => readGgufHeader(text)).toThrow(GgufFormatError);
    expect(() => readGgufHeader(text)).toThrow(/not a GGUF file/);
    const cut = join(dir, 'cut.gguf');
    writeFileSync(cut, buildTinyLlamaGguf().subarray(0, 2000));
    expect(() => readGgufHeader(cut)).toThrow(/ends inside its GGUF header/);
  });

  it('the tiny model is deterministic and inspects as llama / F32 with its vocabulary', () => {
    const a = buildTinyLlamaGguf({ seed: 3 });
    expect(a.equals(buildTinyLlamaGguf({ seed: 3 }))).toBe(true);
    expect(a.equals(buildTinyLlamaGguf({ seed: 4 }))).toBe(false);
    const file = join(dir, 'tiny.gguf');
    writeFileSync(file, a);
    const info = inspectGguf(file);
    expect(info).toMatchObject({
      architecture: 'llama',
      quantization: 'F32',
      contextLength: 1024,
      chatTemplate: true,
    });
    expect(info.vocabSize).toBe(tinyVocabulary().tokens.length);
    expect(info.bytes).toBe(a.length);
  });

  it('registry validation names the problem: relative path, missing file, folder, not GGUF', () => {
    expect(() => inspectGguf('model.gguf')).toThrow(/absolute path/);
    expect(() => inspectGguf(join(dir, 'missing.gguf'))).toThrow(/no file at/);
    expect(() => inspectGguf(dir)).toThrow(/is not a file/);
    expect(() => inspectGguf(join(dir, 'notes.gguf'))).toThrow(/not a GGUF file/);
  });
});
