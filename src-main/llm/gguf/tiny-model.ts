// A tiny llama-architecture GGUF with seeded random weights and a small GPT-2-style byte-level
// BPE vocabulary (256 byte tokens, merges that build a few hundred math words, ChatML control
// tokens and chat template). llama.cpp loads and generates with it; its output is noise. It
// exists so tests and the benchmark can exercise the real binding where no model can be
// downloaded. Never a result: nothing measured on it says anything about language models.
import { createRng } from '../../engine/rng';
import type { GgufTensorIn, GgufValue } from './writer';
import { writeGguf } from './writer';

export interface TinyModelOptions {
  seed?: number;
  embedding?: number;
  layers?: number;
  heads?: number;
  kvHeads?: number;
  feedForward?: number;
  contextLength?: number;
  /** Std of the output projection: larger gives peakier, lower-entropy distributions. */
  outputScale?: number;
}

const WORDS = [
  ' the',
  ' answer',
  ' is',
  ' wait',
  ' so',
  ' but',
  ' however',
  ' suppose',
  ' then',
  ' we',
  ' have',
  ' number',
  ' let',
  ' Let',
  ' us',
  ' check',
  ' maybe',
  ' perhaps',
  ' first',
  ' next',
  ' add',
  ' sum',
  ' total',
  ' of',
  ' and',
  ' to',
  ' a',
  ' it',
  ' that',
  ' this',
  ' gives',
  ' equals',
  ' therefore',
  ' thus',
  ' Hmm',
  ' Actually',
  ' no',
  ' yes',
  ' step',
  ' problem',
  ' compute',
  ' multiply',
  ' times',
  ' minus',
  ' plus',
  ' divide',
  ' by',
  ' in',
  ' for',
  ' with',
  ' \\boxed',
  '\\boxed',
  ' Find',
  ' What',
  ' How',
  ' many',
  ' apples',
  ' more',
  ' each',
  ' left',
  '\n\n',
  ' =',
  ' +',
  ' -',
  ' 10',
  ' 12',
  ' 20',
  ' 100',
];
const SPECIALS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'];
const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** GPT-2's byte → printable-character map (bytes_to_unicode in its encoder.py). */
export function byteToUnicode(): string[] {
  const direct = (b: number) =>
    (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  const out: string[] = [];
  let extra = 0;
  for (let b = 0; b < 256; b++) out.push(String.fromCodePoint(direct(b) ? b : 256 + extra++));
  return out;
}

/** The byte-level BPE vocabulary: tokens (ids in order), merges, token types. */
export function tinyVocabulary(): { tokens: string[]; merges: string[]; types: number[] } {
  const map = byteToUnicode();
  const tokens = [...map];
  const known = new Set(tokens);
  const merges: string[] = [];
  for (const word of WORDS) {
    const chars = [...Buffer.from(word, 'utf8')].map((b) => map[b] as string);
    let prefix = chars[0] as string;
    for (const ch of chars.slice(1)) {
      const merged = prefix + ch;
      if (!known.has(merged)) {
        known.add(merged);
        tokens.push(merged);
        merges.push(`${prefix} ${ch}`);
      }
      prefix = merged;
    }
  }
  const types = tokens.map(() => 1); // NORMAL
  for (const s of SPECIALS) {
    tokens.push(s);
    types.push(3); // CONTROL
  }
  return { tokens, merges, types };
}

/** Builds the tiny model's GGUF bytes; the same options give the same bytes. */
export function buildTinyLlamaGguf(options: TinyModelOptions = {}): Buffer {
  const seed = options.seed ?? 1;
  const nEmbd = options.embedding ?? 64;
  const nLayer = options.layers ?? 2;
  const nHead = options.heads ?? 4;
  const nKv = options.kvHeads ?? 2;
  const nFf = options.feedForward ?? 128;
  const ctx = options.contextLength ?? 1024;
  const outScale = options.outputScale ?? 0.35;
  const headDim = nEmbd / nHead;
  if (!Number.isInteger(headDim) || nHead % nKv !== 0)
    throw new Error('tiny model: embedding must divide by heads, heads by kvHeads');
  const { tokens, merges, types } = tinyVocabulary();
  const nVocab = tokens.length;
  const rng = createRng(seed);
  const normal = (std: number) => {
    const u = Math.max(rng.next(), 1e-12);
    return std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  };
  const random = (dims: number[], std: number): Float32Array => {
    const a = new Float32Array(dims.reduce((x, y) => x * y, 1));
    for (let i = 0; i < a.length; i++) a[i] = normal(std);
    return a;
  };
  const ones = (n: number) => new Float32Array(n).fill(1);
  const t = (name: string, dims: number[], data: Float32Array): GgufTensorIn => ({
    name,
    dims,
    data,
  });
  const tensors: GgufTensorIn[] = [
    t('token_embd.weight', [nEmbd, nVocab], random([nEmbd, nVocab], 1)),
    t('output_norm.weight', [nEmbd], ones(nEmbd)),
    t('output.weight', [nEmbd, nVocab], random([nEmbd, nVocab], outScale)),
  ];
  const w = 1 / Math.sqrt(nEmbd);
  for (let l = 0; l < nLayer; l++) {
    const p = `blk.${l}.`;
    tensors.push(
      t(`${p}attn_norm.weight`, [nEmbd], ones(nEmbd)),
      t(`${p}attn_q.weight`, [nEmbd, nEmbd], random([nEmbd, nEmbd], w)),
      t(`${p}attn_k.weight`, [nEmbd, nKv * headDim], random([nEmbd, nKv * headDim], w)),
      t(`${p}attn_v.weight`, [nEmbd, nKv * headDim], random([nEmbd, nKv * headDim], w)),
      t(`${p}attn_output.weight`, [nEmbd, nEmbd], random([nEmbd, nEmbd], w)),
      t(`${p}ffn_norm.weight`, [nEmbd], ones(nEmbd)),
      t(`${p}ffn_gate.weight`, [nEmbd, nFf], random([nEmbd, nFf], w)),
      t(`${p}ffn_up.weight`, [nEmbd, nFf], random([nEmbd, nFf], w)),
      t(`${p}ffn_down.weight`, [nFf, nEmbd], random([nFf, nEmbd], 1 / Math.sqrt(nFf))),
    );
  }
  const id = (s: string) => tokens.indexOf(s);
  const metadata: [string, GgufValue][] = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: `forkbench-tiny-llama-s${seed}` }],
    ['general.file_type', { type: 'u32', value: 0 }],
    ['llama.context_length', { type: 'u32', value: ctx }],
    ['llama.embedding_length', { type: 'u32', value: nEmbd }],
    ['llama.block_count', { type: 'u32', value: nLayer }],
    ['llama.feed_forward_length', { type: 'u32', value: nFf }],
    ['llama.attention.head_count', { type: 'u32', value: nHead }],
    ['llama.attention.head_count_kv', { type: 'u32', value: nKv }],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'f32', value: 1e-5 }],
    ['llama.rope.dimension_count', { type: 'u32', value: headDim }],
    ['llama.rope.freq_base', { type: 'f32', value: 10000 }],
    ['llama.vocab_size', { type: 'u32', value: nVocab }],
    ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
    ['tokenizer.ggml.pre', { type: 'string', value: 'gpt-2' }],
    ['tokenizer.ggml.tokens', { type: 'strings', value: tokens }],
    ['tokenizer.ggml.token_type', { type: 'i32s', value: types }],
    ['tokenizer.ggml.merges', { type: 'strings', value: merges }],
    ['tokenizer.ggml.bos_token_id', { type: 'u32', value: id('<|endoftext|>') }],
    ['tokenizer.ggml.eos_token_id', { type: 'u32', value: id('<|im_end|>') }],
    ['tokenizer.ggml.padding_token_id', { type: 'u32', value: id('<|endoftext|>') }],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: false }],
    ['tokenizer.chat_template', { type: 'string', value: CHATML_TEMPLATE }],
  ];
  return writeGguf(metadata, tensors);
}
